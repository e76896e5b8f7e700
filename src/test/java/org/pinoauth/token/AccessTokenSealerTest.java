package org.pinoauth.token;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.pinoauth.scope.Scopes;
import org.pinoauth.store.TokenKeyStore;

class AccessTokenSealerTest {
  private static final Instant ISSUED = Instant.parse("2026-01-02T03:04:05.678Z");
  private static final AccessToken TOKEN =
      new AccessToken(
          42,
          Instant.parse("2025-06-07T08:09:10.111Z"),
          "1234567",
          "pinner",
          Scopes.parse("pins:read boards:read"),
          ISSUED,
          ISSUED.plusSeconds(2_592_000));

  private final AccessTokenSealer sealer = new AccessTokenSealer(key(1));

  private static byte[] key(int fill) {
    byte[] key = new byte[32];
    Arrays.fill(key, (byte) fill);
    return key;
  }

  @Test
  void openWhenSealedThenSameClaims() {
    String value = sealer.seal(TOKEN);

    assertEquals(Optional.of(TOKEN), sealer.open(value));
  }

  @Test
  void openWhenAppTokenWithUnicodeUsernameThenSameClaims() {
    AccessToken appToken =
        new AccessToken(
            AccessToken.NO_FAMILY,
            Instant.parse("2025-06-07T08:09:10.222Z"),
            "app-é",
            "marque-café",
            Scopes.parse("user_accounts:read"),
            ISSUED,
            ISSUED.plusSeconds(60));

    Optional<AccessToken> opened = sealer.open(sealer.seal(appToken));

    assertEquals(Optional.of(appToken), opened);
    assertFalse(opened.get().hasFamily());
  }

  @Test
  void sealWhenSameClaimsTwiceThenDistinctValues() {
    assertNotEquals(sealer.seal(TOKEN), sealer.seal(TOKEN));
  }

  @Test
  void sealThenPinaPrefixAndBase64urlAndNoClaimInClear() {
    String value = sealer.seal(TOKEN);

    assertTrue(value.matches("pina_[A-Za-z0-9_-]+"), value);
    String decoded =
        new String(Base64.getUrlDecoder().decode(value.substring(5)), StandardCharsets.ISO_8859_1);
    assertFalse(decoded.contains("pinner"), "username readable in the token");
    assertFalse(decoded.contains("1234567"), "client id readable in the token");
    assertFalse(decoded.contains("pins:read"), "scope readable in the token");
  }

  @Test
  void openWhenAnyByteAlteredThenEmpty() {
    byte[] sealed = Base64.getUrlDecoder().decode(sealer.seal(TOKEN).substring(5));
    for (int i = 0; i < sealed.length; i++) {
      byte[] altered = sealed.clone();
      altered[i] ^= 0x01;
      String value = "pina_" + Base64.getUrlEncoder().withoutPadding().encodeToString(altered);

      assertEquals(Optional.empty(), sealer.open(value), "byte " + i + " altered");
    }
  }

  @Test
  void openWhenTruncatedOrExtendedThenEmpty() {
    String value = sealer.seal(TOKEN);

    assertEquals(Optional.empty(), sealer.open(value.substring(0, value.length() - 1)));
    assertEquals(Optional.empty(), sealer.open(value.substring(0, 30)));
    assertEquals(Optional.empty(), sealer.open(value + "A"));
    assertEquals(Optional.empty(), sealer.open(value + "AAAA"));
  }

  @Test
  void openWhenSameBytesSpelledAnotherWayThenEmpty() {
    String value = sealer.seal(TOKEN);
    byte[] sealed = Base64.getUrlDecoder().decode(value.substring(5));
    String padded = "pina_" + Base64.getUrlEncoder().encodeToString(sealed);
    char last = value.charAt(value.length() - 1);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    for (char spare : alphabet.toCharArray()) {
      String respelled = value.substring(0, value.length() - 1) + spare;
      if (spare != last) {
        assertEquals(Optional.empty(), sealer.open(respelled), respelled);
      }
    }
    assertEquals(Optional.empty(), sealer.open(value + "="));
    assertEquals(Optional.empty(), sealer.open(value + "=="));
    if (!padded.equals(value)) {
      assertEquals(Optional.empty(), sealer.open(padded));
    }
  }

  @Test
  void openWhenSealedWithAPreviousKeyThenSameClaimsAndNewTokensSealedWithTheCurrentKey() {
    String old = sealer.seal(TOKEN);
    AccessTokenSealer rotated = new AccessTokenSealer(key(2), List.of(key(1)));

    String fresh = rotated.seal(TOKEN);

    assertEquals(Optional.of(TOKEN), rotated.open(old));
    assertEquals(Optional.of(TOKEN), rotated.open(fresh));
    assertEquals(Optional.empty(), sealer.open(fresh));
    assertEquals(Optional.of(TOKEN), new AccessTokenSealer(key(2)).open(fresh));
  }

  @Test
  void previousWhenCommaSeparatedKeysThenEachDecodedAndABadOneNamed() {
    String one = Base64.getEncoder().encodeToString(key(3));
    String two = Base64.getUrlEncoder().withoutPadding().encodeToString(key(4));

    List<byte[]> keys = TokenKey.previous(Optional.of(one + ", " + two + ","));
    IllegalArgumentException bad =
        assertThrows(
            IllegalArgumentException.class,
            () -> TokenKey.previous(Optional.of(one + ",c2hvcnQ=")));

    assertEquals(2, keys.size());
    assertArrayEquals(key(3), keys.get(0));
    assertArrayEquals(key(4), keys.get(1));
    assertTrue(bad.getMessage().contains("token.key.previous"), bad.getMessage());
    assertEquals(List.of(), TokenKey.previous(Optional.empty()));
  }

  @Test
  void openWhenSealedWithAnotherKeyThenEmpty() {
    String value = new AccessTokenSealer(key(2)).seal(TOKEN);

    assertEquals(Optional.empty(), sealer.open(value));
  }

  @Test
  void openWhenNotAnAccessTokenThenEmpty() {
    assertEquals(Optional.empty(), sealer.open(""));
    assertEquals(Optional.empty(), sealer.open("pina_"));
    assertEquals(Optional.empty(), sealer.open("pina_!!!!"));
    assertEquals(Optional.empty(), sealer.open("pinr_" + sealer.seal(TOKEN).substring(5)));
    assertEquals(Optional.empty(), sealer.open("pina_" + "A".repeat(10_000)));
  }

  @Test
  void constructWhenKeyShorterThan256BitsThenRefused() {
    assertThrows(IllegalArgumentException.class, () -> new AccessTokenSealer(new byte[31]));
  }

  @Test
  void loadWhenTokenKeyConfiguredThenItsBytesAndStoreUntouched() {
    byte[] configured = key(7);
    TokenKeyStore untouched =
        candidate -> {
          throw new AssertionError("the store was asked");
        };

    byte[] base64 =
        TokenKey.load(
            Optional.of(Base64.getMimeEncoder(16, "\n".getBytes()).encodeToString(configured)),
            untouched);
    byte[] base64url =
        TokenKey.load(
            Optional.of(Base64.getUrlEncoder().withoutPadding().encodeToString(configured)),
            untouched);

    assertArrayEquals(configured, base64);
    assertArrayEquals(configured, base64url);
  }

  @Test
  void loadWhenTokenKeyTooShortOrNotBase64ThenRefusedNamingTheSetting() {
    TokenKeyStore untouched =
        candidate -> {
          throw new AssertionError("the store was asked");
        };

    IllegalArgumentException short128 =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                TokenKey.load(
                    Optional.of(Base64.getEncoder().encodeToString(new byte[16])), untouched));
    IllegalArgumentException notBase64 =
        assertThrows(
            IllegalArgumentException.class,
            () -> TokenKey.load(Optional.of("not a key at all!"), untouched));

    assertTrue(short128.getMessage().contains("token.key"), short128.getMessage());
    assertTrue(short128.getMessage().contains("128"), short128.getMessage());
    assertTrue(notBase64.getMessage().contains("token.key"), notBase64.getMessage());
  }

  @Test
  void loadWhenNoTokenKeyThenStoredKeyWinsOverTheCandidate() {
    byte[] stored = key(9);
    String storedText = Base64.getUrlEncoder().withoutPadding().encodeToString(stored);
    String[] offered = new String[1];

    byte[] loaded =
        TokenKey.load(
            Optional.empty(),
            candidate -> {
              offered[0] = candidate;
              return storedText;
            });

    assertArrayEquals(stored, loaded);
    assertEquals(32, Base64.getUrlDecoder().decode(offered[0]).length);
  }
}
