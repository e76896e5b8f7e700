package org.pinoauth.limit;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import org.pinoauth.crypto.Sha256;
import org.pinoauth.error.OAuthError;
import org.pinoauth.error.OAuthException;

/**
 * Failure limits on two keys at once (CONTRACT §2.5 {@code slow_down}, §2.6): the account tried (an
 * app's client id, a username) together with the {@link AddressBlock} trying, and the address block
 * alone. Past either limit, attempts from that block are refused until the window passes, even with
 * the right secret. No count spans addresses, so no one can lock an account out for others: its
 * correct credentials from any other block keep working.
 */
public final class Lockouts {
  private static final int MAX_KEY_LENGTH = 96;
  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  /** Told when a lock starts (the audit log), on the failing request's thread. */
  public interface LockListener {
    LockListener NONE =
        new LockListener() {
          @Override
          public void accountLocked(String account, String block, Instant until) {}

          @Override
          public void addressLocked(String block, Instant until) {}
        };

    /** {@code account} is locked at the address block {@code block} until {@code until}. */
    void accountLocked(String account, String block, Instant until);

    /** The address block {@code block} is locked for every account until {@code until}. */
    void addressLocked(String block, Instant until);
  }

  private final FailureLimiter perAccountAndAddress;
  private final FailureLimiter perAddress;
  private final LockListener listener;

  /**
   * @param perAccountAndAddress counts failures per (account, address block)
   * @param perAddress counts failures per address block, whatever account they named
   */
  public Lockouts(FailureLimiter perAccountAndAddress, FailureLimiter perAddress) {
    this(perAccountAndAddress, perAddress, LockListener.NONE);
  }

  /** With {@code listener} told of each lock as it starts. */
  public Lockouts(
      FailureLimiter perAccountAndAddress, FailureLimiter perAddress, LockListener listener) {
    this.perAccountAndAddress = perAccountAndAddress;
    this.perAddress = perAddress;
    this.listener = listener;
  }

  /**
   * How long {@code account} (null when the request named none) stays locked out at {@code
   * address}, or {@code address} for every account, whichever is longer.
   */
  public Optional<Duration> lockedFor(String account, String address) {
    String block = AddressBlock.of(address);
    Optional<Duration> byAccount =
        account == null
            ? Optional.empty()
            : perAccountAndAddress.lockedFor(pairKey(account, block));
    Optional<Duration> byAddress = perAddress.lockedFor(block);
    if (byAccount.isPresent() && byAddress.isPresent()) {
      return Optional.of(
          byAccount.get().compareTo(byAddress.get()) >= 0 ? byAccount.get() : byAddress.get());
    }
    return byAccount.or(() -> byAddress);
  }

  /**
   * Counts a failure of {@code account} (null when the request named none) from {@code address}.
   */
  public void recordFailure(String account, String address) {
    String block = AddressBlock.of(address);
    if (account != null) {
      perAccountAndAddress
          .recordFailure(pairKey(account, block))
          .ifPresent(until -> listener.accountLocked(account, block, until));
    }
    perAddress.recordFailure(block).ifPresent(until -> listener.addressLocked(block, until));
  }

  /**
   * Admits one slow check of {@code account}'s credentials (a password, a stretched secret) from
   * {@code address}: past the limits, failures counted and checks under way together, no more
   * checks start, so parallel guesses get no more tries than sequential ones. An admitted check
   * must end with {@link #endCheck}.
   *
   * @return empty when admitted, else how long to wait
   */
  public Optional<Duration> beginCheck(String account, String address) {
    String block = AddressBlock.of(address);
    Optional<Duration> byAddress = perAddress.beginCheck(block);
    if (byAddress.isPresent() || account == null) {
      return byAddress;
    }
    Optional<Duration> byAccount = perAccountAndAddress.beginCheck(pairKey(account, block));
    if (byAccount.isPresent()) {
      perAddress.endCheck(block);
    }
    return byAccount;
  }

  /** Ends a check {@link #beginCheck} admitted, counting it first if it {@code failed}. */
  public void endCheck(String account, String address, boolean failed) {
    if (failed) {
      recordFailure(account, address);
    }
    String block = AddressBlock.of(address);
    if (account != null) {
      perAccountAndAddress.endCheck(pairKey(account, block));
    }
    perAddress.endCheck(block);
  }

  /** Keys locked out right now, both kinds. */
  public int activeLockouts() {
    return perAccountAndAddress.activeLockouts() + perAddress.activeLockouts();
  }

  /**
   * The {@code slow_down} answer (HTTP 429) with {@code Retry-After} in whole seconds, rounded up.
   */
  public static OAuthException slowDown(Duration remaining) {
    long seconds = Math.max(1, (remaining.toMillis() + 999) / 1000);
    return OAuthError.SLOW_DOWN
        .exception("Too many failed authentications; retry after " + seconds + " seconds.")
        .withHeader("Retry-After", Long.toString(seconds));
  }

  /**
   * One key for the pair, unambiguous whatever either part holds: the block's length comes first,
   * so a separator inside either part cannot make two pairs meet. A long pair (a 10 KB client id)
   * is kept as its hash ({@code #...}, which no length prefix starts with), so memory per key stays
   * small.
   */
  static String pairKey(String account, String block) {
    String key = block.length() + "|" + block + "|" + account;
    if (key.length() <= MAX_KEY_LENGTH) {
      return key;
    }
    return "#" + BASE64URL.encodeToString(Sha256.digest(key.getBytes(StandardCharsets.UTF_8)));
  }
}
