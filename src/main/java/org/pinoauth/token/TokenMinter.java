package org.pinoauth.token;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.function.Supplier;

/**
 * Mints token and code values: a prefix and 256 bits from a cryptographic random source, in
 * base64url; and random numbers for ids. Each thread has its own generator, so minting takes no
 * lock shared by all requests.
 */
public final class TokenMinter {
  public static final String ACCESS_TOKEN_PREFIX = "pina_";
  public static final String REFRESH_TOKEN_PREFIX = "pinr_";
  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  private final ThreadLocal<SecureRandom> random;

  public TokenMinter() {
    this(TokenMinter::newGenerator);
  }

  /**
   * A DRBG of its own per thread: the platform default (NativePRNG) reads /dev/urandom under one
   * lock shared by every instance, which showed up as the token endpoint's second-longest wait.
   */
  static SecureRandom newGenerator() {
    try {
      return SecureRandom.getInstance("DRBG");
    } catch (NoSuchAlgorithmException e) {
      return new SecureRandom();
    }
  }

  /** For tests that need a fixed random source. */
  public TokenMinter(Supplier<SecureRandom> randomSource) {
    this.random = ThreadLocal.withInitial(randomSource);
  }

  /**
   * A random number from 0 up to, not including, {@code bound}, from the same generators: for
   * identifiers such as client ids, which are public but should not be guessable in sequence.
   */
  public long number(long bound) {
    return random.get().nextLong(bound);
  }

  /** A fresh value: {@code prefix} and 43 base64url characters (256 bits). */
  public String mint(String prefix) {
    byte[] bytes = new byte[32];
    random.get().nextBytes(bytes);
    return prefix + BASE64URL.encodeToString(bytes);
  }
}
