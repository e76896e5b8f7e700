package org.pinoauth.standalone;

import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import org.pinoauth.crypto.ConstantTime;
import org.pinoauth.crypto.Pbkdf2Sha256;

/**
 * A password hash of the users file, {@code pbkdf2-sha256$ITERATIONS$SALT$HASH}: PBKDF2 with
 * HMAC-SHA-256 (RFC 8018 §5.2) of the password's UTF-8 bytes, salt and 32-byte hash in standard
 * Base64 (RFC 4648 §4). Checking a password derives its hash and compares in constant time.
 */
final class PasswordHash implements Serializable {
  private static final long serialVersionUID = 1L;

  static final String SCHEME = "pbkdf2-sha256";

  /** OWASP's 2023 floor for PBKDF2-HMAC-SHA256, the count {@code hash-password} uses. */
  static final int DEFAULT_ITERATIONS = 600_000;

  /** Fewer than this is refused: a file of such hashes falls quickly to a guessing attack. */
  static final int MIN_ITERATIONS = 10_000;

  /** More than this would take minutes per sign-in: a typo, not a choice. */
  static final int MAX_ITERATIONS = 10_000_000;

  private static final int SALT_BYTES = 16;
  private static final int MIN_SALT_BYTES = 8;
  private static final int HASH_BYTES = 32;

  private final int iterations;
  private final byte[] salt;
  private final byte[] hash;

  private PasswordHash(int iterations, byte[] salt, byte[] hash) {
    this.iterations = iterations;
    this.salt = salt;
    this.hash = hash;
  }

  /** The hash of {@code password} with a fresh random salt. */
  static PasswordHash of(char[] password, int iterations, SecureRandom random) {
    checkIterations(iterations);
    byte[] salt = new byte[SALT_BYTES];
    random.nextBytes(salt);
    byte[] secret = utf8(password);
    try {
      return new PasswordHash(iterations, salt, Pbkdf2Sha256.derive(salt, secret, iterations));
    } finally {
      Arrays.fill(secret, (byte) 0);
    }
  }

  /**
   * A hash no password matches (random salt and hash), whose check costs what a real one's does:
   * for names nobody has, so that they take as long to refuse as a wrong password.
   */
  static PasswordHash decoy(int iterations, SecureRandom random) {
    checkIterations(iterations);
    byte[] salt = new byte[SALT_BYTES];
    byte[] hash = new byte[HASH_BYTES];
    random.nextBytes(salt);
    random.nextBytes(hash);
    return new PasswordHash(iterations, salt, hash);
  }

  /**
   * Reads {@code pbkdf2-sha256$ITERATIONS$SALT$HASH}.
   *
   * @throws IllegalArgumentException saying what is wrong with it, never repeating it
   */
  static PasswordHash parse(String text) {
    String[] parts = text.strip().split("\\$", -1);
    if (parts.length != 4 || !parts[0].equals(SCHEME)) {
      throw new IllegalArgumentException(
          "the password is not a hash of the form " + SCHEME + "$ITERATIONS$SALT$HASH");
    }
    int iterations;
    try {
      iterations = Integer.parseInt(parts[1]);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("the hash's iteration count is not a number");
    }
    checkIterations(iterations);
    byte[] salt = base64(parts[2], "salt");
    byte[] hash = base64(parts[3], "hash");
    if (salt.length < MIN_SALT_BYTES) {
      throw new IllegalArgumentException(
          "the hash's salt is " + salt.length + " bytes, fewer than " + MIN_SALT_BYTES);
    }
    if (hash.length != HASH_BYTES) {
      throw new IllegalArgumentException(
          "the hash is " + hash.length + " bytes, not the " + HASH_BYTES + " of PBKDF2-SHA256");
    }
    return new PasswordHash(iterations, salt, hash);
  }

  private static void checkIterations(int iterations) {
    if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
      throw new IllegalArgumentException(
          "the iteration count must be from "
              + MIN_ITERATIONS
              + " to "
              + MAX_ITERATIONS
              + ", not "
              + iterations);
    }
  }

  private static byte[] base64(String text, String what) {
    try {
      return Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the hash's " + what + " is not standard Base64");
    }
  }

  /** Whether {@code password} is the one hashed, compared in constant time. */
  boolean matches(String password) {
    byte[] secret = password.getBytes(StandardCharsets.UTF_8);
    try {
      return ConstantTime.isEqual(hash, Pbkdf2Sha256.derive(salt, secret, iterations));
    } finally {
      Arrays.fill(secret, (byte) 0);
    }
  }

  int iterations() {
    return iterations;
  }

  /** The line's form, {@code pbkdf2-sha256$ITERATIONS$SALT$HASH}. */
  String format() {
    Base64.Encoder base64 = Base64.getEncoder();
    return SCHEME
        + "$"
        + iterations
        + "$"
        + base64.encodeToString(salt)
        + "$"
        + base64.encodeToString(hash);
  }

  /** Leaves salt and hash out: a log line has no use for them. */
  @Override
  public String toString() {
    return SCHEME + "$" + iterations + "$…";
  }

  private static byte[] utf8(char[] password) {
    ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
    byte[] bytes = Arrays.copyOfRange(encoded.array(), encoded.position(), encoded.limit());
    Arrays.fill(encoded.array(), (byte) 0);
    return bytes;
  }
}
