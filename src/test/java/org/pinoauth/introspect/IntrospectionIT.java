package org.pinoauth.introspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pinoauth.testing.Endpoints;
import org.pinoauth.testing.Endpoints.Tokens;
import org.pinoauth.testing.Http;
import org.pinoauth.testing.TestApps;
import org.pinoauth.testing.TestApps.TestApp;
import org.pinoauth.testing.TestServerExtension;

/** {@code POST /v5/oauth/introspect} over HTTP (CONTRACT §4, RFC 7662). */
class IntrospectionIT {
  private static final long ACCESS_TTL = 2_592_000;
  private static final long REFRESH_TTL = 5_184_000;
  private static final Set<String> ACTIVE_FIELDS =
      Set.of(
          "active",
          "scope",
          "client_id",
          "username",
          "token_type",
          "exp",
          "iat",
          "sub",
          "token_use");

  @RegisterExtension static final TestServerExtension server = TestServerExtension.start();

  @Test
  void introspectWhenAccessTokenActiveThenAllClaims() {
    TestApp app = TestApps.app().registerOn(server.get());
    long before = Instant.now().getEpochSecond();
    Tokens tokens = Endpoints.issue(server.get(), app, "pinner", "pins:read,boards:read");
    long after = Instant.now().getEpochSecond();

    Http.Response answer = Endpoints.introspect(server.get(), app, tokens.access());

    assertEquals(200, answer.status(), answer.body());
    assertTrue(answer.header("Content-Type").orElse("").startsWith("application/json"));
    Map<String, Object> claims = answer.json();
    assertEquals(ACTIVE_FIELDS, claims.keySet());
    assertEquals(true, claims.get("active"));
    assertEquals("boards:read pins:read", claims.get("scope"));
    assertEquals(app.clientId(), claims.get("client_id"));
    assertEquals("pinner", claims.get("username"));
    assertEquals("pinner", claims.get("sub"));
    assertEquals("bearer", claims.get("token_type"));
    long iat = answer.number("iat");
    assertTrue(before <= iat && iat <= after, "iat " + iat + " not in [" + before + ", " + after);
    assertEquals(iat + ACCESS_TTL, answer.number("exp"));
  }

  @Test
  void introspectWhenRefreshTokenActiveThenRefreshTokenType() {
    TestApp app = TestApps.app().registerOn(server.get());
    Tokens tokens = Endpoints.issue(server.get(), app, "pinner", "pins:read");

    Http.Response answer = Endpoints.introspect(server.get(), app, tokens.refresh());

    assertEquals(200, answer.status(), answer.body());
    assertEquals(ACTIVE_FIELDS, answer.json().keySet());
    assertEquals(true, answer.json().get("active"));
    assertEquals("refresh_token", answer.string("token_type"));
    assertEquals("pins:read", answer.string("scope"));
    assertEquals(app.clientId(), answer.string("client_id"));
    assertEquals("pinner", answer.string("username"));
    assertEquals(answer.number("iat") + REFRESH_TTL, answer.number("exp"));
  }

  @Test
  void introspectWhenAccessTokenHintedAsRefreshTokenThenStillFound() {
    TestApp app = TestApps.app().registerOn(server.get());
    Tokens tokens = Endpoints.issue(server.get(), app, "pinner", "pins:read");

    Http.Response answer =
        Http.postForm(
            server.uri("/v5/oauth/introspect"),
            Http.basic(app.clientId(), app.secret()),
            Http.form("token", tokens.access(), "token_type_hint", "refresh_token"));

    assertEquals(200, answer.status(), answer.body());
    assertEquals(true, answer.json().get("active"));
    assertEquals("bearer", answer.string("token_type"));
  }

  @Test
  void introspectWhenAccessTokenRevokedThenInactiveOnly() {
    TestApp app = TestApps.app().registerOn(server.get());
    Tokens tokens = Endpoints.issue(server.get(), app, "pinner", "pins:read");
    assertEquals(200, Endpoints.revoke(server.get(), app, "token", tokens.access()).status());

    Http.Response answer = Endpoints.introspect(server.get(), app, tokens.access());

    assertEquals(200, answer.status(), answer.body());
    assertEquals(Map.of("active", false), answer.json());
  }

  @Test
  void introspectWhenRefreshTokenRevokedThenInactiveOnly() {
    TestApp app = TestApps.app().registerOn(server.get());
    Tokens tokens = Endpoints.issue(server.get(), app, "pinner", "pins:read");
    assertEquals(200, Endpoints.revoke(server.get(), app, "token", tokens.refresh()).status());

    Http.Response answer = Endpoints.introspect(server.get(), app, tokens.refresh());

    assertEquals(200, answer.status(), answer.body());
    assertEquals(Map.of("active", false), answer.json());
  }

  @Test
  void introspectWhenTokenUnknownThenInactiveOnly() {
    TestApp app = TestApps.app().registerOn(server.get());

    Http.Response answer = Endpoints.introspect(server.get(), app, "pina_no-such-token");

    assertEquals(200, answer.status(), answer.body());
    assertEquals(Map.of("active", false), answer.json());
  }

  @Test
  void introspectWhenRefreshTokenRotatedThenInactiveAndSuccessorActive() {
    TestApp app = TestApps.app().registerOn(server.get());
    Tokens first = Endpoints.issue(server.get(), app, "pinner", "pins:read");
    Tokens second = Endpoints.tokensOf(Endpoints.refresh(server.get(), app, first.refresh()));

    Http.Response answer = Endpoints.introspect(server.get(), app, first.refresh());

    assertEquals(200, answer.status(), answer.body());
    assertEquals(Map.of("active", false), answer.json());
    assertTrue(Endpoints.isActive(server.get(), app, second.refresh()));
  }

  @Test
  void introspectWhenTokenOfAnotherAppThenActiveWithThatAppsClientId() {
    TestApp client = TestApps.app().registerOn(server.get());
    TestApp resourceServer = TestApps.app().registerOn(server.get());
    Tokens tokens = Endpoints.issue(server.get(), client, "pinner", "pins:read");

    Http.Response answer = Endpoints.introspect(server.get(), resourceServer, tokens.access());

    assertEquals(200, answer.status(), answer.body());
    assertEquals(true, answer.json().get("active"));
    assertEquals(client.clientId(), answer.string("client_id"));
    assertEquals("pinner", answer.string("username"));
  }

  @Test
  void introspectWhenAppTokenThenUsernameIsAppOwner() {
    TestApp app = TestApps.app().owner("shop").registerOn(server.get());
    String token = Endpoints.appToken(server.get(), app, "pins:read");

    Http.Response answer = Endpoints.introspect(server.get(), app, token);

    assertEquals(200, answer.status(), answer.body());
    assertEquals(true, answer.json().get("active"));
    assertEquals("shop", answer.string("username"));
    assertEquals("shop", answer.string("sub"));
    assertEquals("bearer", answer.string("token_type"));
    assertEquals("pins:read", answer.string("scope"));
    assertEquals(app.clientId(), answer.string("client_id"));
  }

  @Test
  void introspectWhenAppOwnerChangedThenOldAppTokenInactiveAndNewOneNamesNewOwner() {
    TestApp app = TestApps.app().owner("shop").registerOn(server.get());
    String before = Endpoints.appToken(server.get(), app, "pins:read");

    Endpoints.patchApp(server.get(), app, "{\"owner\": \"new-shop\"}");

    assertEquals(Map.of("active", false), Endpoints.introspect(server.get(), app, before).json());
    Http.Response after =
        Endpoints.introspect(server.get(), app, Endpoints.appToken(server.get(), app, "pins:read"));
    assertEquals(true, after.json().get("active"), after.body());
    assertEquals("new-shop", after.string("username"));
  }

  @Test
  void introspectWhenTokenMissingThenInvalidRequest() {
    TestApp app = TestApps.app().registerOn(server.get());

    Http.Response refused =
        Http.postForm(
            server.uri("/v5/oauth/introspect"),
            Http.basic(app.clientId(), app.secret()),
            Http.form("token_type_hint", "access_token"));

    assertEquals(400, refused.status(), refused.body());
    assertEquals("invalid_request", refused.string("error"));
    assertEquals(1, refused.number("code"));
  }

  @Test
  void introspectWhenClientSecretWrongThenUnauthorizedWithoutClaims() {
    TestApp app = TestApps.app().registerOn(server.get());
    Tokens tokens = Endpoints.issue(server.get(), app, "pinner", "pins:read");

    Http.Response refused =
        Http.postForm(
            server.uri("/v5/oauth/introspect"),
            Http.basic(app.clientId(), "wrong-secret"),
            Http.form("token", tokens.access()));

    assertEquals(401, refused.status(), refused.body());
    assertEquals(2, refused.number("code"));
    assertEquals("invalid_client", refused.string("error"));
    assertEquals("Basic realm=\"pinoauth\"", refused.header("WWW-Authenticate").orElse(null));
    assertFalse(refused.json().containsKey("active"), refused.body());
    assertFalse(refused.json().containsKey("username"), refused.body());
  }

  @Test
  void introspectWhenNoClientCredentialsThenUnauthorized() {
    TestApp app = TestApps.app().registerOn(server.get());
    Tokens tokens = Endpoints.issue(server.get(), app, "pinner", "pins:read");

    Http.Response refused =
        Http.postForm(
            server.uri("/v5/oauth/introspect"), null, Http.form("token", tokens.access()));

    assertEquals(401, refused.status(), refused.body());
    assertEquals("invalid_client", refused.string("error"));
    assertFalse(refused.json().containsKey("active"), refused.body());
  }
}
