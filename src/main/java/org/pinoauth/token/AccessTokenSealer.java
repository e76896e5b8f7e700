package org.pinoauth.token;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.pinoauth.crypto.ConstantTime;
import org.pinoauth.crypto.HmacSha256;
import org.pinoauth.scope.Scopes;

/**
 * Seals access tokens so that issuing one writes nothing: the claims are encrypted with AES-256-CTR
 * under a fresh random 128-bit IV and authenticated with HMAC-SHA-256 over everything before the
 * tag (encrypt-then-MAC). Clients can neither read nor alter them, so tokens stay opaque as
 * CONTRACT §2.4 says. Random 128-bit IVs keep counter blocks apart for far more tokens than one key
 * will ever seal, unlike GCM's 96-bit nonces, which NIST limits to 2^32 random ones per key.
 *
 * <p>A token is {@code pina_} and base64url of: version (1 byte), IV (16), ciphertext, tag (the
 * HMAC, 32). The plaintext starts with 16 random bytes, so that a token carries 256 random bits
 * like every other pinoauth token, and a forgery has to beat a 256-bit tag. The encryption and MAC
 * keys are derived from one master key (HMAC-SHA-256 of the master key over a label), so one
 * 256-bit secret serves both. The tag is checked in constant time before anything is decrypted.
 *
 * <p>Sealing proves only what was issued; whether a token still counts (revoked, family revoked,
 * app deleted) is for {@link AccessTokens} to ask the store.
 */
public final class AccessTokenSealer {
  private static final byte VERSION = 1;
  private static final int IV_BYTES = 16;
  private static final int TAG_BYTES = 32;

  /**
   * Random bytes sealed with the claims: with the IV, 256 bits no one can guess (CONTRACT §2.4).
   */
  private static final int SALT_BYTES = 16;

  /** Longer than any token this class makes from legal claims; refused unread. */
  private static final int MAX_VALUE_CHARS = 8192;

  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder BASE64URL_DECODER = Base64.getUrlDecoder();

  /** The current key first: it seals; every key opens what it sealed. */
  private final List<Keys> keys;

  private final ThreadLocal<Cipher> cipher = ThreadLocal.withInitial(AccessTokenSealer::newCipher);
  private final ThreadLocal<SecureRandom> random;

  /**
   * @param masterKey at least 256 bits of secret key material
   */
  public AccessTokenSealer(byte[] masterKey) {
    this(masterKey, List.of());
  }

  /**
   * @param masterKey the key that seals, at least 256 bits
   * @param previousKeys keys that sealed tokens still in use, which open but no longer seal: a key
   *     rotation lets the old key's tokens run out instead of ending them at once
   */
  public AccessTokenSealer(byte[] masterKey, List<byte[]> previousKeys) {
    List<Keys> all = new ArrayList<>();
    all.add(Keys.derivedFrom(masterKey));
    previousKeys.forEach(previous -> all.add(Keys.derivedFrom(previous)));
    this.keys = List.copyOf(all);
    this.random = ThreadLocal.withInitial(TokenMinter::newGenerator);
  }

  /** The encryption and MAC keys derived from one master key. */
  private record Keys(SecretKeySpec encryption, ThreadLocal<Mac> mac) {
    static Keys derivedFrom(byte[] masterKey) {
      if (masterKey.length < 32) {
        throw new IllegalArgumentException("The token key must have at least 256 bits");
      }
      byte[] macKey = derive(masterKey, "authentication");
      return new Keys(
          new SecretKeySpec(derive(masterKey, "encryption"), "AES"),
          ThreadLocal.withInitial(() -> HmacSha256.newMac(macKey)));
    }
  }

  /** The token value for these claims; a fresh IV makes every value different. */
  public String seal(AccessToken token) {
    byte[] plaintext = encode(token, random.get());
    byte[] sealed = new byte[1 + IV_BYTES + plaintext.length + TAG_BYTES];
    sealed[0] = VERSION;
    byte[] iv = new byte[IV_BYTES];
    random.get().nextBytes(iv);
    System.arraycopy(iv, 0, sealed, 1, IV_BYTES);
    Keys current = keys.get(0);
    try {
      Cipher aes = cipher.get();
      aes.init(Cipher.ENCRYPT_MODE, current.encryption(), new IvParameterSpec(iv));
      aes.doFinal(plaintext, 0, plaintext.length, sealed, 1 + IV_BYTES);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-CTR failed on a valid key", e);
    }
    byte[] tag = tag(current, sealed, sealed.length - TAG_BYTES);
    System.arraycopy(tag, 0, sealed, sealed.length - TAG_BYTES, TAG_BYTES);
    return TokenMinter.ACCESS_TOKEN_PREFIX + BASE64URL.encodeToString(sealed);
  }

  /**
   * The claims of a token one of the keys sealed; empty for anything else: another prefix, bad
   * base64url, a wrong tag (altered, or sealed with an unknown key), another version.
   */
  public Optional<AccessToken> open(String value) {
    if (value.length() > MAX_VALUE_CHARS || !value.startsWith(TokenMinter.ACCESS_TOKEN_PREFIX)) {
      return Optional.empty();
    }
    String encoded = value.substring(TokenMinter.ACCESS_TOKEN_PREFIX.length());
    byte[] sealed;
    try {
      sealed = BASE64URL_DECODER.decode(encoded);
    } catch (IllegalArgumentException notBase64url) {
      return Optional.empty();
    }
    // One token, one spelling: the decoder also takes padding and ignores the spare bits of the
    // last character, and a respelled token would hash past its own revocation.
    if (!BASE64URL.encodeToString(sealed).equals(encoded)) {
      return Optional.empty();
    }
    if (sealed.length < 1 + IV_BYTES + TAG_BYTES || sealed[0] != VERSION) {
      return Optional.empty();
    }
    int tagAt = sealed.length - TAG_BYTES;
    byte[] presented = Arrays.copyOfRange(sealed, tagAt, sealed.length);
    Keys sealer = null;
    for (Keys candidate : keys) {
      if (ConstantTime.isEqual(tag(candidate, sealed, tagAt), presented)) {
        sealer = candidate;
        break;
      }
    }
    if (sealer == null) {
      return Optional.empty();
    }
    byte[] plaintext;
    try {
      Cipher aes = cipher.get();
      aes.init(Cipher.DECRYPT_MODE, sealer.encryption(), new IvParameterSpec(sealed, 1, IV_BYTES));
      plaintext = aes.doFinal(sealed, 1 + IV_BYTES, tagAt - 1 - IV_BYTES);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-CTR failed on a valid key", e);
    }
    return decode(plaintext);
  }

  private static byte[] tag(Keys keys, byte[] sealed, int length) {
    Mac hmac = keys.mac().get();
    hmac.update(sealed, 0, length);
    return hmac.doFinal();
  }

  private static byte[] encode(AccessToken token, SecureRandom random) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
    byte[] salt = new byte[SALT_BYTES];
    random.nextBytes(salt);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.write(salt);
      out.writeLong(token.familyId());
      out.writeLong(token.appCreatedAt().toEpochMilli());
      out.writeLong(token.issuedAt().toEpochMilli());
      out.writeLong(token.expiresAt().toEpochMilli());
      out.writeUTF(token.clientId());
      out.writeUTF(token.username());
      out.writeUTF(token.scopes().toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
    }
    return bytes.toByteArray();
  }

  /** Only reached with an authentic tag, so a failure here means a bug, not an attack. */
  private static Optional<AccessToken> decode(byte[] plaintext) {
    try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(plaintext))) {
      in.skipNBytes(SALT_BYTES);
      long familyId = in.readLong();
      Instant appCreatedAt = Instant.ofEpochMilli(in.readLong());
      Instant issuedAt = Instant.ofEpochMilli(in.readLong());
      Instant expiresAt = Instant.ofEpochMilli(in.readLong());
      String clientId = in.readUTF();
      String username = in.readUTF();
      Scopes scopes = Scopes.parse(in.readUTF());
      if (in.available() != 0) {
        return Optional.empty();
      }
      return Optional.of(
          new AccessToken(familyId, appCreatedAt, clientId, username, scopes, issuedAt, expiresAt));
    } catch (IOException truncated) {
      return Optional.empty();
    }
  }

  private static byte[] derive(byte[] masterKey, String purpose) {
    return HmacSha256.deriveKey(masterKey, "pinoauth access token " + purpose + " v1");
  }

  private static Cipher newCipher() {
    try {
      return Cipher.getInstance("AES/CTR/NoPadding");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES/CTR is missing from this JDK", e);
    }
  }
}
