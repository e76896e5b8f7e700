package org.pinoauth.introspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pinoauth.client.RefreshMode;
import org.pinoauth.testing.Endpoints;
import org.pinoauth.testing.Endpoints.Tokens;
import org.pinoauth.testing.Http;
import org.pinoauth.testing.TestApps;
import org.pinoauth.testing.TestApps.TestApp;
import org.pinoauth.testing.TestServerExtension;

/**
 * Expired tokens, on a server whose access tokens and continuous refresh tokens live 0 seconds and
 * so expire as they are issued (no clock can be moved over HTTP). Legacy refresh tokens keep their
 * 365 days, so a legacy app shows that only the expired token is refused.
 */
class ExpiredTokensIT {
  private static final String SCOPES = "pins:read user_accounts:read";

  @RegisterExtension
  static final TestServerExtension server =
      TestServerExtension.of(
          builder -> builder.setting("access.token.ttl", "0").setting("refresh.token.ttl", "0"));

  @Test
  void introspectWhenAccessTokenExpiredThenInactiveOnly() {
    TestApp app = TestApps.app().registerOn(server.get());
    Tokens tokens = Endpoints.issue(server.get(), app, "pinner", SCOPES);

    Http.Response answer = Endpoints.introspect(server.get(), app, tokens.access());

    assertEquals(200, answer.status(), answer.body());
    assertEquals(Map.of("active", false), answer.json());
  }

  @Test
  void introspectWhenRefreshTokenExpiredThenInactiveOnlyAndItNoLongerRefreshes() {
    TestApp app = TestApps.app().registerOn(server.get());
    Tokens tokens = Endpoints.issue(server.get(), app, "pinner", SCOPES);

    Http.Response answer = Endpoints.introspect(server.get(), app, tokens.refresh());

    assertEquals(200, answer.status(), answer.body());
    assertEquals(Map.of("active", false), answer.json());
    Http.Response refused = Endpoints.refresh(server.get(), app, tokens.refresh());
    assertEquals(400, refused.status(), refused.body());
    assertEquals("invalid_grant", refused.string("error"));
  }

  @Test
  void introspectWhenAccessTokenExpiredThenLegacyRefreshTokenIssuedWithItStillActive() {
    TestApp app = TestApps.app().refreshMode(RefreshMode.LEGACY).registerOn(server.get());
    Tokens tokens = Endpoints.issue(server.get(), app, "pinner", SCOPES);

    assertEquals(
        Map.of("active", false), Endpoints.introspect(server.get(), app, tokens.access()).json());
    assertTrue(Endpoints.isActive(server.get(), app, tokens.refresh()));
    Http.Response refreshed = Endpoints.refresh(server.get(), app, tokens.refresh());
    assertEquals(200, refreshed.status(), refreshed.body());
    assertEquals("refresh_token", refreshed.string("response_type"));
  }

  @Test
  void userAccountWhenAccessTokenExpiredThenUnauthorized() {
    TestApp app = TestApps.app().registerOn(server.get());
    Tokens tokens = Endpoints.issue(server.get(), app, "pinner", SCOPES);

    Http.Response refused = Endpoints.userAccount(server.get(), tokens.access());

    assertEquals(401, refused.status(), refused.body());
    assertEquals(2, refused.number("code"));
    String challenge = refused.header("WWW-Authenticate").orElse("");
    assertTrue(challenge.startsWith("Bearer") && challenge.contains("invalid_token"), challenge);
  }
}
