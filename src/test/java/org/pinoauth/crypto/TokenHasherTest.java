package org.pinoauth.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.pinoauth.token.TokenMinter;

class TokenHasherTest {

  @Test
  void hashWhenSameInputThenSameHash() {
    String token = new TokenMinter().mint("pina_");

    assertEquals(TokenHasher.hash(token), TokenHasher.hash(token));
  }

  @Test
  void hashWhenAnyInputThen43Base64UrlCharacters() {
    for (String value : new String[] {"", "pina_x", "pinr_" + "z".repeat(500), "café"}) {
      String hash = TokenHasher.hash(value);
      assertTrue(hash.matches("[A-Za-z0-9_-]{43}"), hash);
    }
  }

  @Test
  void hashWhenKnownInputThenBase64UrlOfSha256() {
    // SHA-256("abc") = ba7816bf...f20015ad (FIPS 180-2 example), in base64url without padding.
    assertEquals("ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0", TokenHasher.hash("abc"));
  }

  @Test
  void hashWhenInputDiffersThenHashDiffers() {
    assertNotEquals(TokenHasher.hash("pina_a"), TokenHasher.hash("pina_b"));
    assertNotEquals(TokenHasher.hash("pina_a"), TokenHasher.hash("pinr_a"));
  }

  @Test
  void hashNeverContainsValue() {
    String token = new TokenMinter().mint("pina_");

    assertFalse(TokenHasher.hash(token).contains(token.substring(5)));
  }
}
