package org.pinoauth.limit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
    assertTrue(lockouts.lockedFor(null, "198.51.100.7").isPresent());
    assertEquals(Optional.empty(), lockouts.lockedFor("fresh-app", "198.51.100.8"));
  }

  @Test
  void lockedForWhenAccountOverItsLimitFromOneAddressThenLockedThereOnly() {
    lockouts.recordFailure("app", "198.51.100.7");
    lockouts.recordFailure("app", "198.51.100.7");

    assertTrue(lockouts.lockedFor("app", "198.51.100.7").isPresent());
    assertEquals(Optional.empty(), lockouts.lockedFor("app", "203.0.113.1"));
    assertEquals(Optional.empty(), lockouts.lockedFor("other-app", "198.51.100.7"));
  }

  @Test
  void lockedForWhenAccountFailsOnceFromEachOfManyAddressesThenLockedNowhere() {
    for (int i = 1; i <= 50; i++) {
      lockouts.recordFailure("app", "198.51.100." + i);
    }

    assertEquals(Optional.empty(), lockouts.lockedFor("app", "203.0.113.1"));
    assertEquals(Optional.empty(), lockouts.lockedFor("app", "198.51.100.1"));
  }

  @Test
  void lockedForWhenFailuresFromOneSlash64ThenTheWholeSlash64Locked() {
    lockouts.recordFailure("app", "2001:db8:1:2::1");
    lockouts.recordFailure("app", "2001:db8:1:2:ffff::9");

    assertTrue(lockouts.lockedFor("app", "[2001:db8:1:2:aaaa:bbbb:cccc:dddd]").isPresent());
    assertEquals(Optional.empty(), lockouts.lockedFor("app", "2001:db8:1:3::1"));
  }

  @Test
  void lockedForWhenIpv4MappedThenSameCountsAsIpv4() {
    lockouts.recordFailure("app", "::ffff:198.51.100.7");
    lockouts.recordFailure("app", "198.51.100.7");

    assertTrue(lockouts.lockedFor("app", "198.51.100.7").isPresent());
  }

  @Test
  void pairKeyWhenSeparatorInEitherPartThenNoOtherPairMatches() {
    // Joined with a bare separator, both would be "198.51.100.7|x|app".
    assertNotEquals(
        Lockouts.pairKey("x|app", AddressBlock.of("198.51.100.7")),
        Lockouts.pairKey("app", AddressBlock.of("198.51.100.7|x")));
  }

  @Test
  void recordFailureWhenAccountIs10KbThenKeptAsShortKeyAndStillCounted() {
    String huge = "9".repeat(10_240);
    lockouts.recordFailure(huge, "198.51.100.7");
    lockouts.recordFailure(huge, "198.51.100.7");

    assertTrue(lockouts.lockedFor(huge, "198.51.100.7").isPresent());
    assertEquals(Optional.empty(), lockouts.lockedFor(huge, "198.51.100.8"));
    assertTrue(Lockouts.pairKey(huge, "198.51.100.7").length() <= 96);
    assertNotEquals(
        Lockouts.pairKey(huge, "198.51.100.7"), Lockouts.pairKey(huge + "0", "198.51.100.7"));
  }

  @Test
  void activeLockoutsThenCountsPairsAndAddresses() {
    for (int i = 0; i < 4; i++) {
      lockouts.recordFailure("app", "198.51.100.7");
    }

    assertEquals(2, lockouts.activeLockouts());
  }

  @Test
  void slowDownThenStatus429WithRetryAfterRoundedUp() {
    OAuthException e = Lockouts.slowDown(Duration.ofMillis(1_500));

    assertEquals(OAuthError.SLOW_DOWN, e.error());
    assertEquals(429, e.error().status());
    assertEquals("2", e.headers().get("Retry-After"));
  }

  @Test
  void beginCheckWhenParallelGuessesThenNoMoreThanTheLimitRunOrFail() {
    // limit 2 per (account, address): two checks may run at once, a third waits for them.
    assertEquals(Optional.empty(), lockouts.beginCheck("user", "198.51.100.7"));
    assertEquals(Optional.empty(), lockouts.beginCheck("user", "198.51.100.7"));
    assertTrue(lockouts.beginCheck("user", "198.51.100.7").isPresent());
    assertEquals(
        Optional.empty(),
        lockouts.beginCheck("user", "203.0.113.1"),
        "the account from another address is not held");

    lockouts.endCheck("user", "198.51.100.7", true);
    lockouts.endCheck("user", "198.51.100.7", true);

    assertTrue(lockouts.lockedFor("user", "198.51.100.7").isPresent(), "both failures counted");
    assertTrue(lockouts.beginCheck("user", "198.51.100.7").isPresent());
  }

  @Test
  void beginCheckWhenAddressHasItsLimitUnderWayThenNoAccountStartsThere() {
    // limit 4 per address, whatever the accounts.
    for (int i = 0; i < 4; i++) {
      assertEquals(Optional.empty(), lockouts.beginCheck("user-" + i, "198.51.100.7"));
    }

    assertTrue(lockouts.beginCheck("user-9", "198.51.100.7").isPresent());
    lockouts.endCheck("user-0", "198.51.100.7", false); // a success frees its place, counts nothing
    assertEquals(Optional.empty(), lockouts.beginCheck("user-9", "198.51.100.7"));
    assertEquals(Optional.empty(), lockouts.lockedFor("user-0", "198.51.100.7"));
  }
}
