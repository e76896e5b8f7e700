package org.pinoauth.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pinoauth.testing.Endpoints;
import org.pinoauth.testing.Endpoints.Tokens;
import org.pinoauth.testing.Http;
import org.pinoauth.testing.MutableClock;
import org.pinoauth.testing.TestApps;
import org.pinoauth.testing.TestApps.TestApp;
import org.pinoauth.testing.TestServerExtension;

/**
 * The refresh reuse grace window (CONTRACT §2.3), here 30 s: a rotated refresh token presented
 * again within it (a client that lost the first answer) gets a new pair and revokes nothing; after
 * it, the reuse revokes the family. The server runs on a {@link MutableClock}, so the window passes
 * without waiting.
 */
class ReuseGraceWindowIT {
  /**
   * To the millisecond, as the store keeps times, so that 30 s after a rotation is exactly 30 s.
   */
  private static final MutableClock CLOCK =
      new MutableClock(Instant.now().truncatedTo(ChronoUnit.MILLIS));

  @RegisterExtension
  static final TestServerExtension server =
      TestServerExtension.of(builder -> builder.setting("refresh.reuse.grace", "30").clock(CLOCK));

  /** Refreshes {@code tokens} once: the pair that succeeds them. */
  private static Tokens rotate(TestApp app, Tokens tokens) {
    return Endpoints.tokensOf(Endpoints.refresh(server.get(), app, tokens.refresh()));
  }

  @Test
  void refreshWhenRotatedTokenReusedWithinGraceThenNewPairAndNothingRevoked() {
    TestApp app = TestApps.app().registerOn(server.get());
    Tokens first = Endpoints.issue(server.get(), app, "pinner", "pins:read");
    Tokens successor = rotate(app, first);

    Http.Response again = Endpoints.refresh(server.get(), app, first.refresh());

    Tokens answeredAgain = Endpoints.tokensOf(again);
    assertEquals("everlasting_refresh", again.string("response_type"));
    assertEquals("pins:read", again.string("scope"));
    assertNotEquals(successor.access(), answeredAgain.access());
    assertNotEquals(successor.refresh(), answeredAgain.refresh());
    assertTrue(Endpoints.isActive(server.get(), app, successor.access()));
    assertTrue(Endpoints.isActive(server.get(), app, answeredAgain.access()));
    assertTrue(Endpoints.isActive(server.get(), app, first.access()));
    Http.Response successorRefreshed = Endpoints.refresh(server.get(), app, successor.refresh());
    assertEquals(200, successorRefreshed.status(), successorRefreshed.body());
    Http.Response againRefreshed = Endpoints.refresh(server.get(), app, answeredAgain.refresh());
    assertEquals(200, againRefreshed.status(), againRefreshed.body());
  }

  @Test
  void refreshWhenRotatedTokenReusedAfterGraceThenFamilyRevoked() {
    TestApp app = TestApps.app().registerOn(server.get());
    Tokens first = Endpoints.issue(server.get(), app, "pinner", "pins:read");
    Tokens successor = rotate(app, first);
    CLOCK.advance(Duration.ofSeconds(31));

    Http.Response reused = Endpoints.refresh(server.get(), app, first.refresh());

    assertEquals(400, reused.status(), reused.body());
    assertEquals("invalid_grant", reused.string("error"));
    assertTrue(reused.string("message").contains("revoked"), reused.body());
    assertFalse(Endpoints.isActive(server.get(), app, first.access()));
    assertFalse(Endpoints.isActive(server.get(), app, successor.access()));
    assertFalse(Endpoints.isActive(server.get(), app, successor.refresh()));
    Http.Response successorRefreshed = Endpoints.refresh(server.get(), app, successor.refresh());
    assertEquals(400, successorRefreshed.status(), successorRefreshed.body());
    assertEquals("invalid_grant", successorRefreshed.string("error"));
  }

  @Test
  void refreshWhenRotatedTokenReusedAfterItsOwnExpiryThenStillDetectedAndFamilyRevoked() {
    TestApp app = TestApps.app().registerOn(server.get());
    Tokens first = Endpoints.issue(server.get(), app, "pinner", "pins:read");
    CLOCK.advance(Duration.ofDays(40));
    Tokens successor = rotate(app, first);
    CLOCK.advance(Duration.ofDays(21)); // the first refresh token expired a day ago
    assertTrue(Endpoints.isActive(server.get(), app, successor.access()));

    Http.Response reused = Endpoints.refresh(server.get(), app, first.refresh());

    assertEquals(400, reused.status(), reused.body());
    assertEquals("invalid_grant", reused.string("error"));
    assertTrue(reused.string("message").contains("already used"), reused.body());
    assertFalse(Endpoints.isActive(server.get(), app, successor.access()));
    assertFalse(Endpoints.isActive(server.get(), app, successor.refresh()));
  }

  @Test
  void refreshWhenRotatedTokenReusedAtTheEndOfGraceThenAnsweredAgain() {
    TestApp app = TestApps.app().registerOn(server.get());
    Tokens first = Endpoints.issue(server.get(), app, "pinner", "pins:read");
    Tokens successor = rotate(app, first);
    CLOCK.advance(Duration.ofSeconds(30));

    Http.Response again = Endpoints.refresh(server.get(), app, first.refresh());

    assertEquals(200, again.status(), again.body());
    assertTrue(Endpoints.isActive(server.get(), app, successor.access()));
  }

  @Test
  void refreshWhenFamilyRevokedThenRotatedTokenWithinGraceStillRefused() {
    TestApp app = TestApps.app().registerOn(server.get());
    Tokens first = Endpoints.issue(server.get(), app, "pinner", "pins:read");
    Tokens successor = rotate(app, first);
    assertEquals(200, Endpoints.revoke(server.get(), app, "token", successor.refresh()).status());

    Http.Response again = Endpoints.refresh(server.get(), app, first.refresh());

    assertEquals(400, again.status(), again.body());
    assertEquals("invalid_grant", again.string("error"));
  }
}
