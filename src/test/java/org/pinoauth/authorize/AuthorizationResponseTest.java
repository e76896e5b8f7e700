package org.pinoauth.authorize;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The redirect URI of an authorization response (RFC 6749 §4.1.2, RFC 9207 {@code iss}). */
class AuthorizationResponseTest {

  @Test
  void codeComesFirstThenStateThenIss() {
    // Pinterest's bash quickstart takes the code as the text between the first and second "=".
    assertEquals(
        "http://localhost:8085/?code=abc&state=xyz&iss=https%3A%2F%2Fauth.example",
        AuthorizationResponse.location(
            "http://localhost:8085/",
            Optional.of("xyz"),
            List.of("code", "abc"),
            Optional.of("https://auth.example")));
  }

  @Test
  void nothingFollowsTheParametersUnasked() {
    assertEquals(
        "http://localhost:8085/?code=abc",
        AuthorizationResponse.location(
            "http://localhost:8085/", Optional.empty(), List.of("code", "abc"), Optional.empty()));
  }

  @Test
  void aRedirectUriWithAQueryKeepsItAndGetsTheParametersAppended() {
    assertEquals(
        "https://app.example/cb?x=1&error=access_denied&error_description=The+user+denied."
            + "&state=a%26b%3Dc",
        AuthorizationResponse.location(
            "https://app.example/cb?x=1",
            Optional.of("a&b=c"),
            List.of("error", "access_denied", "error_description", "The user denied."),
            Optional.empty()));
  }
}
