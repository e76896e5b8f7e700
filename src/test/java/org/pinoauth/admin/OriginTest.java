package org.pinoauth.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** How {@link Origin} reads {@code Origin} headers and URLs, and which ones it finds the same. */
class OriginTest {

  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource({
    "http://localhost:8080, http://localhost:8080/",
    "https://auth.example.com, https://auth.example.com/pinoauth",
    "https://auth.example.com, https://auth.example.com:443/",
    "https://auth.example.com:443, https://auth.example.com",
    "http://auth.example.com, http://auth.example.com:80/x?y#z",
    "HTTPS://Auth.Example.COM, https://auth.example.com/",
    "http://127.0.0.1:8080, http://127.0.0.1:8080/",
    "http://[::1]:8080, http://[0:0:0:0:0:0:0:1]:8080/",
    "http://[2001:DB8::1], http://[2001:db8:0:0:0:0:0:1]/"
  })
  void ofHeaderWhenSameOriginAsUrlThenEqual(String header, String url) {
    Optional<Origin> fromHeader = Origin.ofHeader(header);

    assertTrue(fromHeader.isPresent(), header);
    assertEquals(Origin.ofUrl(url), fromHeader);
  }

  @ParameterizedTest(name = "{0} != {1}")
  @CsvSource({
    "https://evil.example, https://auth.example.com/",
    "http://auth.example.com, https://auth.example.com/",
    "https://auth.example.com:8443, https://auth.example.com/",
    "https://auth.example.com:80, https://auth.example.com/",
    "http://localhost:8080, http://127.0.0.1:8080/",
    "https://auth.example.com.evil.example, https://auth.example.com/",
    "https://sub.auth.example.com, https://auth.example.com/",
    "http://[::2]:8080, http://[::1]:8080/"
  })
  void ofHeaderWhenAnotherOriginThenNotEqual(String header, String url) {
    Optional<Origin> fromHeader = Origin.ofHeader(header);

    assertTrue(fromHeader.isPresent(), header);
    assertTrue(Origin.ofUrl(url).isPresent(), url);
    assertNotEquals(Origin.ofUrl(url), fromHeader);
  }

  /** Not {@code scheme://host[:port]}: never anyone's own origin. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "null",
        "",
        " ",
        "auth.example.com",
        "//auth.example.com",
        "https://auth.example.com/",
        "https://auth.example.com/path",
        "https://auth.example.com?x",
        "https://auth.example.com#x",
        "https://user@auth.example.com",
        "https://user:pw@auth.example.com",
        "https://auth_example.com",
        "https://auth.example.com:80a",
        "https://[::1",
        "https://[fe80::1%25eth0]",
        "https://[::ffff:127.0.0.1]",
        "https://[::ffff:99999999999.0.0.1]",
        "https://auth example.com",
        "data:text/html,x",
        "file:///etc/passwd"
      })
  void ofHeaderWhenNotASerializedOriginThenEmpty(String header) {
    assertEquals(Optional.empty(), Origin.ofHeader(header), header);
  }

  @Test
  void ofUrlWhenNotAnAbsoluteUrlWithAHostThenEmpty() {
    assertEquals(Optional.empty(), Origin.ofUrl("/relative"));
    assertEquals(Optional.empty(), Origin.ofUrl("http://a b/"));
    assertEquals(Optional.empty(), Origin.ofUrl("http://under_score.example/"));
  }

  @Test
  void toStringWhenDefaultPortThenLeftOut() {
    assertEquals(
        "https://auth.example.com",
        Origin.ofUrl("HTTPS://AUTH.example.com:443/x").orElseThrow().toString());
    assertEquals(
        "http://[0:0:0:0:0:0:0:1]:8080",
        Origin.ofUrl("http://[::1]:8080").orElseThrow().toString());
  }
}
