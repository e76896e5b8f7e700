package org.pinoauth.limit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.pinoauth.testing.MutableClock;

/** The rules of the account-wide sign-in slowdown, on a clock the test moves. */
class SignInSlowdownTest {
  private static final Duration DELAY = Duration.ofMillis(700);
  private static final Duration WINDOW = Duration.ofMinutes(5);

  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final SignInSlowdown slowdown = new SignInSlowdown(3, DELAY, WINDOW, 1_000, clock);

  private void fail(String account, int times) {
    for (int i = 0; i < times; i++) {
      slowdown.recordFailure(account);
    }
  }

  @Test
  void delayForWhenAccountBelowThresholdThenNoDelay() {
    fail("pinner", 2);

    assertEquals(Duration.ZERO, slowdown.delayFor("pinner", "203.0.113.9"));
  }

  @Test
  void delayForWhenAccountReachedThresholdThenNewAddressWaitsTheDelay() {
    fail("pinner", 3);

    assertEquals(DELAY, slowdown.delayFor("pinner", "203.0.113.9"));
    assertEquals(Duration.ZERO, slowdown.delayFor("bystander", "203.0.113.9"), "other accounts");
    assertEquals(Duration.ZERO, slowdown.delayFor(null, "203.0.113.9"), "no account named");
  }

  @Test
  void delayForWhenAddressSucceededBeforeThenNoDelayEvenUnderAttack() {
    slowdown.recordSuccess("pinner", "198.51.100.7");
    fail("pinner", 10);

    assertEquals(Duration.ZERO, slowdown.delayFor("pinner", "198.51.100.7"));
    assertEquals(DELAY, slowdown.delayFor("pinner", "198.51.100.8"), "the next address is new");
  }

  @Test
  void delayForWhenSuccessWasForAnotherAccountThenStillDelayed() {
    slowdown.recordSuccess("someone-else", "198.51.100.7");
    fail("pinner", 3);

    assertEquals(DELAY, slowdown.delayFor("pinner", "198.51.100.7"));
  }

  @Test
  void delayForWhenIpv6SucceededThenItsWholeSlash64KnownAndNoOther() {
    slowdown.recordSuccess("pinner", "2001:db8:1:2::10");
    fail("pinner", 3);

    assertEquals(Duration.ZERO, slowdown.delayFor("pinner", "2001:db8:1:2:ffff:ffff:ffff:ffff"));
    assertEquals(Duration.ZERO, slowdown.delayFor("pinner", "2001:0db8:0001:0002:0:0:0:1"));
    assertEquals(DELAY, slowdown.delayFor("pinner", "2001:db8:1:3::10"));
  }

  @Test
  void delayForWhenWindowPassedThenNoDelayUntilThresholdReachedAgain() {
    fail("pinner", 3);
    clock.advance(WINDOW);

    assertEquals(Duration.ZERO, slowdown.delayFor("pinner", "203.0.113.9"));
    fail("pinner", 3);
    assertEquals(DELAY, slowdown.delayFor("pinner", "203.0.113.9"));
  }

  @Test
  void delayForWhenConfiguredAboveOneSecondThenOneSecond() {
    SignInSlowdown long_ = new SignInSlowdown(1, Duration.ofMinutes(1), WINDOW, 1_000, clock);
    long_.recordFailure("pinner");

    assertEquals(SignInSlowdown.MAX_DELAY, long_.delayFor("pinner", "203.0.113.9"));
    assertEquals(Duration.ofSeconds(1), SignInSlowdown.MAX_DELAY);
  }

  @Test
  void delayForWhenThresholdZeroThenOff() {
    SignInSlowdown off = new SignInSlowdown(0, DELAY, WINDOW, 1_000, clock);
    for (int i = 0; i < 100; i++) {
      off.recordFailure("pinner");
    }

    assertEquals(Duration.ZERO, off.delayFor("pinner", "203.0.113.9"));
  }

  @Test
  void delayForWhenUsernameIs10KbThenCountedAndKnownByItsHash() {
    String huge = "p".repeat(10_240);
    slowdown.recordSuccess(huge, "198.51.100.7");
    fail(huge, 3);

    assertEquals(DELAY, slowdown.delayFor(huge, "203.0.113.9"));
    assertEquals(Duration.ZERO, slowdown.delayFor(huge, "198.51.100.7"));
  }

  @Test
  void knownAddressesWhenMoreThanFourBlocksThenOldestForgotten() {
    KnownAddresses known = new KnownAddresses(10);
    for (long block = 1; block <= 5; block++) {
      known.add("pinner", block);
    }
    known.add("pinner", 3); // used again: the newest now

    assertTrue(!known.contains("pinner", 1), "the oldest of five is forgotten");
    for (long block = 2; block <= 5; block++) {
      assertTrue(known.contains("pinner", block), "block " + block);
    }
    known.add("pinner", 6);
    assertTrue(!known.contains("pinner", 2), "then the next oldest");
    assertTrue(known.contains("pinner", 3), "not the one used again");
  }

  @Test
  void knownAddressesWhenMoreAccountsThanTheBoundThenLeastRecentlySuccessfulForgotten() {
    KnownAddresses known = new KnownAddresses(3);
    known.add("a", 1);
    known.add("b", 1);
    known.add("c", 1);
    known.add("a", 2); // a succeeded again: b is now the oldest
    known.add("d", 1);

    assertEquals(3, known.accounts());
    assertTrue(!known.contains("b", 1));
    assertTrue(known.contains("a", 1) && known.contains("c", 1) && known.contains("d", 1));
  }

  @Test
  void addressBlockIdWhenIpv4ThenEachAddressItsOwnBlock() {
    assertEquals(AddressBlock.id("192.0.2.1"), AddressBlock.id("192.0.2.1"));
    assertNotEquals(AddressBlock.id("192.0.2.1"), AddressBlock.id("192.0.2.2"));
    assertEquals(AddressBlock.id("192.0.2.1"), AddressBlock.id("::ffff:192.0.2.1"));
    assertNotEquals(AddressBlock.id("192.0.2.1"), AddressBlock.id("::c000:201"));
    assertEquals(AddressBlock.id("2001:db8::1"), AddressBlock.id("2001:db8::ffff:2"), "one /64");
  }

  @Test
  void addressBlockIdWhenNotALiteralThenItsOwnBlockWithoutDns() {
    assertEquals(AddressBlock.id("localhost"), AddressBlock.id("localhost"));
    assertNotEquals(AddressBlock.id("localhost"), AddressBlock.id("127.0.0.1"));
    assertEquals(AddressBlock.id("999.1.1.1"), AddressBlock.id("999.1.1.1"));
    assertEquals(
        AddressBlock.id("fe80::1%nosuchinterface0"), AddressBlock.id("fe80::2"), "one /64");
  }
}
