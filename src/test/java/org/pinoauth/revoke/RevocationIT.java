package org.pinoauth.revoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pinoauth.testing.Endpoints;
import org.pinoauth.testing.Endpoints.Tokens;
import org.pinoauth.testing.Http;
import org.pinoauth.testing.TestApps;
import org.pinoauth.testing.TestApps.TestApp;
import org.pinoauth.testing.TestServerExtension;

/** {@code POST /v5/oauth/token/revoke} over HTTP (CONTRACT §3, RFC 7009). */
class RevocationIT {
  private static final String SCOPES = "pins:read user_accounts:read";

  @RegisterExtension static final TestServerExtension server = TestServerExtension.start();

  private static TestApp newApp() {
    return TestApps.app().scopes(SCOPES).registerOn(server.get());
  }

  @Test
  void revokeWhenAccessTokenThenOkWithEmptyBodyAndTokenDead() {
    TestApp app = newApp();
    Tokens tokens = Endpoints.issue(server.get(), app, "pinner", SCOPES);
    assertEquals(200, Endpoints.userAccount(server.get(), tokens.access()).status());

    Http.Response revoked = Endpoints.revoke(server.get(), app, "token", tokens.access());

    assertEquals(200, revoked.status(), revoked.body());
    assertEquals("", revoked.body());
    assertFalse(Endpoints.isActive(server.get(), app, tokens.access()));
    Http.Response account = Endpoints.userAccount(server.get(), tokens.access());
    assertEquals(401, account.status(), account.body());
    assertEquals(2, account.number("code"));
  }

  @Test
  void revokeWhenRefreshTokenThenWholeFamilyRevoked() {
    TestApp app = newApp();
    Tokens tokens = Endpoints.issue(server.get(), app, "pinner", SCOPES);

    Http.Response revoked = Endpoints.revoke(server.get(), app, "token", tokens.refresh());

    assertEquals(200, revoked.status(), revoked.body());
    assertEquals("", revoked.body());
    assertInvalidGrant(Endpoints.refresh(server.get(), app, tokens.refresh()));
    assertFalse(Endpoints.isActive(server.get(), app, tokens.refresh()));
    assertFalse(Endpoints.isActive(server.get(), app, tokens.access()));
  }

  @Test
  void revokeWhenRefreshTokenThenTokensOfEarlierRotationsRevokedToo() {
    TestApp app = newApp();
    Tokens first = Endpoints.issue(server.get(), app, "pinner", SCOPES);
    Tokens second = Endpoints.tokensOf(Endpoints.refresh(server.get(), app, first.refresh()));

    Http.Response revoked = Endpoints.revoke(server.get(), app, "token", second.refresh());

    assertEquals(200, revoked.status(), revoked.body());
    assertFalse(Endpoints.isActive(server.get(), app, first.access()));
    assertFalse(Endpoints.isActive(server.get(), app, second.access()));
    assertInvalidGrant(Endpoints.refresh(server.get(), app, second.refresh()));
  }

  @Test
  void revokeWhenAppTokenThenRevoked() {
    TestApp app = newApp();
    String token = Endpoints.appToken(server.get(), app, "user_accounts:read");

    Http.Response revoked = Endpoints.revoke(server.get(), app, "token", token);

    assertEquals(200, revoked.status(), revoked.body());
    assertFalse(Endpoints.isActive(server.get(), app, token));
    assertEquals(401, Endpoints.userAccount(server.get(), token).status());
  }

  @Test
  void revokeWhenHintAccessTokenThenAccessTokenRevoked() {
    TestApp app = newApp();
    Tokens tokens = Endpoints.issue(server.get(), app, "pinner", SCOPES);

    Http.Response revoked =
        Endpoints.revoke(
            server.get(), app, "token", tokens.access(), "token_type_hint", "access_token");

    assertEquals(200, revoked.status(), revoked.body());
    assertFalse(Endpoints.isActive(server.get(), app, tokens.access()));
  }

  @Test
  void revokeWhenAccessTokenRevokedThenNoOtherSpellingOfItWorks() {
    TestApp app = newApp();
    String token = Endpoints.appToken(server.get(), app, "user_accounts:read");

    assertEquals(200, Endpoints.revoke(server.get(), app, "token", token).status());

    // base64url decoders also take padding; the seal must not open under another spelling.
    for (String respelled : new String[] {token + "=", token + "==", token + "%3D%3D"}) {
      assertFalse(Endpoints.isActive(server.get(), app, respelled), respelled);
      assertEquals(401, Endpoints.userAccount(server.get(), respelled).status(), respelled);
    }
  }

  @Test
  void revokeWhenHintRefreshTokenThenFamilyRevoked() {
    TestApp app = newApp();
    Tokens tokens = Endpoints.issue(server.get(), app, "pinner", SCOPES);

    Http.Response revoked =
        Endpoints.revoke(
            server.get(), app, "token", tokens.refresh(), "token_type_hint", "refresh_token");

    assertEquals(200, revoked.status(), revoked.body());
    assertInvalidGrant(Endpoints.refresh(server.get(), app, tokens.refresh()));
    assertFalse(Endpoints.isActive(server.get(), app, tokens.access()));
  }

  @Test
  void revokeWhenAccessTokenHintedAsRefreshTokenThenStillFoundAndRevoked() {
    TestApp app = newApp();
    Tokens tokens = Endpoints.issue(server.get(), app, "pinner", SCOPES);

    Http.Response revoked =
        Endpoints.revoke(
            server.get(), app, "token", tokens.access(), "token_type_hint", "refresh_token");

    assertEquals(200, revoked.status(), revoked.body());
    assertFalse(Endpoints.isActive(server.get(), app, tokens.access()));
  }

  @Test
  void revokeWhenRefreshTokenHintedAsAccessTokenThenStillFoundAndFamilyRevoked() {
    TestApp app = newApp();
    Tokens tokens = Endpoints.issue(server.get(), app, "pinner", SCOPES);

    Http.Response revoked =
        Endpoints.revoke(
            server.get(), app, "token", tokens.refresh(), "token_type_hint", "access_token");

    assertEquals(200, revoked.status(), revoked.body());
    assertInvalidGrant(Endpoints.refresh(server.get(), app, tokens.refresh()));
    assertFalse(Endpoints.isActive(server.get(), app, tokens.access()));
  }

  @Test
  void revokeWhenClientSecretPostThenRevoked() {
    TestApp app = newApp();
    Tokens tokens = Endpoints.issue(server.get(), app, "pinner", SCOPES);

    Http.Response revoked =
        Http.postForm(
            server.uri("/v5/oauth/token/revoke"),
            null,
            Http.form(
                "client_id", app.clientId(),
                "client_secret", app.secret(),
                "token", tokens.access()));

    assertEquals(200, revoked.status(), revoked.body());
    assertEquals("", revoked.body());
    assertFalse(Endpoints.isActive(server.get(), app, tokens.access()));
  }

  @Test
  void revokeWhenTokenUnknownThenOk() {
    TestApp app = newApp();

    Http.Response revoked = Endpoints.revoke(server.get(), app, "token", "pina_no-such-token");

    assertEquals(200, revoked.status(), revoked.body());
    assertEquals("", revoked.body());
  }

  @Test
  void revokeWhenTokenOfAnotherAppThenForbiddenAndNothingRevoked() {
    TestApp owner = newApp();
    TestApp other = newApp();
    Tokens tokens = Endpoints.issue(server.get(), owner, "pinner", SCOPES);

    Http.Response refused = Endpoints.revoke(server.get(), other, "token", tokens.access());

    assertAccessDenied(refused);
    assertTrue(Endpoints.isActive(server.get(), owner, tokens.access()));
    assertEquals(200, Endpoints.userAccount(server.get(), tokens.access()).status());
  }

  @Test
  void revokeWhenRefreshTokenOfAnotherAppThenForbiddenAndFamilyKept() {
    TestApp owner = newApp();
    TestApp other = newApp();
    Tokens tokens = Endpoints.issue(server.get(), owner, "pinner", SCOPES);

    Http.Response refused =
        Endpoints.revoke(
            server.get(), other, "token", tokens.refresh(), "token_type_hint", "refresh_token");

    assertAccessDenied(refused);
    assertTrue(Endpoints.isActive(server.get(), owner, tokens.access()));
    Http.Response refreshed = Endpoints.refresh(server.get(), owner, tokens.refresh());
    assertEquals(200, refreshed.status(), refreshed.body());
  }

  @Test
  void revokeWhenClientSecretWrongThenUnauthorizedAndNothingRevoked() {
    TestApp app = newApp();
    Tokens tokens = Endpoints.issue(server.get(), app, "pinner", SCOPES);

    Http.Response refused =
        Http.postForm(
            server.uri("/v5/oauth/token/revoke"),
            Http.basic(app.clientId(), "wrong-secret"),
            Http.form("token", tokens.access()));

    assertEquals(401, refused.status(), refused.body());
    assertEquals(2, refused.number("code"));
    assertEquals("invalid_client", refused.string("error"));
    assertEquals("Authentication failed.", refused.string("message"));
    assertEquals("Basic realm=\"pinoauth\"", refused.header("WWW-Authenticate").orElse(null));
    assertTrue(Endpoints.isActive(server.get(), app, tokens.access()));
  }

  @Test
  void revokeWhenNoClientCredentialsThenUnauthorized() {
    TestApp app = newApp();
    Tokens tokens = Endpoints.issue(server.get(), app, "pinner", SCOPES);

    Http.Response refused =
        Http.postForm(
            server.uri("/v5/oauth/token/revoke"), null, Http.form("token", tokens.access()));

    assertEquals(401, refused.status(), refused.body());
    assertEquals(2, refused.number("code"));
    assertTrue(refused.header("WWW-Authenticate").orElse("").startsWith("Basic"));
    assertTrue(Endpoints.isActive(server.get(), app, tokens.access()));
  }

  @Test
  void revokeWhenTokenMissingThenInvalidRequest() {
    TestApp app = newApp();

    Http.Response refused = Endpoints.revoke(server.get(), app, "token_type_hint", "access_token");

    assertEquals(400, refused.status(), refused.body());
    assertEquals("invalid_request", refused.string("error"));
    assertEquals(1, refused.number("code"));
  }

  @Test
  void revokeWhenGetThenMethodNotAllowedWithAllowPost() {
    Http.Response refused = Http.get(server.uri("/v5/oauth/token/revoke"));

    assertEquals(405, refused.status(), refused.body());
    assertEquals("POST", refused.header("Allow").orElse(null));
    assertEquals("invalid_request", refused.string("error"));
  }

  @Test
  void revokeWhenAnsweredThenRequestIdAndNoStoreOnEveryAnswer() {
    TestApp app = newApp();
    TestApp other = newApp();
    Tokens tokens = Endpoints.issue(server.get(), app, "pinner", SCOPES);

    List<Http.Response> answers =
        List.of(
            Endpoints.revoke(server.get(), other, "token", tokens.access()),
            Endpoints.revoke(server.get(), app, "token", tokens.access()),
            Endpoints.revoke(server.get(), app, "token", "pina_no-such-token"),
            Endpoints.revoke(server.get(), app),
            Http.postForm(
                server.uri("/v5/oauth/token/revoke"),
                Http.basic(app.clientId(), "wrong-secret"),
                Http.form("token", tokens.refresh())));

    assertEquals(List.of(403, 200, 200, 400, 401), answers.stream().map(a -> a.status()).toList());
    for (Http.Response answer : answers) {
      String requestId = answer.header("x-pinterest-rid").orElse("");
      assertFalse(requestId.isBlank(), "x-pinterest-rid on " + answer);
      assertEquals("no-store", answer.header("Cache-Control").orElse(null), answer.toString());
    }
    assertNotEquals(
        answers.get(0).header("x-pinterest-rid"), answers.get(1).header("x-pinterest-rid"));
  }

  private static void assertInvalidGrant(Http.Response response) {
    assertEquals(400, response.status(), response.body());
    assertEquals("invalid_grant", response.string("error"));
    assertEquals(283, response.number("code"));
  }

  private static void assertAccessDenied(Http.Response response) {
    assertEquals(403, response.status(), response.body());
    assertEquals(29, response.number("code"));
    assertEquals("You are not permitted to access that resource.", response.string("message"));
    assertEquals("access_denied", response.string("error"));
  }
}
