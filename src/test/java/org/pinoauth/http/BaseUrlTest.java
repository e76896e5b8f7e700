package org.pinoauth.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which request origins {@link BaseUrl#plain} lets into a document. */
class BaseUrlTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://localhost",
        "http://localhost:8080",
        "https://auth.example.com",
        "HTTPS://Auth.Example.COM:443",
        "http://xn--bcher-kva.example",
        "http://a-b.c-d.example",
        "http://127.0.0.1:65535",
        "http://[::1]",
        "http://[::1]:8080",
        "http://[2001:db8::ffff:192.0.2.1]"
      })
  void isPlainOriginWhenHostNameOrAddressThenTrue(String origin) {
    assertTrue(BaseUrl.isPlainOrigin(origin), origin);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://a'b",
        "http://a%0d%0ab",
        "http://a;b",
        "http://a,b",
        "http://a&b",
        "http://a=b",
        "http://a!b",
        "http://a$b",
        "http://a(b)",
        "http://a*b",
        "http://a+b",
        "http://a~b",
        "http://a_b.example",
        "http://-a.example",
        "http://a-.example",
        "http://a..b",
        "http://.example",
        "http://a.example.",
        "http://a<b>",
        "http://a b",
        "http://user@host",
        "http://[::1]%25eth0",
        "http://[::1",
        "http://host:",
        "http://host:123456",
        "http://host:8o",
        "gopher://localhost",
        "javascript://localhost",
        "//localhost",
        "http://",
        ""
      })
  void isPlainOriginWhenAnythingElseThenFalse(String origin) {
    assertFalse(BaseUrl.isPlainOrigin(origin), origin);
  }

  @ParameterizedTest
  @ValueSource(ints = {63, 64})
  void isPlainOriginWhenLabelOver63CharactersThenFalse(int length) {
    String origin = "http://" + "a".repeat(length) + ".example";

    assertEquals(length <= 63, BaseUrl.isPlainOrigin(origin), origin);
  }

  @ParameterizedTest
  @ValueSource(ints = {253, 255})
  void isPlainOriginWhenHostOver253CharactersThenFalse(int length) {
    // Labels of 49 characters and dots, cut to the length wanted.
    String host = ("a".repeat(49) + ".").repeat(6).substring(0, length - 1) + "b";

    assertEquals(length <= 253, BaseUrl.isPlainOrigin("http://" + host), host);
  }
}
