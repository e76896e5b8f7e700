package org.pinoauth.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TokenMinterTest {
  private static final String BASE64URL_256_BITS = "[A-Za-z0-9_-]{43}";

  @Test
  void mintWhenAccessPrefixThenPrefixAnd43Base64UrlCharacters() {
    String token = new TokenMinter().mint(TokenMinter.ACCESS_TOKEN_PREFIX);

    assertTrue(token.matches("pina_" + BASE64URL_256_BITS), token);
  }

  @Test
  void mintWhenRefreshPrefixThenPrefixAnd43Base64UrlCharacters() {
    String token = new TokenMinter().mint(TokenMinter.REFRESH_TOKEN_PREFIX);

    assertTrue(token.matches("pinr_" + BASE64URL_256_BITS), token);
  }

  @Test
  void mintWhenNoPrefixThen43Characters() {
    String code = new TokenMinter().mint("");

    assertTrue(code.matches(BASE64URL_256_BITS), code);
  }

  @Test
  void mintWhenCalledRepeatedlyThenDistinctValues() {
    TokenMinter minter = new TokenMinter();
    Set<String> values = new HashSet<>();

    for (int i = 0; i < 1000; i++) {
      values.add(minter.mint(TokenMinter.ACCESS_TOKEN_PREFIX));
    }

    assertEquals(1000, values.size());
  }

  @Test
  void mintWhenRandomSourceGivenThenItsBytesUsed() {
    TokenMinter first = new TokenMinter(() -> fixedRandom((byte) 0));
    TokenMinter second = new TokenMinter(() -> fixedRandom((byte) 0));
    TokenMinter other = new TokenMinter(() -> fixedRandom((byte) 1));

    String value = first.mint("pina_");

    assertEquals("pina_" + "A".repeat(43), value);
    assertEquals(value, second.mint("pina_"));
    assertNotEquals(value, other.mint("pina_"));
  }

  @Test
  void numberWhenDrawnRepeatedlyThenAllWithinBoundAndSpreadOut() {
    TokenMinter minter = new TokenMinter();
    Set<Long> values = new HashSet<>();

    for (int i = 0; i < 1000; i++) {
      long value = minter.number(9_000_000_000L);
      assertTrue(value >= 0 && value < 9_000_000_000L, Long.toString(value));
      values.add(value);
    }

    assertEquals(1000, values.size());
  }

  @Test
  void numberWhenRandomSourceGivenThenItsBytesUsed() {
    TokenMinter zeros = new TokenMinter(() -> fixedRandom((byte) 0));
    TokenMinter ones = new TokenMinter(() -> fixedRandom((byte) 1));

    assertEquals(0L, zeros.number(9_000_000_000L));
    long value = ones.number(9_000_000_000L);
    assertEquals(value, new TokenMinter(() -> fixedRandom((byte) 1)).number(9_000_000_000L));
    assertNotEquals(0L, value);
  }

  private static SecureRandom fixedRandom(byte fill) {
    return new SecureRandom() {
      @Override
      public void nextBytes(byte[] bytes) {
        java.util.Arrays.fill(bytes, fill);
      }
    };
  }
}
