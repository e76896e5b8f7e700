package org.pinoauth.token;

import java.time.Instant;
import org.pinoauth.scope.Scopes;

/**
 * The claims an access token carries sealed inside it (see {@link AccessTokenSealer}): the family
 * it was issued in ({@link #NO_FAMILY} for an app's own client-credentials token), the app, the
 * user, the scopes and its lifetime. Nothing of an access token is stored unless it is revoked.
 */
public record AccessToken(
    long familyId,
    Instant appCreatedAt,
    String clientId,
    String username,
    Scopes scopes,
    Instant issuedAt,
    Instant expiresAt) {

  /** The family of a token that belongs to none; family ids start at 1. */
  public static final long NO_FAMILY = 0;

  public boolean hasFamily() {
    return familyId != NO_FAMILY;
  }

  public boolean isExpiredAt(Instant now) {
    return !now.isBefore(expiresAt);
  }
}
