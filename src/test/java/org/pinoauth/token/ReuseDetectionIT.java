package org.pinoauth.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pinoauth.testing.Endpoints;
import org.pinoauth.testing.Endpoints.Tokens;
import org.pinoauth.testing.Http;
import org.pinoauth.testing.TestApps;
import org.pinoauth.testing.TestApps.TestApp;
import org.pinoauth.testing.TestCodes;
import org.pinoauth.testing.TestServer;

/**
 * Theft detection over HTTP with the default grace window of 0 s (CONTRACT §2.2, §2.3): a rotated
 * refresh token or a redeemed code presented again revokes everything issued from that
 * authorization.
 */
class ReuseDetectionIT {
  private static TestServer server;

  @BeforeAll
  static void startServer() {
    server = TestServer.start();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @Test
  void refreshWhenRotatedTokenReusedThenInvalidGrantAndFamilyRevoked() {
    TestApp app = TestApps.app().registerOn(server);
    Tokens first = Endpoints.issue(server, app, "pinner", "pins:read");
    Tokens successor = Endpoints.tokensOf(Endpoints.refresh(server, app, first.refresh()));
    assertTrue(Endpoints.isActive(server, app, successor.access()));

    Http.Response reused = Endpoints.refresh(server, app, first.refresh());

    assertInvalidGrant(reused);
    assertInvalidGrant(Endpoints.refresh(server, app, successor.refresh()));
    assertFalse(Endpoints.isActive(server, app, successor.access()));
    assertFalse(Endpoints.isActive(server, app, successor.refresh()));
    assertFalse(Endpoints.isActive(server, app, first.access()));
  }

  @Test
  void refreshWhenRotatedTokenReusedThenOtherAuthorizationsOfSameUserUntouched() {
    TestApp app = TestApps.app().registerOn(server);
    Tokens stolen = Endpoints.issue(server, app, "pinner", "pins:read");
    Tokens unrelated = Endpoints.issue(server, app, "pinner", "pins:read");
    Endpoints.tokensOf(Endpoints.refresh(server, app, stolen.refresh()));

    assertInvalidGrant(Endpoints.refresh(server, app, stolen.refresh()));

    assertTrue(Endpoints.isActive(server, app, unrelated.access()));
    assertEquals(200, Endpoints.refresh(server, app, unrelated.refresh()).status());
  }

  @Test
  void tokenWhenCodeReplayedThenInvalidGrantAndTokensOfFirstExchangeRevoked() {
    TestApp app = TestApps.app().registerOn(server);
    String code = TestCodes.code(app).scopes("pins:read").issueOn(server);
    Tokens first = Endpoints.tokensOf(Endpoints.exchange(server, app, code));

    Http.Response replayed = Endpoints.exchange(server, app, code);

    assertInvalidGrant(replayed);
    assertFalse(Endpoints.isActive(server, app, first.access()));
    assertInvalidGrant(Endpoints.refresh(server, app, first.refresh()));
  }

  @Test
  void tokenWhenCodeReplayedAfterRotationThenTokensOfLaterRotationsRevokedToo() {
    TestApp app = TestApps.app().registerOn(server);
    String code = TestCodes.code(app).scopes("pins:read").issueOn(server);
    Tokens first = Endpoints.tokensOf(Endpoints.exchange(server, app, code));
    Tokens successor = Endpoints.tokensOf(Endpoints.refresh(server, app, first.refresh()));

    assertInvalidGrant(Endpoints.exchange(server, app, code));

    assertFalse(Endpoints.isActive(server, app, successor.access()));
    assertInvalidGrant(Endpoints.refresh(server, app, successor.refresh()));
  }

  private static void assertInvalidGrant(Http.Response response) {
    assertEquals(400, response.status(), response.body());
    assertEquals("invalid_grant", response.string("error"));
    assertEquals(283, response.number("code"));
  }
}
