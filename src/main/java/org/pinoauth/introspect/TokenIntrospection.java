package org.pinoauth.introspect;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.pinoauth.crypto.TokenHasher;
import org.pinoauth.store.RefreshToken;
import org.pinoauth.store.StoredRefreshToken;
import org.pinoauth.store.TokenStore;
import org.pinoauth.token.AccessToken;
import org.pinoauth.token.AccessTokens;

/**
 * Token introspection (RFC 7662, CONTRACT §4). Any authenticated app may introspect any token: the
 * caller must already hold the token, and it lets a resource server registered as its own app
 * validate the tokens of every client app (RFC 7662 §4 leaves this to the server). Revocation of
 * the token or of its family is seen at once, since both are read from the store on every call.
 *
 * <p>{@code token_use} comes from what the token already carries: every token a person authorized
 * descends from a code exchange and belongs to a family, and a client-credentials token belongs to
 * none ({@link AccessToken#hasFamily}), so tokens sealed before the member existed answer it too.
 */
public final class TokenIntrospection {
  private final AccessTokens accessTokens;
  private final TokenStore tokens;
  private final Clock clock;

  public TokenIntrospection(AccessTokens accessTokens, TokenStore tokens, Clock clock) {
    this.accessTokens = accessTokens;
    this.tokens = tokens;
    this.clock = clock;
  }

  public IntrospectionResponse introspect(String token, Optional<String> hint) {
    // A sealed access token says what it is, so the hint cannot save a lookup.
    Optional<AccessToken> access = accessTokens.open(token);
    if (access.isPresent()) {
      return access(token, access.get());
    }
    return refresh(TokenHasher.hash(token), clock.instant()).orElse(IntrospectionResponse.INACTIVE);
  }

  private IntrospectionResponse access(String value, AccessToken token) {
    if (!accessTokens.isLive(value, token)) {
      return IntrospectionResponse.INACTIVE;
    }
    return active(
        token.scopes().toString(),
        token.clientId(),
        token.username(),
        "bearer",
        token.expiresAt(),
        token.issuedAt(),
        token.hasFamily() ? IntrospectionResponse.USER : IntrospectionResponse.APP);
  }

  private Optional<IntrospectionResponse> refresh(String hash, Instant now) {
    Optional<StoredRefreshToken> found = tokens.findRefreshToken(hash);
    return found.map(
        stored -> {
          if (!stored.isActiveAt(now)) {
            return IntrospectionResponse.INACTIVE;
          }
          RefreshToken token = stored.token();
          // Only a person's grant has a refresh token: client credentials never issue one.
          return active(
              token.scopes().toString(),
              token.clientId(),
              token.username(),
              "refresh_token",
              token.expiresAt(),
              token.issuedAt(),
              IntrospectionResponse.USER);
        });
  }

  private static IntrospectionResponse active(
      String scope,
      String clientId,
      String username,
      String type,
      Instant exp,
      Instant iat,
      String tokenUse) {
    return new IntrospectionResponse(
        true,
        scope,
        clientId,
        username,
        type,
        exp.getEpochSecond(),
        iat.getEpochSecond(),
        username,
        tokenUse);
  }
}
