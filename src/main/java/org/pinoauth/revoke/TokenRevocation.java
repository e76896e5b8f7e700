package org.pinoauth.revoke;

import java.util.Optional;
import org.pinoauth.client.App;
import org.pinoauth.crypto.TokenHasher;
import org.pinoauth.error.OAuthError;
import org.pinoauth.store.StoredRefreshToken;
import org.pinoauth.store.TokenStore;
import org.pinoauth.token.AccessToken;
import org.pinoauth.token.AccessTokens;

/**
 * Token revocation (RFC 7009 §2.1, CONTRACT §3). A refresh token takes its whole family with it; an
 * access token goes alone. An unknown token is not an error (RFC 7009 §2.2); another app's token is
 * {@code access_denied} and stays valid.
 */
public final class TokenRevocation {
  private final AccessTokens accessTokens;
  private final TokenStore tokens;

  public TokenRevocation(AccessTokens accessTokens, TokenStore tokens) {
    this.accessTokens = accessTokens;
    this.tokens = tokens;
  }

  /**
   * @param hint {@code access_token} or {@code refresh_token}; RFC 7009 §2.1 lets it only speed up
   *     the lookup, and a sealed access token is recognised without one, so it is not needed
   * @throws org.pinoauth.error.OAuthException {@code access_denied} for another app's token
   */
  public void revoke(App app, String token, Optional<String> hint) {
    // A sealed access token says what it is, so the hint cannot save a lookup.
    Optional<AccessToken> access = accessTokens.open(token);
    if (access.isPresent()) {
      requireOwner(app, access.get().clientId());
      accessTokens.revoke(token, access.get());
      return;
    }
    Optional<StoredRefreshToken> refresh = tokens.findRefreshToken(TokenHasher.hash(token));
    if (refresh.isPresent()) {
      requireOwner(app, refresh.get().token().clientId());
      tokens.revokeFamily(refresh.get().familyId());
    }
  }

  private static void requireOwner(App app, String tokenClientId) {
    if (!app.clientId().equals(tokenClientId)) {
      throw OAuthError.ACCESS_DENIED.exception("The token was issued to another app.");
    }
  }
}
