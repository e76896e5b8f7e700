package org.pinoauth.testing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * PKCE values as a client makes them (RFC 7636), computed here rather than by the code under test.
 */
public final class TestPkce {
  private static final SecureRandom RANDOM = new SecureRandom();

  private TestPkce() {}

  /** A fresh code_verifier: 43 base64url characters (256 random bits). */
  public static String verifier() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** BASE64URL(SHA256(ASCII(verifier))): the S256 code_challenge. */
  public static String s256(String verifier) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
