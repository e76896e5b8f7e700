package org.pinoauth.revoke;

import java.util.Optional;
import org.pinoauth.client.App;
import org.pinoauth.error.OAuthError;
import org.pinoauth.store.StoredAccessToken;
import org.pinoauth.store.StoredRefreshToken;
import org.pinoauth.store.TokenStore;
import org.pinoauth.token.TokenHasher;

/**
 * Token revocation (RFC 7009 §2.1, CONTRACT §3). A refresh token takes its whole family with it; an
 * access token goes alone. An unknown token is not an error (RFC 7009 §2.2); another app's token is
 * {@code access_denied} and stays valid.
 */
public final class TokenRevocation {
  private final TokenStore tokens;

  public TokenRevocation(TokenStore tokens) {
    this.tokens = tokens;
  }

  /**
   * @param hint {@code access_token} or {@code refresh_token}; only decides which kind is looked up
   *     first (RFC 7009 §2.1), an unknown hint is ignored
   * @throws org.pinoauth.error.OAuthException {@code access_denied} for another app's token
   */
  public void revoke(App app, String token, Optional<String> hint) {
    String hash = TokenHasher.hash(token);
    boolean refreshFirst = hint.map("refresh_token"::equals).orElse(false);
    if (refreshFirst) {
      if (!revokeRefresh(app, hash)) {
        revokeAccess(app, hash);
      }
    } else if (!revokeAccess(app, hash)) {
      revokeRefresh(app, hash);
    }
  }

  private boolean revokeAccess(App app, String hash) {
    Optional<StoredAccessToken> found = tokens.findAccessToken(hash);
    if (found.isEmpty()) {
      return false;
    }
    requireOwner(app, found.get().token().clientId());
    tokens.revokeAccessToken(hash);
    return true;
  }

  private boolean revokeRefresh(App app, String hash) {
    Optional<StoredRefreshToken> found = tokens.findRefreshToken(hash);
    if (found.isEmpty()) {
      return false;
    }
    requireOwner(app, found.get().token().clientId());
    tokens.revokeFamily(found.get().familyId());
    return true;
  }

  private static void requireOwner(App app, String tokenClientId) {
    if (!app.clientId().equals(tokenClientId)) {
      throw OAuthError.ACCESS_DENIED.exception("The token was issued to another app.");
    }
  }
}
