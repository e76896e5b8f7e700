package org.pinoauth.token;

import org.pinoauth.store.RefreshToken;

/**
 * Freshly minted tokens: the values the client receives, and their claims. The values live only in
 * this object and the response.
 *
 * @param refresh null when no refresh token was issued
 */
public record IssuedTokens(Access access, Refresh refresh) {

  /** An access token alone. */
  public static IssuedTokens of(Access access) {
    return new IssuedTokens(access, null);
  }

  /** A sealed access token and the claims sealed in it. */
  public record Access(String value, AccessToken token) {
    @Override
    public String toString() {
      return "Access[" + token + "]";
    }
  }

  /** A refresh token and what the store keeps of it. */
  public record Refresh(String value, RefreshToken token) {
    @Override
    public String toString() {
      return "Refresh[" + token + "]";
    }
  }
}
