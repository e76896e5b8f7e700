package org.pinoauth.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Assertions on token endpoint answers, each a whole row of CONTRACT §2.4 or §2.5: status, the
 * headers every answer carries, and the exact JSON field set.
 */
public final class TokenAssertions {
  public static final Set<String> ERROR_FIELDS =
      Set.of("code", "message", "error", "error_description");
  public static final Set<String> ACCESS_ONLY_FIELDS =
      Set.of("access_token", "token_type", "expires_in", "scope", "response_type");
  public static final Set<String> WITH_REFRESH_FIELDS =
      Set.of(
          "access_token",
          "token_type",
          "expires_in",
          "scope",
          "response_type",
          "refresh_token",
          "refresh_token_expires_in",
          "refresh_token_expires_at");
  public static final long ACCESS_TOKEN_SECONDS = 2_592_000;
  public static final long CONTINUOUS_REFRESH_SECONDS = 5_184_000;
  public static final long LEGACY_REFRESH_SECONDS = 31_536_000;

  /** A prefix and at least 43 base64url characters (256 bits). */
  private static final Pattern ACCESS_TOKEN = Pattern.compile("pina_[A-Za-z0-9_-]{43,}");

  private static final Pattern REFRESH_TOKEN = Pattern.compile("pinr_[A-Za-z0-9_-]{43,}");
  private static final long CLOCK_TOLERANCE_SECONDS = 5;

  private TokenAssertions() {}

  /** JSON that must not be cached, with a request id: what every answer carries (§2.4, §2.5). */
  public static void assertJsonHeaders(Http.Response response) {
    String contentType = response.header("Content-Type").orElse("");
    String mediaType = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    assertEquals("application/json", mediaType, "Content-Type of " + response);
    assertEquals("no-store", response.header("Cache-Control").orElse(null), "Cache-Control");
    assertEquals("no-cache", response.header("Pragma").orElse(null), "Pragma");
    assertFalse(requestId(response).isBlank(), "x-pinterest-rid must not be blank");
  }

  /** The {@code x-pinterest-rid} header, failing when it is missing. */
  public static String requestId(Http.Response response) {
    return response
        .header("x-pinterest-rid")
        .orElseThrow(() -> new AssertionError("no x-pinterest-rid header: " + response));
  }

  /** A 200 with an access token alone (no refresh fields at all). */
  public static Map<String, Object> assertAccessOnly(
      Http.Response response, String responseType, String scope) {
    return assertSuccess(response, ACCESS_ONLY_FIELDS, responseType, scope);
  }

  /** A 200 with an access token and a refresh token valid {@code refreshSeconds}. */
  public static Map<String, Object> assertWithRefresh(
      Http.Response response, String responseType, String scope, long refreshSeconds) {
    Map<String, Object> json = assertSuccess(response, WITH_REFRESH_FIELDS, responseType, scope);
    String refreshToken = (String) json.get("refresh_token");
    assertTrue(
        REFRESH_TOKEN.matcher(refreshToken).matches(),
        "refresh_token must be pinr_ and at least 43 base64url characters: " + refreshToken);
    assertEquals(refreshSeconds, whole(json, "refresh_token_expires_in"), "refresh lifetime");
    long expiresAt = whole(json, "refresh_token_expires_at");
    long expected = Instant.now().getEpochSecond() + refreshSeconds;
    assertTrue(
        Math.abs(expected - expiresAt) <= CLOCK_TOLERANCE_SECONDS,
        "refresh_token_expires_at " + expiresAt + " is not now + " + refreshSeconds);
    return json;
  }

  private static Map<String, Object> assertSuccess(
      Http.Response response, Set<String> fields, String responseType, String scope) {
    assertEquals(200, response.status(), response.toString());
    assertJsonHeaders(response);
    Map<String, Object> json = response.json();
    assertEquals(fields, json.keySet(), "fields of " + response.body());
    json.forEach((name, value) -> assertNotNull(value, name + " must not be null"));
    String accessToken = (String) json.get("access_token");
    assertTrue(
        ACCESS_TOKEN.matcher(accessToken).matches(),
        "access_token must be pina_ and at least 43 base64url characters: " + accessToken);
    assertEquals("bearer", json.get("token_type"));
    assertEquals(ACCESS_TOKEN_SECONDS, whole(json, "expires_in"), "expires_in");
    assertEquals(scope, json.get("scope"), "scope");
    assertEquals(responseType, json.get("response_type"), "response_type");
    return json;
  }

  /** An error row of §2.5: status, {@code code}, {@code error}, messages and headers. */
  public static Map<String, Object> assertError(
      Http.Response response, int status, String error, int code) {
    assertEquals(status, response.status(), response.toString());
    assertJsonHeaders(response);
    Map<String, Object> json = response.json();
    assertEquals(ERROR_FIELDS, json.keySet(), "fields of " + response.body());
    assertEquals(code, whole(json, "code"), "code of " + response.body());
    assertEquals(error, json.get("error"), "error of " + response.body());
    assertInstanceOf(String.class, json.get("message"), "message");
    assertFalse(((String) json.get("message")).isBlank(), "message must say what was wrong");
    assertInstanceOf(String.class, json.get("error_description"), "error_description");
    assertFalse(((String) json.get("error_description")).isBlank(), "error_description");
    if (status == 401) {
      assertEquals(
          "Basic realm=\"pinoauth\"",
          response.header("WWW-Authenticate").orElse(null),
          "WWW-Authenticate of a 401");
    }
    return json;
  }

  /** 401 {@code invalid_client}, code 2, "Authentication failed.", with the Basic challenge. */
  public static void assertInvalidClient(Http.Response response) {
    Map<String, Object> json = assertError(response, 401, "invalid_client", 2);
    assertEquals("Authentication failed.", json.get("message"));
  }

  public static void assertInvalidRequest(Http.Response response) {
    assertError(response, 400, "invalid_request", 1);
  }

  public static void assertInvalidGrant(Http.Response response) {
    assertError(response, 400, "invalid_grant", 283);
  }

  /**
   * Of concurrent requests that race for one code or one refresh token: exactly one answer is a
   * 200, and every other is {@code invalid_grant} whose message contains {@code loserMessage}.
   * Failure messages show the statuses alone, never a token.
   *
   * @return the winning answer
   */
  public static Http.Response assertOneWinner(List<Http.Response> answers, String loserMessage) {
    List<Http.Response> succeeded =
        answers.stream().filter(answer -> answer.status() == 200).toList();
    List<Integer> statuses = answers.stream().map(Http.Response::status).toList();
    assertEquals(1, succeeded.size(), "successes among " + statuses);
    for (Http.Response answer : answers) {
      if (answer.status() != 200) {
        assertInvalidGrant(answer);
        assertTrue(answer.string("message").contains(loserMessage), answer.body());
      }
    }
    return succeeded.get(0);
  }

  public static void assertInvalidScope(Http.Response response) {
    assertError(response, 400, "invalid_scope", 6);
  }

  /** A JSON number without a fraction, as a long. */
  public static long whole(Map<String, Object> json, String field) {
    Object value = json.get(field);
    assertInstanceOf(Number.class, value, field + " must be a JSON number");
    BigDecimal number = new BigDecimal(value.toString());
    assertTrue(number.stripTrailingZeros().scale() <= 0, field + " must be whole: " + value);
    return number.longValueExact();
  }
}
