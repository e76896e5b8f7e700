package org.pinoauth.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.pinoauth.client.App;
import org.pinoauth.config.Config;
import org.pinoauth.crypto.TokenHasher;
import org.pinoauth.scope.Scopes;
import org.pinoauth.store.RefreshToken;

/**
 * Mints access and refresh tokens with the configured lifetimes (CONTRACT §2.3, §2.4). It writes
 * nothing: an access token is sealed and needs no row, and the grant hands a refresh token to the
 * store in one transaction.
 */
public final class TokenFactory {
  private final TokenMinter minter;
  private final AccessTokenSealer sealer;
  private final Clock clock;
  private final Duration accessTtl;
  private final Duration continuousRefreshTtl;
  private final Duration legacyRefreshTtl;

  public TokenFactory(TokenMinter minter, AccessTokenSealer sealer, Clock clock, Config config) {
    this.minter = minter;
    this.sealer = sealer;
    this.clock = clock;
    this.accessTtl = config.accessTokenTtl();
    this.continuousRefreshTtl = config.refreshTokenTtl();
    this.legacyRefreshTtl = config.legacyRefreshTokenTtl();
  }

  /**
   * An access token of {@code app} in {@code familyId} ({@link AccessToken#NO_FAMILY} for an app's
   * own token), issued now to the millisecond; the answer shows whole seconds.
   */
  public IssuedTokens.Access access(long familyId, App app, String username, Scopes scopes) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    AccessToken token =
        new AccessToken(
            familyId, app.createdAt(), app.clientId(), username, scopes, now, now.plus(accessTtl));
    return new IssuedTokens.Access(sealer.seal(token), token);
  }

  /**
   * A refresh token with {@code scopes}: a rotating (continuous) one of 60 days by default, or a
   * non-rotating (legacy) one of 365 days.
   */
  public IssuedTokens.Refresh refresh(
      String clientId, String username, Scopes scopes, boolean rotating) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    String value = minter.mint(TokenMinter.REFRESH_TOKEN_PREFIX);
    Duration ttl = rotating ? continuousRefreshTtl : legacyRefreshTtl;
    RefreshToken refresh =
        new RefreshToken(
            TokenHasher.hash(value), clientId, username, scopes, rotating, now, now.plus(ttl));
    return new IssuedTokens.Refresh(value, refresh);
  }
}
