package org.pinoauth.client;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import org.pinoauth.crypto.Sha256;

/**
 * Hashes client secrets as salted SHA-256 ({@code sha256:<salt>:<hash>}). Secrets pinoauth issues
 * carry 256 random bits, so a fast hash is enough and keeps the token endpoint fast; a slow
 * password hash on every request would buy nothing for such secrets (operators who bootstrap their
 * own secrets are told to make them long and random). Verification is constant-time, and an unknown
 * client costs the same hash as a wrong secret.
 */
public final class SecretHasher {
  private static final String SCHEME = "sha256";
  private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getDecoder();
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String DUMMY_HASH = hash(new Secret("unknown-client-timing-equalizer"));

  private SecretHasher() {}

  public static String hash(Secret secret) {
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    return SCHEME + ":" + B64.encodeToString(salt) + ":" + B64.encodeToString(digest(salt, secret));
  }

  /** Whether {@code secret} matches {@code storedHash}; false for a malformed stored hash. */
  public static boolean matches(Secret secret, String storedHash) {
    String[] parts = storedHash.split(":", -1);
    if (parts.length != 3 || !parts[0].equals(SCHEME)) {
      return false;
    }
    byte[] salt;
    byte[] expected;
    try {
      salt = B64D.decode(parts[1]);
      expected = B64D.decode(parts[2]);
    } catch (IllegalArgumentException corrupt) {
      return false;
    }
    return MessageDigest.isEqual(expected, digest(salt, secret));
  }

  /** Spends the time {@link #matches} would, for a client id that does not exist. */
  public static void matchNothing(Secret secret) {
    matches(secret, DUMMY_HASH);
  }

  private static byte[] digest(byte[] salt, Secret secret) {
    return Sha256.digest(salt, secret.utf8());
  }
}
