package org.pinoauth.limit;

import java.time.Duration;
import java.util.Optional;
import org.pinoauth.error.OAuthError;
import org.pinoauth.error.OAuthException;
import org.pinoauth.token.TokenHasher;

/**
 * Failure limits on two keys at once, the account tried (an app's client id, a username) and the
 * remote address trying (CONTRACT §2.5 {@code slow_down}): past either limit, attempts are refused
 * until the window passes, even with the right secret.
 */
public final class Lockouts {
  private static final int MAX_KEY_LENGTH = 64;

  private final FailureLimiter perAccount;
  private final FailureLimiter perAddress;

  public Lockouts(FailureLimiter perAccount, FailureLimiter perAddress) {
    this.perAccount = perAccount;
    this.perAddress = perAddress;
  }

  /** How long {@code account} or {@code address} stays locked out, whichever is longer. */
  public Optional<Duration> lockedFor(String account, String address) {
    Optional<Duration> byAccount =
        account == null ? Optional.empty() : perAccount.lockedFor(key(account));
    Optional<Duration> byAddress = perAddress.lockedFor(key(address));
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
    if (account != null) {
      perAccount.recordFailure(key(account));
    }
    perAddress.recordFailure(key(address));
  }

  /** Keys locked out right now, both kinds. */
  public int activeLockouts() {
    return perAccount.activeLockouts() + perAddress.activeLockouts();
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

  /** Long keys (a 10 KB client id) are kept as their hash, so memory per key stays small. */
  private static String key(String value) {
    return value.length() <= MAX_KEY_LENGTH ? value : "#" + TokenHasher.hash(value);
  }
}
