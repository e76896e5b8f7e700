package org.pinoauth.client;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Redirect URI matching (RFC 8252 §7.3 for public apps, exact otherwise), hostile cases first. */
class RedirectUrisTest {
  private static final List<String> REGISTERED =
      List.of(
          "http://127.0.0.1/callback",
          "http://[::1]/cb",
          "http://localhost/cb",
          "http://127.0.0.1:8000/fixed",
          "https://app.example/cb",
          "com.example.app:/callback");

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://127.0.0.1/callback",
        "http://127.0.0.1:1/callback",
        "http://127.0.0.1:80/callback",
        "http://127.0.0.1:49152/callback",
        "http://127.0.0.1:65535/callback",
        "http://[::1]:51004/cb",
        "http://[::1]/cb",
        "http://127.0.0.1:8000/fixed",
        "https://app.example/cb",
        "com.example.app:/callback"
      })
  void acceptsWhenPublicAndLoopbackWithAnyPortThenTrue(String presented) {
    assertTrue(RedirectUris.accepts(REGISTERED, presented, true), presented);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://127.0.0.1.evil.com/callback",
        "http://127.0.0.1:80.evil.com/callback",
        "http://127.0.0.1:80@evil.com/callback",
        "http://127.0.0.1@evil.com/callback",
        "http://127.0.0.1:80/callback@evil.com",
        "http://127.0.0.1:/callback",
        "http://127.0.0.1:0/callback",
        "http://127.0.0.1:080/callback",
        "http://127.0.0.1:65536/callback",
        "http://127.0.0.1:99999/callback",
        "http://127.0.0.1:+80/callback",
        "http://127.0.0.1:-1/callback",
        "http://127.0.0.1:8０/callback", // a full-width digit
        "http://127.0.0.1:80/callback/",
        "http://127.0.0.1:80/Callback",
        "http://127.0.0.1:80/callback/../evil",
        "http://127.0.0.1:80/callback?x=1",
        "http://127.0.0.1:80/callback#x",
        "http://127.0.0.1:80//callback",
        "http://127.0.0.1:80",
        "https://127.0.0.1:80/callback",
        "HTTP://127.0.0.1:80/callback",
        "http://127.0.0.2:80/callback",
        "http://127.1:80/callback",
        "http://[::1]:80/callback",
        "http://[::1]:80:81/cb",
        "http://[0:0:0:0:0:0:0:1]:80/cb",
        "http://[::1].evil.com/cb",
        "http://localhost:8085/cb",
        "http://127.0.0.1:9000/fixed",
        "http://127.0.0.1:8000:9000/fixed",
        "https://app.example:443/cb",
        "com.example.app:/callback/x",
        "com.example.app://callback"
      })
  void acceptsWhenNotTheRegisteredUriExceptForItsPortThenFalse(String presented) {
    assertFalse(RedirectUris.accepts(REGISTERED, presented, true), presented);
  }

  @ParameterizedTest
  @CsvSource({
    "http://127.0.0.1/callback, http://127.0.0.1:49152/callback",
    "http://[::1]/cb, http://[::1]:51004/cb",
  })
  void acceptsWhenConfidentialThenExactOnly(String registered, String presented) {
    assertTrue(RedirectUris.accepts(List.of(registered), registered, false));
    assertFalse(RedirectUris.accepts(List.of(registered), presented, false));
  }

  @ParameterizedTest
  @CsvSource({
    "http://127.0.0.1, http://127.0.0.1:5000",
    "http://127.0.0.1/, http://127.0.0.1:5000/",
    "http://127.0.0.1/a?b=c, http://127.0.0.1:5000/a?b=c",
  })
  void acceptsWhenRegisteredWithoutPathOrWithQueryThenOnlyThePortMayDiffer(
      String registered, String presented) {
    assertTrue(RedirectUris.accepts(List.of(registered), presented, true));
    assertFalse(RedirectUris.accepts(List.of(registered), presented + "x", true));
  }
}
