package org.pinoauth.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class StrictUtf8Test {

  @ParameterizedTest
  @CsvSource({
    "'', ''",
    "616263, abc",
    "c3a9, é",
    "e282ac, €",
    "f09f9880, \uD83D\uDE00",
  })
  void decodeWhenWellFormedThenTheText(String hex, String text) {
    assertEquals(Optional.of(text), StrictUtf8.decode(HexFormat.of().parseHex(hex)));
  }

  /** What {@code new String(bytes, UTF_8)} would quietly turn into U+FFFD. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "ff", // never in UTF-8
        "c3", // truncated sequence
        "80", // lone continuation byte
        "c0af", // overlong '/'
        "eda080", // UTF-16 surrogate U+D800
        "f4908080", // beyond U+10FFFF
        "61ff62" // bad byte between good ones
      })
  void decodeWhenMalformedThenEmpty(String hex) {
    assertEquals(Optional.empty(), StrictUtf8.decode(HexFormat.of().parseHex(hex)));
  }

  @ParameterizedTest
  @CsvSource({"1, 3, bc", "0, 0, ''", "3, 4, d"})
  void decodeWhenRangeThenOnlyThoseBytes(int from, int to, String text) {
    assertEquals(Optional.of(text), StrictUtf8.decode("abcd".getBytes(), from, to));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1})
  void decodeWhenRangeExcludesTheBadByteThenTheText(int from) {
    byte[] bytes = {'a', 'b', (byte) 0xff};

    assertEquals(Optional.of("ab".substring(from)), StrictUtf8.decode(bytes, from, 2));
  }
}
