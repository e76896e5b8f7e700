package org.pinoauth.error;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class OAuthErrorTest {

  /** One row per line of CONTRACT §2.5, plus the protocol rows of §2.1 and §2.5. */
  @ParameterizedTest
  @CsvSource({
    "INVALID_REQUEST, invalid_request, 400, 1",
    "INVALID_CLIENT, invalid_client, 401, 2",
    "INVALID_GRANT, invalid_grant, 400, 283",
    "UNAUTHORIZED_CLIENT, unauthorized_client, 400, 4",
    "UNSUPPORTED_GRANT_TYPE, unsupported_grant_type, 400, 5",
    "INVALID_SCOPE, invalid_scope, 400, 6",
    "SLOW_DOWN, slow_down, 429, 8",
    "ACCESS_DENIED, access_denied, 403, 29",
    "SERVER_ERROR, server_error, 500, 500",
    "METHOD_NOT_ALLOWED, invalid_request, 405, 1",
    "PAYLOAD_TOO_LARGE, invalid_request, 413, 1",
    "UNSUPPORTED_MEDIA_TYPE, invalid_request, 415, 1"
  })
  void rowWhenContractTableThenErrorStatusAndCode(
      OAuthError row, String error, int status, int code) {
    assertEquals(error, row.error());
    assertEquals(status, row.status());
    assertEquals(code, row.code());
  }

  @Test
  void invalidClientMessageIsAuthenticationFailed() {
    assertEquals("Authentication failed.", OAuthError.INVALID_CLIENT.defaultMessage());
  }

  @Test
  void accessDeniedMessageIsPinterests() {
    assertEquals(
        "You are not permitted to access that resource.",
        OAuthError.ACCESS_DENIED.defaultMessage());
  }

  /**
   * CONTRACT §2.5: Pinterest's codes 2 and 29 always say their own message; the rest the detail.
   */
  @ParameterizedTest
  @EnumSource(OAuthError.class)
  void pinterestMessageWhenCode2Or29ThenFixedElseTheDetail(OAuthError row) {
    boolean fixed = row.code() == 2 || row.code() == 29;

    assertEquals(
        fixed ? row.defaultMessage() : "the detail",
        row.pinterestMessage("the detail"),
        row.name());
  }

  @Test
  void exceptionWhenMessageGivenThenCarriesErrorAndMessage() {
    OAuthException e = OAuthError.INVALID_GRANT.exception("The authorization code has expired.");

    assertSame(OAuthError.INVALID_GRANT, e.error());
    assertEquals("The authorization code has expired.", e.getMessage());
  }

  @Test
  void exceptionWhenNoMessageThenDefaultMessage() {
    assertEquals(
        OAuthError.INVALID_SCOPE.defaultMessage(),
        OAuthError.INVALID_SCOPE.exception().getMessage());
  }

  @Test
  void withHeaderWhenAddedThenCarried() {
    OAuthException e = OAuthError.SLOW_DOWN.exception().withHeader("Retry-After", "30");

    assertEquals("30", e.headers().get("Retry-After"));
  }
}
