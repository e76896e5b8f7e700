package org.pinoauth.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * PBKDF2 with HMAC-SHA-256 (RFC 8018 §5.2), the JDK's own {@code PBKDF2WithHmacSHA256}: a slow hash
 * for secrets people choose, so that each guess at one costs real work.
 */
public final class Pbkdf2Sha256 {
  private static final int HASH_BITS = 256;

  private Pbkdf2Sha256() {}

  /**
   * The 32-byte PBKDF2 of {@code secret}, given as UTF-8 bytes: the JDK's PBKDF2 takes a {@code
   * char[]} and hashes its UTF-8 encoding, so this is the same key as for the text itself.
   *
   * @throws IllegalArgumentException for an empty salt or fewer than one iteration
   */
  public static byte[] derive(byte[] salt, byte[] secret, int iterations) {
    if (salt.length == 0 || iterations < 1) {
      throw new IllegalArgumentException("PBKDF2 needs a salt and at least one iteration");
    }
    char[] password = new String(secret, StandardCharsets.UTF_8).toCharArray();
    PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, HASH_BITS);
    try {
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA256 is required of every JVM", e);
    } finally {
      spec.clearPassword();
      Arrays.fill(password, '\0');
    }
  }
}
