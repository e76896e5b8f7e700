package org.pinoauth.client;

import java.security.SecureRandom;
import java.util.Base64;
import org.pinoauth.crypto.ConstantTime;
import org.pinoauth.crypto.Sha256;

/**
 * Hashes client secrets as salted SHA-256 ({@code sha256:<salt>:<hash>}). Secrets pinoauth issues
 * carry 256 random bits, so a fast hash is enough and keeps the token endpoint fast; a slow
 * password hash on every request would buy nothing for such secrets (operators who bootstrap their
 * own secrets are told to make them long and random). Verification is constant-time, and {@link
 * #UNKNOWN_CLIENT} lets an unknown client cost the same salted digest as a wrong secret.
 */
public final class SecretHasher {
  /** The salted digest of a secret; tests pass one that counts the work a check does. */
  @FunctionalInterface
  interface SaltedDigest {
    byte[] digest(byte[] salt, byte[] secret);
  }

  static final SaltedDigest SHA256 = (salt, secret) -> Sha256.digest(salt, secret);

  private static final String SCHEME = "sha256";
  private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getDecoder();
  private static final SecureRandom RANDOM = new SecureRandom();

  /**
   * A well-formed stored hash that stands in for the app an unknown client id does not have:
   * checking a secret against it is the same work as checking one against a real app's hash.
   */
  static final String UNKNOWN_CLIENT = hash(new Secret("unknown-client-timing-equalizer"));

  private SecretHasher() {}

  public static String hash(Secret secret) {
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    return SCHEME
        + ":"
        + B64.encodeToString(salt)
        + ":"
        + B64.encodeToString(SHA256.digest(salt, secret.utf8()));
  }

  /** Whether {@code secret} matches {@code storedHash}; false for a malformed stored hash. */
  public static boolean matches(Secret secret, String storedHash) {
    return matches(secret, storedHash, SHA256);
  }

  /** {@link #matches(Secret, String)} computing the salted digest with {@code digest}. */
  static boolean matches(Secret secret, String storedHash, SaltedDigest digest) {
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
    return ConstantTime.isEqual(expected, digest.digest(salt, secret.utf8()));
  }
}
