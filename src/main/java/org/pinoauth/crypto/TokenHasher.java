package org.pinoauth.crypto;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * What the store keeps instead of a token or code: base64url(SHA-256(value)). The values carry 256
 * (codes: 256, at least 128) random bits, so an unsalted fast hash cannot be reversed and lets the
 * store index the hash for a single lookup.
 */
public final class TokenHasher {
  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  private TokenHasher() {}

  public static String hash(String value) {
    return BASE64URL.encodeToString(Sha256.digest(value.getBytes(StandardCharsets.UTF_8)));
  }
}
