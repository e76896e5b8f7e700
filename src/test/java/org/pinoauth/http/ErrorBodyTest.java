package org.pinoauth.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.pinoauth.error.OAuthError;

class ErrorBodyTest {

  @SuppressWarnings("unchecked")
  private static Map<String, Object> json(ErrorBody body) {
    return Json.fromJson(Json.toJson(body), Map.class);
  }

  @Test
  void toJsonWhenInvalidGrantThenPinterestAndRfcFieldsSideBySide() {
    ErrorBody body = ErrorBody.of(OAuthError.INVALID_GRANT, "The authorization code has expired.");

    assertEquals(
        "{\"code\":283,\"message\":\"The authorization code has expired.\","
            + "\"error\":\"invalid_grant\","
            + "\"error_description\":\"The authorization code has expired.\"}",
        Json.toJson(body));
  }

  @Test
  void ofWhenInvalidClientThenMessageIsAuthenticationFailedAndDescriptionKeepsDetail() {
    ErrorBody body = ErrorBody.of(OAuthError.INVALID_CLIENT, "Send a single Authorization header.");

    assertEquals(2, body.code());
    assertEquals("Authentication failed.", body.message());
    assertEquals("invalid_client", body.error());
    assertEquals("Send a single Authorization header.", body.errorDescription());
  }

  @Test
  void ofWhenMessageBlankThenDefaultMessage() {
    ErrorBody body = ErrorBody.of(OAuthError.INVALID_SCOPE, " ");

    assertEquals(OAuthError.INVALID_SCOPE.defaultMessage(), body.message());
    assertEquals(OAuthError.INVALID_SCOPE.defaultMessage(), body.errorDescription());
  }

  @Test
  void ofWhenMessageNullThenDefaultMessage() {
    ErrorBody body = ErrorBody.of(OAuthError.ACCESS_DENIED, null);

    assertEquals("You are not permitted to access that resource.", body.message());
  }

  @ParameterizedTest
  @EnumSource(OAuthError.class)
  void toJsonWhenAnyRowThenItsCodeAndError(OAuthError error) {
    Map<String, Object> body = json(ErrorBody.of(error, "Detail."));

    assertEquals(new BigDecimal(error.code()), body.get("code"));
    assertEquals(error.error(), body.get("error"));
    assertEquals("Detail.", body.get("error_description"));
    // Pinterest's codes 2 and 29 carry their fixed message (CONTRACT §2.5); the rest the detail.
    boolean fixed = error.code() == 2 || error.code() == 29;
    assertEquals(fixed ? error.defaultMessage() : "Detail.", body.get("message"));
  }
}
