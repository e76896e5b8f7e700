package org.pinoauth.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.pinoauth.config.Config;
import org.pinoauth.scope.Scopes;
import org.pinoauth.store.AccessToken;
import org.pinoauth.store.RefreshToken;

/**
 * Mints access and refresh tokens with the configured lifetimes (CONTRACT §2.3, §2.4) and hashes
 * them for the store. It writes nothing: the grant hands the result to the store in one
 * transaction.
 */
public final class TokenFactory {
  private final TokenMinter minter;
  private final Clock clock;
  private final Duration accessTtl;
  private final Duration continuousRefreshTtl;
  private final Duration legacyRefreshTtl;

  public TokenFactory(TokenMinter minter, Clock clock, Config config) {
    this.minter = minter;
    this.clock = clock;
    this.accessTtl = config.accessTokenTtl();
    this.continuousRefreshTtl = config.refreshTokenTtl();
    this.legacyRefreshTtl = config.legacyRefreshTokenTtl();
  }

  /** An access token alone. */
  public IssuedTokens access(String clientId, String username, Scopes scopes) {
    Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    String value = minter.mint(TokenMinter.ACCESS_TOKEN_PREFIX);
    AccessToken access =
        new AccessToken(
            TokenHasher.hash(value), clientId, username, scopes, now, now.plus(accessTtl));
    return new IssuedTokens(value, access, null, null);
  }

  /**
   * An access token with {@code accessScopes} and a refresh token with {@code refreshScopes}: a
   * rotating (continuous) one of 60 days by default, or a non-rotating (legacy) one of 365 days.
   */
  public IssuedTokens accessAndRefresh(
      String clientId,
      String username,
      Scopes accessScopes,
      Scopes refreshScopes,
      boolean rotating) {
    IssuedTokens access = access(clientId, username, accessScopes);
    Instant now = access.access().issuedAt();
    String value = minter.mint(TokenMinter.REFRESH_TOKEN_PREFIX);
    Duration ttl = rotating ? continuousRefreshTtl : legacyRefreshTtl;
    RefreshToken refresh =
        new RefreshToken(
            TokenHasher.hash(value),
            clientId,
            username,
            refreshScopes,
            rotating,
            now,
            now.plus(ttl));
    return new IssuedTokens(access.accessTokenValue(), access.access(), value, refresh);
  }
}
