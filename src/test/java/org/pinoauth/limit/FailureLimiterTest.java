package org.pinoauth.limit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.pinoauth.testing.MutableClock;

class FailureLimiterTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final FailureLimiter limiter = new FailureLimiter(3, Duration.ofMinutes(5), 1_000, clock);

  @Test
  void lockedForWhenFewerFailuresThanLimitThenNotLocked() {
    limiter.recordFailure("app");
    limiter.recordFailure("app");

    assertEquals(Optional.empty(), limiter.lockedFor("app"));
  }

  @Test
  void lockedForWhenLimitReachedThenLockedUntilWindowEnds() {
    for (int i = 0; i < 3; i++) {
      limiter.recordFailure("app");
    }
    clock.advance(Duration.ofMinutes(2));

    assertEquals(Optional.of(Duration.ofMinutes(3)), limiter.lockedFor("app"));
    assertEquals(Optional.empty(), limiter.lockedFor("other"), "other keys are not affected");
    assertEquals(1, limiter.activeLockouts());
  }

  @Test
  void lockedForWhenWindowPassedThenFreeAndCountingStartsAgain() {
    for (int i = 0; i < 3; i++) {
      limiter.recordFailure("app");
    }
    clock.advance(Duration.ofMinutes(5));

    assertEquals(Optional.empty(), limiter.lockedFor("app"));
    limiter.recordFailure("app");
    assertEquals(Optional.empty(), limiter.lockedFor("app"), "one failure in a new window");
    assertEquals(0, limiter.activeLockouts());
  }

  @Test
  void recordFailureWhenLimitZeroThenNeverLocks() {
    FailureLimiter off = new FailureLimiter(0, Duration.ofMinutes(5), 1_000, clock);
    for (int i = 0; i < 100; i++) {
      off.recordFailure("app");
    }

    assertEquals(Optional.empty(), off.lockedFor("app"));
    assertEquals(0, off.trackedKeys());
  }

  @Test
  void recordFailureWhenFloodOfDistinctKeysThenMemoryBoundedAndHammeredKeyStaysLocked() {
    for (int i = 0; i < 3; i++) {
      limiter.recordFailure("target");
    }
    for (int i = 0; i < 200_000; i++) {
      limiter.recordFailure("junk-" + i);
      if (i % 1_000 == 0) {
        limiter.recordFailure("target"); // the attacker keeps hammering its target
      }
    }

    assertTrue(limiter.trackedKeys() <= 1_000, "tracked " + limiter.trackedKeys());
    assertTrue(limiter.lockedFor("target").isPresent(), "the hammered key is still locked out");
  }

  @Test
  void recordFailureWhenLimitReachedThenSaysOnceWhenTheLockEnds() {
    FailureLimiter told = new FailureLimiter(3, Duration.ofMinutes(5), 1_000, clock);
    assertEquals(Optional.empty(), told.recordFailure("app"));
    clock.advance(Duration.ofMinutes(1));
    assertEquals(Optional.empty(), told.recordFailure("app"));
    assertEquals(Optional.empty(), told.recordFailure("other"), "no lock before the limit");

    assertEquals(Optional.of(Instant.parse("2026-01-01T00:05:00Z")), told.recordFailure("app"));
    // Past the limit, as a race may count: the same lock, not started again.
    assertEquals(Optional.empty(), told.recordFailure("app"));
    assertEquals(Optional.empty(), told.recordFailure("app"));
  }

  @Test
  void recordFailureWhenLimitReachedAgainInANewWindowThenANewLock() {
    FailureLimiter told = new FailureLimiter(2, Duration.ofMinutes(5), 1_000, clock);
    told.recordFailure("app");
    assertEquals(Optional.of(Instant.parse("2026-01-01T00:05:00Z")), told.recordFailure("app"));
    clock.advance(Duration.ofMinutes(6));
    told.recordFailure("app");

    assertEquals(Optional.of(Instant.parse("2026-01-01T00:11:00Z")), told.recordFailure("app"));
  }

  @Test
  void beginCheckWhenChecksUnderWayAndFailuresReachTheLimitThenNoMoreStart() {
    FailureLimiter checks = new FailureLimiter(3, Duration.ofMinutes(5), 1_000, clock);
    checks.recordFailure("app");

    assertEquals(Optional.empty(), checks.beginCheck("app"));
    assertEquals(Optional.empty(), checks.beginCheck("app"));
    // One failure and two checks under way: a parallel third guess would be the fourth try.
    assertEquals(Optional.of(Duration.ofSeconds(1)), checks.beginCheck("app"));
    assertEquals(Optional.empty(), checks.beginCheck("other"), "other keys are not held");

    checks.endCheck("app"); // that one succeeded
    assertEquals(Optional.empty(), checks.beginCheck("app"), "its place is free again");
  }

  @Test
  void beginCheckWhenLockedThenTheLocksRemainingTime() {
    FailureLimiter checks = new FailureLimiter(2, Duration.ofMinutes(5), 1_000, clock);
    checks.recordFailure("app");
    checks.recordFailure("app");
    clock.advance(Duration.ofMinutes(1));

    assertEquals(Optional.of(Duration.ofMinutes(4)), checks.beginCheck("app"));
  }

  @Test
  void beginCheckWhenLimitZeroThenAlwaysAdmitted() {
    FailureLimiter off = new FailureLimiter(0, Duration.ofMinutes(5), 1_000, clock);
    for (int i = 0; i < 100; i++) {
      assertEquals(Optional.empty(), off.beginCheck("app"));
    }
  }
}
