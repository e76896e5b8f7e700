package org.pinoauth.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC-SHA-256, and the keys pinoauth derives with it from one master key, one per purpose. */
public final class HmacSha256 {
  private HmacSha256() {}

  /** A MAC keyed with {@code key}, ready to use; not thread-safe. */
  public static Mac newMac(byte[] key) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is required of every JVM", e);
    }
  }

  /**
   * A key for one {@code purpose} only, from {@code masterKey}: knowing it tells nothing of the
   * master key or of the keys for other purposes.
   */
  public static byte[] deriveKey(byte[] masterKey, String purpose) {
    return newMac(masterKey).doFinal(purpose.getBytes(StandardCharsets.US_ASCII));
  }
}
