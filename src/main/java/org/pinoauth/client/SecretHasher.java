package org.pinoauth.client;

import java.security.SecureRandom;
import java.util.Base64;
import org.pinoauth.crypto.ConstantTime;
import org.pinoauth.crypto.Pbkdf2Sha256;
import org.pinoauth.crypto.Sha256;

/**
 * Hashes client secrets in one of two stored schemes. Secrets pinoauth issues carry 256 random
 * bits: salted SHA-256 ({@code sha256:<salt>:<hash>}) is enough for them and keeps the token
 * endpoint fast. Secrets people choose (bootstrap apps) shorter than {@value #STRETCH_BELOW}
 * characters get PBKDF2-HMAC-SHA-256 ({@code pbkdf2-sha256:<iterations>:<salt>:<hash>}), so that a
 * copied database does not give them away cheaply; {@link ClientAuthenticator} remembers the ones
 * it has verified, so a correct secret pays for PBKDF2 once per node. Both schemes verify, in
 * constant time, and {@link #UNKNOWN_CLIENT} lets an unknown client cost a real salted digest.
 */
public final class SecretHasher {
  /** Chosen secrets shorter than this many characters are hashed with PBKDF2. */
  public static final int STRETCH_BELOW = 32;

  /**
   * PBKDF2 iterations for new hashes: about 30 ms of one core here, the CPU an attacker makes the
   * server spend per wrong guess (docs/security.md, "Client secrets", has the numbers behind it).
   * Stored hashes keep the count they were made with.
   */
  public static final int PBKDF2_ITERATIONS = 100_000;

  /** The most iterations a stored hash may ask for: a corrupt row must not stall a request. */
  private static final int MAX_ITERATIONS = 10_000_000;

  /** The stored schemes, by the name that starts a stored hash. */
  public enum Scheme {
    SHA256("sha256"),
    PBKDF2_SHA256("pbkdf2-sha256");

    final String prefix;

    Scheme(String prefix) {
      this.prefix = prefix;
    }
  }

  /**
   * The salted digest of a secret under a scheme ({@code iterations} is 1 for SHA-256); tests pass
   * one that counts the work a check does.
   */
  @FunctionalInterface
  public interface SaltedDigest {
    byte[] digest(Scheme scheme, int iterations, byte[] salt, byte[] secret);
  }

  public static final SaltedDigest JDK =
      (scheme, iterations, salt, secret) ->
          switch (scheme) {
            case SHA256 -> Sha256.digest(salt, secret);
            case PBKDF2_SHA256 -> Pbkdf2Sha256.derive(salt, secret, iterations);
          };

  private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getDecoder();
  private static final SecureRandom RANDOM = new SecureRandom();

  /**
   * A well-formed stored hash that stands in for the app an unknown client id does not have:
   * checking a secret against it is the same work as checking one against a generated secret's hash
   * (SHA-256; an unknown id never costs PBKDF2, so unknown ids cannot be sent to burn CPU).
   */
  public static final String UNKNOWN_CLIENT = hash(new Secret("unknown-client-timing-equalizer"));

  private SecretHasher() {}

  /** The hash of a secret pinoauth generated (256 random bits): salted SHA-256. */
  public static String hash(Secret secret) {
    byte[] salt = salt();
    return Scheme.SHA256.prefix
        + ":"
        + B64.encodeToString(salt)
        + ":"
        + encodedDigest(Scheme.SHA256, 1, salt, secret);
  }

  /**
   * The hash of a secret a person chose: PBKDF2 when it is shorter than {@value #STRETCH_BELOW}
   * characters (Unicode code points), else as {@link #hash(Secret)}.
   */
  public static String hashChosen(Secret secret) {
    String value = secret.reveal();
    if (value.codePointCount(0, value.length()) >= STRETCH_BELOW) {
      return hash(secret);
    }
    byte[] salt = salt();
    return Scheme.PBKDF2_SHA256.prefix
        + ":"
        + PBKDF2_ITERATIONS
        + ":"
        + B64.encodeToString(salt)
        + ":"
        + encodedDigest(Scheme.PBKDF2_SHA256, PBKDF2_ITERATIONS, salt, secret);
  }

  /** Whether {@code storedHash} is a slow (PBKDF2) hash, worth remembering a verified secret of. */
  public static boolean isStretched(String storedHash) {
    return storedHash.startsWith(Scheme.PBKDF2_SHA256.prefix + ":");
  }

  /** Whether {@code secret} matches {@code storedHash}; false for a malformed stored hash. */
  public static boolean matches(Secret secret, String storedHash) {
    return matches(secret, storedHash, JDK);
  }

  /** {@link #matches(Secret, String)} computing the salted digest with {@code digest}. */
  public static boolean matches(Secret secret, String storedHash, SaltedDigest digest) {
    String[] parts = storedHash.split(":", -1);
    Scheme scheme;
    int iterations;
    if (parts.length == 3 && parts[0].equals(Scheme.SHA256.prefix)) {
      scheme = Scheme.SHA256;
      iterations = 1;
    } else if (parts.length == 4 && parts[0].equals(Scheme.PBKDF2_SHA256.prefix)) {
      scheme = Scheme.PBKDF2_SHA256;
      iterations = iterations(parts[1]);
    } else {
      return false;
    }
    byte[] salt;
    byte[] expected;
    try {
      salt = B64D.decode(parts[parts.length - 2]);
      expected = B64D.decode(parts[parts.length - 1]);
    } catch (IllegalArgumentException corrupt) {
      return false;
    }
    if (iterations < 1 || (scheme == Scheme.PBKDF2_SHA256 && salt.length == 0)) {
      return false;
    }
    return ConstantTime.isEqual(expected, digest.digest(scheme, iterations, salt, secret.utf8()));
  }

  /** The stored iteration count, or 0 when it is not one pinoauth would have written. */
  private static int iterations(String text) {
    if (text.isEmpty() || text.length() > 8 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return 0;
    }
    int iterations = Integer.parseInt(text);
    return iterations <= MAX_ITERATIONS ? iterations : 0;
  }

  private static String encodedDigest(Scheme scheme, int iterations, byte[] salt, Secret secret) {
    return B64.encodeToString(JDK.digest(scheme, iterations, salt, secret.utf8()));
  }

  private static byte[] salt() {
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    return salt;
  }
}
