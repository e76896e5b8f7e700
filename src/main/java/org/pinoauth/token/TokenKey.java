package org.pinoauth.token;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.pinoauth.store.TokenKeyStore;

/**
 * The master key access tokens are sealed with: {@code token.key} when the operator set one (kept
 * out of the database, so a copy of the database cannot mint tokens), else a random key generated
 * once and kept in the store, shared by every node.
 */
public final class TokenKey {
  private static final Logger LOG = System.getLogger(TokenKey.class.getName());
  private static final int KEY_BYTES = 32;
  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  private TokenKey() {}

  /**
   * @param configured {@code token.key}: at least 256 bits in base64 or base64url; white space,
   *     such as the line breaks of {@code openssl rand -base64}, is ignored
   * @throws IllegalArgumentException when {@code token.key} is not such a value, so the application
   *     does not start with a key that cannot be meant
   */
  public static byte[] load(Optional<String> configured, TokenKeyStore store) {
    if (configured.isPresent()) {
      return decode(configured.get(), "token.key");
    }
    LOG.log(
        Level.INFO,
        "token.key is not set: access tokens are sealed with the key stored in the database"
            + " (set token.key in production; see docs/configuration.md)");
    byte[] fresh = new byte[KEY_BYTES];
    TokenMinter.newGenerator().nextBytes(fresh);
    return decode(store.keyOr(BASE64URL.encodeToString(fresh)), "the stored token key");
  }

  /**
   * The keys of {@code token.key.previous}: comma-separated, each like {@code token.key}. Tokens
   * they sealed still open until they expire; none is sealed with them.
   *
   * @throws IllegalArgumentException naming the setting when one of them is not such a key
   */
  public static List<byte[]> previous(Optional<String> configured) {
    if (configured.isEmpty()) {
      return List.of();
    }
    return Arrays.stream(configured.get().split(","))
        .filter(key -> !key.isBlank())
        .map(key -> decode(key, "token.key.previous"))
        .toList();
  }

  private static byte[] decode(String text, String source) {
    byte[] key;
    try {
      String base64url = text.replaceAll("\\s", "").replace('+', '-').replace('/', '_');
      key = Base64.getUrlDecoder().decode(base64url.replace("=", ""));
    } catch (IllegalArgumentException notBase64) {
      throw new IllegalArgumentException(source + " is not base64 or base64url");
    }
    if (key.length < KEY_BYTES) {
      throw new IllegalArgumentException(
          source + " has " + key.length * 8 + " bits; it needs at least " + KEY_BYTES * 8);
    }
    return key;
  }
}
