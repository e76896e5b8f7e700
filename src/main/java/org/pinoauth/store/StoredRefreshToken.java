package org.pinoauth.store;

import java.time.Instant;
import java.util.Optional;
import org.pinoauth.scope.Scopes;

/**
 * A refresh token read back with its state: the family (the authorization it descends from), when
 * it was rotated, whether it or its family was revoked, the hour its grant was last used in ({@link
 * Grant#lastUsedAt}), so that a refresh in an hour already recorded writes nothing for it, and
 * every scope its user has approved for its app so far ({@link ConsentStore#approved}). All of it
 * is read in one statement: a refresh needs nothing else from the store before it writes.
 */
public record StoredRefreshToken(
    RefreshToken token,
    long familyId,
    Optional<Instant> rotatedAt,
    boolean revoked,
    Optional<Instant> grantLastUsedAt,
    Scopes approved) {

  public boolean isExpiredAt(Instant now) {
    return !now.isBefore(token.expiresAt());
  }

  /** Usable now: not revoked, not expired, not yet rotated. */
  public boolean isActiveAt(Instant now) {
    return !revoked && rotatedAt.isEmpty() && !isExpiredAt(now);
  }
}
