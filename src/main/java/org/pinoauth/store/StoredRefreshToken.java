package org.pinoauth.store;

import java.time.Instant;
import java.util.Optional;

/**
 * A refresh token read back with its state: the family (the authorization it descends from), when
 * it was rotated, whether it or its family was revoked, and the hour its grant was last used in
 * ({@link Grant#lastUsedAt}), so that a refresh in an hour already recorded writes nothing for it.
 */
public record StoredRefreshToken(
    RefreshToken token,
    long familyId,
    Optional<Instant> rotatedAt,
    boolean revoked,
    Optional<Instant> grantLastUsedAt) {

  public boolean isExpiredAt(Instant now) {
    return !now.isBefore(token.expiresAt());
  }

  /** Usable now: not revoked, not expired, not yet rotated. */
  public boolean isActiveAt(Instant now) {
    return !revoked && rotatedAt.isEmpty() && !isExpiredAt(now);
  }
}
