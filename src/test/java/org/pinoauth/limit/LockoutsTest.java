package org.pinoauth.limit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.pinoauth.error.OAuthError;
import org.pinoauth.error.OAuthException;
import org.pinoauth.testing.MutableClock;

class LockoutsTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final Lockouts lockouts =
      new Lockouts(
          new FailureLimiter(2, Duration.ofMinutes(5), 1_000, clock),
          new FailureLimiter(4, Duration.ofMinutes(5), 1_000, clock));

  @Test
  void lockedForWhenAddressOverItsLimitThenEveryAccountFromItLocked() {
    for (int i = 0; i < 4; i++) {
      lockouts.recordFailure("app-" + i, "198.51.100.7");
    }

    assertTrue(lockouts.lockedFor("fresh-app", "198.51.100.7").isPresent());
    assertEquals(Optional.empty(), lockouts.lockedFor("fresh-app", "198.51.100.8"));
  }

  @Test
  void lockedForWhenAccountOverItsLimitThenLockedFromEveryAddress() {
    lockouts.recordFailure("app", "198.51.100.7");
    lockouts.recordFailure("app", "198.51.100.8");

    assertTrue(lockouts.lockedFor("app", "203.0.113.1").isPresent());
  }

  @Test
  void recordFailureWhenAccountIs10KbThenKeptAsShortKeyAndStillCounted() {
    String huge = "9".repeat(10_240);
    lockouts.recordFailure(huge, "198.51.100.7");
    lockouts.recordFailure(huge, "198.51.100.9");

    assertTrue(lockouts.lockedFor(huge, "203.0.113.1").isPresent());
  }

  @Test
  void slowDownThenStatus429WithRetryAfterRoundedUp() {
    OAuthException e = Lockouts.slowDown(Duration.ofMillis(1_500));

    assertEquals(OAuthError.SLOW_DOWN, e.error());
    assertEquals(429, e.error().status());
    assertEquals("2", e.headers().get("Retry-After"));
  }
}
