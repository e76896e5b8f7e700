package org.pinoauth.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pinoauth.testing.Endpoints;
import org.pinoauth.testing.Endpoints.Tokens;
import org.pinoauth.testing.Http;
import org.pinoauth.testing.TestApps;
import org.pinoauth.testing.TestApps.TestApp;
import org.pinoauth.testing.TestCodes;
import org.pinoauth.testing.TestServerExtension;

/**
 * Theft detection over HTTP with the default grace window of 0 s (CONTRACT §2.2, §2.3): a rotated
 * refresh token or a redeemed code presented again revokes everything issued from that
 * authorization.
 */
class ReuseDetectionIT {

  @RegisterExtension static final TestServerExtension server = TestServerExtension.start();

  @Test
  void refreshWhenRotatedTokenReusedThenInvalidGrantAndFamilyRevoked() {
    TestApp app = TestApps.app().registerOn(server.get());
    Tokens first = Endpoints.issue(server.get(), app, "pinner", "pins:read");
    Tokens successor = Endpoints.tokensOf(Endpoints.refresh(server.get(), app, first.refresh()));
    assertTrue(Endpoints.isActive(server.get(), app, successor.access()));

    Http.Response reused = Endpoints.refresh(server.get(), app, first.refresh());

    assertInvalidGrant(reused);
    assertInvalidGrant(Endpoints.refresh(server.get(), app, successor.refresh()));
    assertFalse(Endpoints.isActive(server.get(), app, successor.access()));
    assertFalse(Endpoints.isActive(server.get(), app, successor.refresh()));
    assertFalse(Endpoints.isActive(server.get(), app, first.access()));
  }

  @Test
  void refreshWhenRotatedTokenReusedThenOtherAuthorizationsOfSameUserUntouched() {
    TestApp app = TestApps.app().registerOn(server.get());
    Tokens stolen = Endpoints.issue(server.get(), app, "pinner", "pins:read");
    Tokens unrelated = Endpoints.issue(server.get(), app, "pinner", "pins:read");
    Endpoints.tokensOf(Endpoints.refresh(server.get(), app, stolen.refresh()));

    assertInvalidGrant(Endpoints.refresh(server.get(), app, stolen.refresh()));

    assertTrue(Endpoints.isActive(server.get(), app, unrelated.access()));
    assertEquals(200, Endpoints.refresh(server.get(), app, unrelated.refresh()).status());
  }

  @Test
  void tokenWhenCodeReplayedThenInvalidGrantAndTokensOfFirstExchangeRevoked() {
    TestApp app = TestApps.app().registerOn(server.get());
    String code = TestCodes.code(app).scopes("pins:read").issueOn(server.get());
    Tokens first = Endpoints.tokensOf(Endpoints.exchange(server.get(), app, code));

    Http.Response replayed = Endpoints.exchange(server.get(), app, code);

    assertInvalidGrant(replayed);
    assertFalse(Endpoints.isActive(server.get(), app, first.access()));
    assertInvalidGrant(Endpoints.refresh(server.get(), app, first.refresh()));
  }

  @Test
  void tokenWhenCodeReplayedAfterRotationThenTokensOfLaterRotationsRevokedToo() {
    TestApp app = TestApps.app().registerOn(server.get());
    String code = TestCodes.code(app).scopes("pins:read").issueOn(server.get());
    Tokens first = Endpoints.tokensOf(Endpoints.exchange(server.get(), app, code));
    Tokens successor = Endpoints.tokensOf(Endpoints.refresh(server.get(), app, first.refresh()));

    assertInvalidGrant(Endpoints.exchange(server.get(), app, code));

    assertFalse(Endpoints.isActive(server.get(), app, successor.access()));
    assertInvalidGrant(Endpoints.refresh(server.get(), app, successor.refresh()));
  }

  private static void assertInvalidGrant(Http.Response response) {
    assertEquals(400, response.status(), response.body());
    assertEquals("invalid_grant", response.string("error"));
    assertEquals(283, response.number("code"));
  }
}
