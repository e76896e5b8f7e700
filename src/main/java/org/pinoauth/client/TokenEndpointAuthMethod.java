package org.pinoauth.client;

import java.util.Locale;
import java.util.Optional;

/**
 * How an app authenticates at the token and revocation endpoints (RFC 7591 §2, CONTRACT §9). The
 * two secret methods are the same to the server: an app that has a secret may send it either way,
 * as before. {@link #NONE} is a public app (RFC 6749 §2.1): it has no secret and sends its {@code
 * client_id} alone, so PKCE and rotating refresh tokens are what bind its tokens to it.
 */
public enum TokenEndpointAuthMethod {
  CLIENT_SECRET_BASIC,
  CLIENT_SECRET_POST,
  NONE;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether this is a public app: one without a secret. */
  public boolean isPublic() {
    return this == NONE;
  }

  public static Optional<TokenEndpointAuthMethod> fromWireName(String name) {
    for (TokenEndpointAuthMethod method : values()) {
      if (method.wireName().equals(name)) {
        return Optional.of(method);
      }
    }
    return Optional.empty();
  }
}
