package org.pinoauth.token;

import java.time.Clock;
import java.util.Optional;
import org.pinoauth.crypto.TokenHasher;
import org.pinoauth.store.RevokedAccessTokenStore;

/**
 * Answers whether an access token counts now, for introspection, revocation and the user account:
 * its seal and expiry are checked here, and one store read says whether it, its family or its app
 * was ended since. Revocation is therefore seen at once on every node.
 */
public final class AccessTokens {
  private final AccessTokenSealer sealer;
  private final RevokedAccessTokenStore revocations;
  private final Clock clock;

  public AccessTokens(AccessTokenSealer sealer, RevokedAccessTokenStore revocations, Clock clock) {
    this.sealer = sealer;
    this.revocations = revocations;
    this.clock = clock;
  }

  /** The claims of a token pinoauth sealed, live or not; empty for anything else. */
  public Optional<AccessToken> open(String value) {
    return sealer.open(value);
  }

  /** The claims of a live access token: sealed by pinoauth, unexpired, and not ended since. */
  public Optional<AccessToken> findLive(String value) {
    return sealer.open(value).filter(token -> isLive(value, token));
  }

  /** Whether the token {@code value}, which {@link #open} read as {@code token}, counts now. */
  public boolean isLive(String value, AccessToken token) {
    return !token.isExpiredAt(clock.instant())
        && revocations.isLive(
            TokenHasher.hash(value),
            token.familyId(),
            token.clientId(),
            token.username(),
            token.appCreatedAt());
  }

  /** Ends one access token; its family, if any, is untouched. */
  public void revoke(String value, AccessToken token) {
    revocations.revoke(TokenHasher.hash(value), token.expiresAt());
  }
}
