package org.pinoauth.limit;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import org.pinoauth.crypto.Sha256;

/**
 * The account-wide answer to guessing one person's password from many addresses (CONTRACT §2.6),
 * which the per-(account, address) lockouts cannot give: once an account has failed {@code after}
 * times in a window, from any addresses, every attempt at it from an address block that has never
 * signed in to it successfully (on this node) waits {@code delay}, at most {@link #MAX_DELAY},
 * <em>before</em> its password is checked. It is never refused: a correct password gets in, late.
 * Addresses the person has used before see nothing.
 *
 * <p>The delay is fixed rather than growing or serialized per account: within a bound of one second
 * neither would cost a parallel attacker more (a growing delay reaches the bound after a few
 * failures; a per-account queue is full after one second, and then every attempt waits the bound
 * anyway), while a legitimate user from a new address would wait behind the attackers' queue.
 * Memory: one failure counter per account that failed recently (as {@link FailureLimiter}) and
 * {@link KnownAddresses}, both bounded by {@code trackedAccounts}.
 */
public final class SignInSlowdown {
  public static final Duration MAX_DELAY = Duration.ofSeconds(1);
  private static final int MAX_KEY_LENGTH = 64;

  private final FailureLimiter failures;
  private final KnownAddresses known;
  private final Duration delay;

  /**
   * @param after failures of one account in a window that start the slowdown; 0 turns it off
   * @param delay what each attempt from an unknown address waits; more than {@link #MAX_DELAY}
   *     counts as {@link #MAX_DELAY}
   */
  public SignInSlowdown(
      int after, Duration delay, Duration window, int trackedAccounts, Clock clock) {
    this.failures = new FailureLimiter(after, window, trackedAccounts, clock);
    this.known = new KnownAddresses(trackedAccounts);
    this.delay = delay.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : delay;
  }

  /**
   * How long an attempt at {@code account} (null when none was named) from {@code address} waits
   * before its password is checked: zero unless the account is under attack and the address new.
   */
  public Duration delayFor(String account, String address) {
    if (account == null || delay.isZero()) {
      return Duration.ZERO;
    }
    String key = key(account);
    if (failures.lockedFor(key).isEmpty() || known.contains(key, AddressBlock.id(address))) {
      return Duration.ZERO;
    }
    return delay;
  }

  /** Whether {@code account} has signed in successfully from {@code address}'s block. */
  public boolean isKnown(String account, String address) {
    return account != null && known.contains(key(account), AddressBlock.id(address));
  }

  /** Counts a failed attempt at {@code account}, from whatever address. */
  public void recordFailure(String account) {
    if (account != null) {
      failures.recordFailure(key(account));
    }
  }

  /** Remembers that {@code account} signed in successfully from {@code address}'s block. */
  public void recordSuccess(String account, String address) {
    known.add(key(account), AddressBlock.id(address));
  }

  /** Long usernames are kept as their hash, so memory per account stays small. */
  private static String key(String account) {
    if (account.length() <= MAX_KEY_LENGTH) {
      return account;
    }
    byte[] hash = Sha256.digest(account.getBytes(StandardCharsets.UTF_8));
    return "#" + Base64.getEncoder().withoutPadding().encodeToString(hash);
  }
}
