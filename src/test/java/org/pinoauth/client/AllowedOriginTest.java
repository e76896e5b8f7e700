package org.pinoauth.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Registered browser origins (CONTRACT §9): exact, canonical, https or loopback http. */
class AllowedOriginTest {

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource({
    "https://app.example.com, https://app.example.com",
    "HTTPS://App.Example.COM, https://app.example.com",
    "https://app.example.com:443, https://app.example.com",
    "https://app.example.com:8443, https://app.example.com:8443",
    "https://app.example.com:08443, https://app.example.com:8443",
    "https://203.0.113.7, https://203.0.113.7",
    "http://localhost:3000, http://localhost:3000",
    "http://LOCALHOST:80, http://localhost",
    "http://127.0.0.1:5173, http://127.0.0.1:5173",
    "http://[::1]:8000, http://[::1]:8000",
    "https://xn--bcher-kva.example, https://xn--bcher-kva.example",
    "https://a.com.evil.com, https://a.com.evil.com",
  })
  void normalizeWhenValidThenCanonicalSpelling(String given, String canonical) {
    assertEquals(canonical, AllowedOrigin.normalize(given));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "null",
        "NULL",
        "*",
        "https://*.example.com",
        "https://app.example.com/",
        "https://app.example.com/callback",
        "https://app.example.com?x=1",
        "https://app.example.com#top",
        "https://user:pass@app.example.com",
        "https://app.example.com@evil.example",
        "http://example.com",
        "http://127.0.0.2:8080",
        "ftp://app.example.com",
        "app.example.com",
        "//app.example.com",
        "https://",
        "https://:443",
        "https://app_1.example.com",
        "https://-app.example.com",
        "https://app.example.com.",
        "https://app..example.com",
        "https://app.example.com:",
        "https://app.example.com:0",
        "https://app.example.com:65536",
        "https://app.example.com:99999999999",
        "https://app.example.com:+443",
        "https://app.example.com:443:443",
        "https://app.example.com%2f",
        "https://bücher.example",
        "https://app.example.com ",
        "https://[2001:db8::1]",
        "https://[::1",
        "http://[::1]x",
        "http://[0:0:0:0:0:0:0:1]:8000",
        "javascript:alert(1)",
        "data:text/html,x",
      })
  void normalizeWhenNotAnExactHttpsOrLoopbackOriginThenRefused(String given) {
    assertThrows(IllegalArgumentException.class, () -> AllowedOrigin.normalize(given));
  }

  @ParameterizedTest
  @ValueSource(strings = {"https://user:s3cret@app.example.com", "https://x.example/s3cret"})
  void normalizeWhenRefusedThenMessageDoesNotRepeatTheValue(String given) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> AllowedOrigin.normalize(given));
    assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"https://app.example.com", "http://localhost:3000", "http://[::1]:8080"})
  void ofHeaderWhenCanonicalThenItself(String header) {
    assertEquals(Optional.of(header), AllowedOrigin.ofHeader(header));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "null",
        "HTTPS://app.example.com",
        "https://app.example.com:443",
        "http://[::1]:80",
        "https://app.example.com/",
        "http://example.com",
        "https://a b"
      })
  void ofHeaderWhenNotCanonicalOrNotAnOriginThenEmpty(String header) {
    assertEquals(Optional.empty(), AllowedOrigin.ofHeader(header));
  }
}
