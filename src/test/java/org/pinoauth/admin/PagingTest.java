package org.pinoauth.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pinoauth.error.OAuthError;
import org.pinoauth.error.OAuthException;

class PagingTest {

  @Test
  void parseWhenNothingSentThenDefaultLimitFromTheStart() {
    Paging paging = Paging.parse("apps", null, null);

    assertEquals(new Paging(100, Optional.empty()), paging);
  }

  @ParameterizedTest
  @ValueSource(strings = {"1", "7", "100", "1000", "0001"})
  void limitWhenWholeNumberFromOneToMaxThenTaken(String value) {
    assertEquals(
        Optional.of(Integer.parseInt(value)), Paging.limit(new String[] {value}), "for " + value);
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "1001", "9999", "10000", "-1", "+5", "abc", "", " 5", "1e3", "5.0"})
  void limitWhenOutOfRangeOrNotANumberThen400NamingLimit(String value) {
    assertRefused("limit", () -> Paging.limit(new String[] {value}));
  }

  @Test
  void limitWhenSentTwiceThen400NamingLimit() {
    assertRefused("limit", () -> Paging.limit(new String[] {"5", "5"}));
  }

  @ParameterizedTest
  @ValueSource(strings = {"1234567890", "pinner", "a%b c/ü", "😀:x:"})
  void cursorWhenMadeByTheListThenReadBackAsItsKey(String key) {
    String cursor = Paging.cursor("user-grants", key);

    assertTrue(cursor.matches("[A-Za-z0-9_-]+"), cursor);
    assertEquals(Optional.of(key), Paging.after("user-grants", new String[] {cursor}));
  }

  @Test
  void cursorWhenOfAnotherListThen400NamingCursor() {
    String cursor = Paging.cursor("apps", "1234567890");

    assertRefused("cursor", () -> Paging.after("app-grants", new String[] {cursor}));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "!!!!",
        "YXBwczoxMh", // "apps:12" with its last character changed: stray bits
        "YXBwczoxMg==", // padded
        "YXBwczoxMg%3D%3D",
        "YXBwcw", // "apps": no separator
        "YXBwczo", // "apps:": no key
        "YXBwczox Mg"
      })
  void cursorWhenTamperedThen400NamingCursor(String cursor) {
    assertRefused("cursor", () -> Paging.after("apps", new String[] {cursor}));
  }

  @Test
  void cursorWhenNotUtf8Then400NamingCursor() {
    byte[] bytes = {'a', 'p', 'p', 's', ':', (byte) 0xC3, (byte) 0x28};
    String cursor = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);

    assertRefused("cursor", () -> Paging.after("apps", new String[] {cursor}));
  }

  @ParameterizedTest
  @ValueSource(strings = {"\u0000", "12\u0000", "\n", "a\u001fb", "\u007f"})
  void cursorWhenKeyHoldsControlCharacterThen400NamingCursor(String key) {
    // A NUL reached PostgreSQL, which refuses it in text: a 500 instead of the operator's 400.
    String cursor = Paging.cursor("apps", key);

    assertRefused("cursor", () -> Paging.after("apps", new String[] {cursor}));
  }

  @Test
  void cursorWhenLongerThanAnyKeyThen400NamingCursor() {
    String cursor =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(("apps:" + "1".repeat(2000)).getBytes(StandardCharsets.UTF_8));

    assertRefused("cursor", () -> Paging.after("apps", new String[] {cursor}));
  }

  @Test
  void cursorWhenSentTwiceThen400NamingCursor() {
    String cursor = Paging.cursor("apps", "1");

    assertRefused("cursor", () -> Paging.after("apps", new String[] {cursor, cursor}));
  }

  private static void assertRefused(String field, Runnable parse) {
    OAuthException refused = assertThrows(OAuthException.class, parse::run);
    assertEquals(OAuthError.INVALID_REQUEST, refused.error());
    assertEquals(field, refused.field());
  }
}
