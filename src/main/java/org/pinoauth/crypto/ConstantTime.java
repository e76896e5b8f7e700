package org.pinoauth.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The one comparison of secret values in pinoauth: client secret hashes, token MACs, PKCE
 * challenges, CSRF tokens. It takes the same time however much of a guess was right, so timing
 * cannot be used to guess a value byte by byte (issue "Hardening", CONTRACT §2.4). Every such
 * comparison goes through here, so this is the one place that has to be right; {@code
 * ConstantTimeTest} checks the sources for comparisons that bypass it.
 */
public final class ConstantTime {
  private ConstantTime() {}

  /**
   * Whether both hold the same bytes. Pass the server's own value as {@code expected}: the time
   * taken depends only on its length, never on {@code presented}'s length or on either's contents
   * (the documented contract of {@link MessageDigest#isEqual}).
   */
  public static boolean isEqual(byte[] expected, byte[] presented) {
    return MessageDigest.isEqual(expected, presented);
  }

  /** {@link #isEqual(byte[], byte[])} of the two texts' UTF-8 bytes. */
  public static boolean isEqual(String expected, String presented) {
    return isEqual(
        expected.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
  }
}
