package org.pinoauth.token;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * What the store keeps instead of a token or code: base64url(SHA-256(value)). The values carry 256
 * (codes: 256, at least 128) random bits, so an unsalted fast hash cannot be reversed and lets the
 * store index the hash for a single lookup.
 */
public final class TokenHasher {
  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
  private static final ThreadLocal<MessageDigest> SHA256 =
      ThreadLocal.withInitial(TokenHasher::newSha256);

  private TokenHasher() {}

  public static String hash(String value) {
    MessageDigest digest = SHA256.get();
    digest.reset();
    return BASE64URL.encodeToString(digest.digest(value.getBytes(StandardCharsets.UTF_8)));
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }
}
