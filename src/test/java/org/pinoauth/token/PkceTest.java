package org.pinoauth.token;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pinoauth.error.OAuthError;
import org.pinoauth.error.OAuthException;
import org.pinoauth.scope.Scopes;
import org.pinoauth.store.AuthorizationCode;

class PkceTest {
  // RFC 7636 Appendix B.
  private static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
  private static final String CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
  private static final String OTHER_VERIFIER = "eBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

  private static AuthorizationCode code(String challenge, String method) {
    Instant now = Instant.parse("2025-01-01T00:00:00Z");
    return new AuthorizationCode(
        "hash",
        "1234567",
        "pinner",
        "http://localhost:8085/",
        Scopes.parse("pins:read"),
        Optional.ofNullable(challenge),
        Optional.ofNullable(method),
        now,
        now.plusSeconds(600));
  }

  private static void assertInvalidGrant(Executable call) {
    OAuthException e = assertThrows(OAuthException.class, call);
    assertEquals(OAuthError.INVALID_GRANT, e.error());
  }

  @Test
  void s256WhenRfc7636AppendixBVerifierThenItsChallenge() {
    assertEquals(CHALLENGE, Pkce.s256(VERIFIER));
  }

  @Test
  void verifyWhenS256VerifierRightThenPasses() {
    assertDoesNotThrow(() -> Pkce.verify(code(CHALLENGE, Pkce.S256), Optional.of(VERIFIER), false));
  }

  @Test
  void verifyWhenS256VerifierWrongThenInvalidGrant() {
    assertInvalidGrant(
        () -> Pkce.verify(code(CHALLENGE, Pkce.S256), Optional.of(OTHER_VERIFIER), false));
  }

  @Test
  void verifyWhenS256AndVerifierIsTheChallengeItselfThenInvalidGrant() {
    assertInvalidGrant(() -> Pkce.verify(code(CHALLENGE, Pkce.S256), Optional.of(CHALLENGE), true));
  }

  @Test
  void verifyWhenVerifierMissingAndChallengePresentThenInvalidGrant() {
    assertInvalidGrant(() -> Pkce.verify(code(CHALLENGE, Pkce.S256), Optional.empty(), false));
  }

  @Test
  void verifyWhenVerifierSentWithoutChallengeThenInvalidGrant() {
    assertInvalidGrant(() -> Pkce.verify(code(null, null), Optional.of(VERIFIER), false));
  }

  @Test
  void verifyWhenNoChallengeAndNoVerifierThenPasses() {
    assertDoesNotThrow(() -> Pkce.verify(code(null, null), Optional.empty(), false));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjX",
        "short",
        "",
        "dBjftJeZ4CVP+mB92K27uhbUJU1p1r_wW1gFWFOEjXk",
        "dBjftJeZ4CVP mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
      })
  void verifyWhenVerifierMalformedThenInvalidGrant(String verifier) {
    assertInvalidGrant(
        () -> Pkce.verify(code(Pkce.s256(verifier), Pkce.S256), Optional.of(verifier), false));
  }

  @Test
  void verifyWhenVerifierLongerThan128ThenInvalidGrant() {
    String verifier = "a".repeat(129);

    assertInvalidGrant(
        () -> Pkce.verify(code(Pkce.s256(verifier), Pkce.S256), Optional.of(verifier), false));
  }

  @Test
  void verifyWhenVerifierExactly43And128ThenPasses() {
    String shortest = "a".repeat(43);
    String longest = "~._-".repeat(32);

    assertDoesNotThrow(
        () -> Pkce.verify(code(Pkce.s256(shortest), Pkce.S256), Optional.of(shortest), false));
    assertDoesNotThrow(
        () -> Pkce.verify(code(Pkce.s256(longest), Pkce.S256), Optional.of(longest), false));
  }

  @Test
  void verifyWhenPlainAndAllowedThenPasses() {
    assertDoesNotThrow(() -> Pkce.verify(code(VERIFIER, Pkce.PLAIN), Optional.of(VERIFIER), true));
  }

  @Test
  void verifyWhenPlainAndAllowedButWrongThenInvalidGrant() {
    assertInvalidGrant(
        () -> Pkce.verify(code(VERIFIER, Pkce.PLAIN), Optional.of(OTHER_VERIFIER), true));
  }

  @Test
  void verifyWhenPlainAndNotAllowedThenInvalidGrant() {
    assertInvalidGrant(() -> Pkce.verify(code(VERIFIER, Pkce.PLAIN), Optional.of(VERIFIER), false));
  }

  @Test
  void verifyWhenMethodAbsentMeansPlainAndNotAllowedThenInvalidGrant() {
    // RFC 7636 §4.3: a challenge without a method is "plain".
    assertInvalidGrant(() -> Pkce.verify(code(VERIFIER, null), Optional.of(VERIFIER), false));
  }

  @Test
  void verifyWhenUnknownMethodThenInvalidGrant() {
    assertInvalidGrant(() -> Pkce.verify(code(VERIFIER, "S512"), Optional.of(VERIFIER), true));
  }
}
