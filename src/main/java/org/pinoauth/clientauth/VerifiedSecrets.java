package org.pinoauth.clientauth;

import java.security.SecureRandom;
import java.util.concurrent.ConcurrentHashMap;
import org.pinoauth.client.Secret;
import org.pinoauth.crypto.ConstantTime;
import org.pinoauth.crypto.HmacSha256;

/**
 * The secrets this node has verified against a slow (PBKDF2) stored hash, so that a correct secret
 * costs PBKDF2 once per node and stored hash rather than on every request. It keeps, per client id,
 * the stored hash it was verified against and an HMAC of the secret under a key made at start-up
 * and never written anywhere, never the secret; an entry serves only the same stored hash, so a
 * rotated or re-bootstrapped secret is checked afresh. Bounded; no lock shared by all requests.
 */
final class VerifiedSecrets {
  /**
   * Entries kept at most. Only an existing app's correct secret is remembered, so there is one
   * entry per app with a short chosen secret: operators make those, not strangers.
   */
  static final int MAX_ENTRIES = 10_000;

  private record Entry(String storedHash, byte[] mac) {}

  private final ConcurrentHashMap<String, Entry> byClientId = new ConcurrentHashMap<>();
  private final byte[] key;
  private final int maxEntries;

  VerifiedSecrets() {
    this(MAX_ENTRIES);
  }

  VerifiedSecrets(int maxEntries) {
    this.key = new byte[32];
    new SecureRandom().nextBytes(key);
    this.maxEntries = maxEntries;
  }

  /** Whether {@code secret} is the one already verified for this client against this hash. */
  boolean contains(String clientId, String storedHash, Secret secret) {
    // Computed whether or not there is an entry, so the time does not tell whether there is one.
    byte[] presented = mac(secret);
    Entry entry = byClientId.get(clientId);
    if (entry == null) {
      return false;
    }
    if (!entry.storedHash().equals(storedHash)) {
      byClientId.remove(clientId, entry); // the secret changed: the entry can never serve again
      return false;
    }
    return ConstantTime.isEqual(entry.mac(), presented);
  }

  /** Remembers {@code secret}, just verified against {@code storedHash}; skipped when full. */
  void remember(String clientId, String storedHash, Secret secret) {
    if (byClientId.size() >= maxEntries && !byClientId.containsKey(clientId)) {
      return; // past the bound, further apps pay PBKDF2 on every request: slower, still correct
    }
    byClientId.put(clientId, new Entry(storedHash, mac(secret)));
  }

  int size() {
    return byClientId.size();
  }

  private byte[] mac(Secret secret) {
    return HmacSha256.newMac(key).doFinal(secret.utf8());
  }
}
