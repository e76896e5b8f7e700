package org.pinoauth.admin;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which {@code Content-Type} headers {@link AdminCsrfFilter} takes for JSON. */
class AdminCsrfFilterTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "application/json",
        "Application/JSON",
        "application/json; charset=utf-8",
        " application/json ;charset=UTF-8"
      })
  void isJsonWhenJsonMediaTypeThenTrue(String type) {
    assertTrue(AdminCsrfFilter.isJson(List.of(type)), type);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "application/x-www-form-urlencoded",
        "text/plain",
        "multipart/form-data; boundary=x",
        "application/jsonp",
        "application/json-seq",
        "text/json",
        "application/merge-patch+json",
        "",
        ";application/json"
      })
  void isJsonWhenAnotherMediaTypeThenFalse(String type) {
    assertFalse(AdminCsrfFilter.isJson(List.of(type)), type);
  }

  @Test
  void isJsonWhenNoneOrTwoHeadersThenFalse() {
    assertFalse(AdminCsrfFilter.isJson(List.of()));
    assertFalse(AdminCsrfFilter.isJson(List.of("application/json", "application/json")));
  }
}
