package org.pinoauth.token;

import org.pinoauth.store.AccessToken;
import org.pinoauth.store.RefreshToken;

/**
 * Freshly minted tokens: the values the client receives, and what the store keeps of them. The
 * values live only in this object and the response.
 */
public record IssuedTokens(
    String accessTokenValue, AccessToken access, String refreshTokenValue, RefreshToken refresh) {

  /** The stored refresh token, or null when none was issued. */
  public RefreshToken refreshOrNull() {
    return refresh;
  }
}
