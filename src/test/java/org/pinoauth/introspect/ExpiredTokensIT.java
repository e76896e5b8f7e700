package org.pinoauth.introspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pinoauth.client.RefreshMode;
import org.pinoauth.testing.Endpoints;
import org.pinoauth.testing.Endpoints.Tokens;
import org.pinoauth.testing.Http;
import org.pinoauth.testing.TestApps;
import org.pinoauth.testing.TestApps.TestApp;
import org.pinoauth.testing.TestServer;

/**
 * Expired tokens, on a server whose access tokens and continuous refresh tokens live 0 seconds and
 * so expire as they are issued (no clock can be moved over HTTP). Legacy refresh tokens keep their
 * 365 days, so a legacy app shows that only the expired token is refused.
 */
class ExpiredTokensIT {
  private static final String SCOPES = "pins:read user_accounts:read";

  private static TestServer server;

  @BeforeAll
  static void startServer() {
    server =
        TestServer.builder()
            .setting("access.token.ttl", "0")
            .setting("refresh.token.ttl", "0")
            .start();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @Test
  void introspectWhenAccessTokenExpiredThenInactiveOnly() {
    TestApp app = TestApps.app().registerOn(server);
    Tokens tokens = Endpoints.issue(server, app, "pinner", SCOPES);

    Http.Response answer = Endpoints.introspect(server, app, tokens.access());

    assertEquals(200, answer.status(), answer.body());
    assertEquals(Map.of("active", false), answer.json());
  }

  @Test
  void introspectWhenRefreshTokenExpiredThenInactiveOnlyAndItNoLongerRefreshes() {
    TestApp app = TestApps.app().registerOn(server);
    Tokens tokens = Endpoints.issue(server, app, "pinner", SCOPES);

    Http.Response answer = Endpoints.introspect(server, app, tokens.refresh());

    assertEquals(200, answer.status(), answer.body());
    assertEquals(Map.of("active", false), answer.json());
    Http.Response refused = Endpoints.refresh(server, app, tokens.refresh());
    assertEquals(400, refused.status(), refused.body());
    assertEquals("invalid_grant", refused.string("error"));
  }

  @Test
  void introspectWhenAccessTokenExpiredThenLegacyRefreshTokenIssuedWithItStillActive() {
    TestApp app = TestApps.app().refreshMode(RefreshMode.LEGACY).registerOn(server);
    Tokens tokens = Endpoints.issue(server, app, "pinner", SCOPES);

    assertEquals(
        Map.of("active", false), Endpoints.introspect(server, app, tokens.access()).json());
    assertTrue(Endpoints.isActive(server, app, tokens.refresh()));
    Http.Response refreshed = Endpoints.refresh(server, app, tokens.refresh());
    assertEquals(200, refreshed.status(), refreshed.body());
    assertEquals("refresh_token", refreshed.string("response_type"));
  }

  @Test
  void userAccountWhenAccessTokenExpiredThenUnauthorized() {
    TestApp app = TestApps.app().registerOn(server);
    Tokens tokens = Endpoints.issue(server, app, "pinner", SCOPES);

    Http.Response refused = Endpoints.userAccount(server, tokens.access());

    assertEquals(401, refused.status(), refused.body());
    assertEquals(2, refused.number("code"));
    String challenge = refused.header("WWW-Authenticate").orElse("");
    assertTrue(challenge.startsWith("Bearer") && challenge.contains("invalid_token"), challenge);
  }
}
