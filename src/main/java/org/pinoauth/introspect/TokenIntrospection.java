package org.pinoauth.introspect;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.pinoauth.store.AccessToken;
import org.pinoauth.store.RefreshToken;
import org.pinoauth.store.StoredAccessToken;
import org.pinoauth.store.StoredRefreshToken;
import org.pinoauth.store.TokenStore;
import org.pinoauth.token.TokenHasher;

/**
 * Token introspection (RFC 7662, CONTRACT §4). Any authenticated app may introspect any token: the
 * caller must already hold the token, and it lets a resource server registered as its own app
 * validate the tokens of every client app (RFC 7662 §4 leaves this to the server). Revocation of
 * the token or of its family is seen at once, since both are read from the store on every call.
 */
public final class TokenIntrospection {
  private final TokenStore tokens;
  private final Clock clock;

  public TokenIntrospection(TokenStore tokens, Clock clock) {
    this.tokens = tokens;
    this.clock = clock;
  }

  public IntrospectionResponse introspect(String token, Optional<String> hint) {
    String hash = TokenHasher.hash(token);
    Instant now = clock.instant();
    boolean refreshFirst = hint.map("refresh_token"::equals).orElse(false);
    Optional<IntrospectionResponse> answer =
        refreshFirst
            ? refresh(hash, now).or(() -> access(hash, now))
            : access(hash, now).or(() -> refresh(hash, now));
    return answer.orElse(IntrospectionResponse.INACTIVE);
  }

  private Optional<IntrospectionResponse> access(String hash, Instant now) {
    Optional<StoredAccessToken> found = tokens.findAccessToken(hash);
    return found.map(
        stored -> {
          if (!stored.isActiveAt(now)) {
            return IntrospectionResponse.INACTIVE;
          }
          AccessToken token = stored.token();
          return active(
              token.scopes().toString(),
              token.clientId(),
              token.username(),
              "bearer",
              token.expiresAt(),
              token.issuedAt());
        });
  }

  private Optional<IntrospectionResponse> refresh(String hash, Instant now) {
    Optional<StoredRefreshToken> found = tokens.findRefreshToken(hash);
    return found.map(
        stored -> {
          if (!stored.isActiveAt(now)) {
            return IntrospectionResponse.INACTIVE;
          }
          RefreshToken token = stored.token();
          return active(
              token.scopes().toString(),
              token.clientId(),
              token.username(),
              "refresh_token",
              token.expiresAt(),
              token.issuedAt());
        });
  }

  private static IntrospectionResponse active(
      String scope, String clientId, String username, String type, Instant exp, Instant iat) {
    return new IntrospectionResponse(
        true,
        scope,
        clientId,
        username,
        type,
        exp.getEpochSecond(),
        iat.getEpochSecond(),
        username);
  }
}
