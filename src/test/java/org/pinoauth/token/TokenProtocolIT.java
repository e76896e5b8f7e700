package org.pinoauth.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.pinoauth.testing.TokenAssertions.assertAccessOnly;
import static org.pinoauth.testing.TokenAssertions.assertError;
import static org.pinoauth.testing.TokenAssertions.assertInvalidRequest;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pinoauth.testing.Http;
import org.pinoauth.testing.TestApps;
import org.pinoauth.testing.TestApps.TestApp;
import org.pinoauth.testing.TestCodes;
import org.pinoauth.testing.TestServerExtension;
import org.pinoauth.testing.TokenEndpoint;

/**
 * The HTTP rules of the token endpoint (CONTRACT §2.1, §2.5): POST only, a form body only, at most
 * 16 KiB, read from the body alone, each parameter once.
 */
class TokenProtocolIT {
  private static final String CLIENT_CREDENTIALS =
      Http.form("grant_type", "client_credentials", "scope", "pins:read");
  private static final int MAX_BODY_BYTES = 16 * 1024;

  @RegisterExtension static final TestServerExtension server = TestServerExtension.start();
  private static TokenEndpoint token;

  @BeforeAll
  static void startServer() {
    token = TokenEndpoint.of(server.get());
  }

  @Test
  void getThenMethodNotAllowedWithAllowPost() {
    TestApp app = TestApps.app().registerOn(server.get());

    Http.Response response = Http.send(request(app).GET().build());

    assertError(response, 405, "invalid_request", 1);
    assertEquals("POST", response.header("Allow").orElse(null));
  }

  @Test
  void putThenMethodNotAllowedWithAllowPost() {
    TestApp app = TestApps.app().registerOn(server.get());

    Http.Response response =
        Http.send(
            request(app)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .PUT(HttpRequest.BodyPublishers.ofString(CLIENT_CREDENTIALS))
                .build());

    assertError(response, 405, "invalid_request", 1);
    assertEquals("POST", response.header("Allow").orElse(null));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "application/json",
        "text/plain",
        "multipart/form-data; boundary=x",
        "application/x-www-form-urlencodedx",
        "application/json; charset=no-such-charset"
      })
  void postWhenContentTypeIsNotFormThenUnsupportedMediaType(String contentType) {
    TestApp app = TestApps.app().registerOn(server.get());

    Http.Response response =
        Http.send(
            request(app)
                .header("Content-Type", contentType)
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"grant_type\":\"client_credentials\",\"scope\":\"pins:read\"}"))
                .build());

    assertError(response, 415, "invalid_request", 1);
  }

  @Test
  void postWhenContentTypeMissingThenUnsupportedMediaType() {
    TestApp app = TestApps.app().registerOn(server.get());

    Http.Response response =
        Http.send(
            request(app).POST(HttpRequest.BodyPublishers.ofString(CLIENT_CREDENTIALS)).build());

    assertError(response, 415, "invalid_request", 1);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "application/x-www-form-urlencoded; charset=UTF-8",
        "application/x-www-form-urlencoded;charset=utf-8",
        "application/x-www-form-urlencoded; charset=\"UTF-8\"",
        "application/x-www-form-urlencoded; charset=ISO-8859-1",
        "application/x-www-form-urlencoded; charset=no-such-charset",
        "application/x-www-form-urlencoded; charset=@@",
        "Application/X-WWW-Form-Urlencoded"
      })
  void postWhenFormContentTypeHasAnyCharsetOrOtherCaseThenAccepted(String contentType) {
    TestApp app = TestApps.app().registerOn(server.get());

    Http.Response response =
        Http.send(
            request(app)
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(CLIENT_CREDENTIALS))
                .build());

    assertAccessOnly(response, "client_credentials", "pins:read");
  }

  @Test
  void postWhenBodyIsOneByteOver16KiBThenPayloadTooLarge() {
    TestApp app = TestApps.app().registerOn(server.get());

    Http.Response response = token.post(TokenEndpoint.basic(app), padded(MAX_BODY_BYTES + 1));

    assertError(response, 413, "invalid_request", 1);
  }

  @Test
  void postWhenBodyIsExactly16KiBThenAccepted() {
    TestApp app = TestApps.app().registerOn(server.get());

    Http.Response response = token.post(TokenEndpoint.basic(app), padded(MAX_BODY_BYTES));

    assertAccessOnly(response, "client_credentials", "pins:read");
  }

  @Test
  void postWhenGrantTypeRepeatedThenInvalidRequest() {
    TestApp app = TestApps.app().registerOn(server.get());

    Http.Response response =
        token.post(
            app,
            "grant_type",
            "client_credentials",
            "grant_type",
            "client_credentials",
            "scope",
            "pins:read");

    assertInvalidRequest(response);
  }

  @Test
  void postWhenScopeRepeatedThenInvalidRequest() {
    TestApp app = TestApps.app().registerOn(server.get());

    Http.Response response =
        token.post(
            app, "grant_type", "client_credentials", "scope", "pins:read", "scope", "boards:read");

    assertInvalidRequest(response);
  }

  @Test
  void postWhenRefreshTokenRepeatedThenInvalidRequest() {
    TestApp app = TestApps.app().registerOn(server.get());

    Http.Response response =
        token.post(
            app,
            "grant_type",
            "refresh_token",
            "refresh_token",
            "pinr_a",
            "refresh_token",
            "pinr_b");

    assertInvalidRequest(response);
  }

  @ParameterizedTest
  @ValueSource(strings = {"state", "code", "redirect_uri", "refresh_token", "client_secret_x"})
  void postWhenParameterTheGrantDoesNotReadIsRepeatedThenInvalidRequestNamingIt(String name) {
    TestApp app = TestApps.app().registerOn(server.get());

    Http.Response response =
        token.post(
            TokenEndpoint.basic(app), CLIENT_CREDENTIALS + "&" + name + "=one&" + name + "=two");

    assertInvalidRequest(response);
    assertEquals(
        "The parameter '" + name + "' must not appear more than once.", response.string("message"));
  }

  @Test
  void postWhenRepeatedParameterHasAnOddNameThenInvalidRequestNotEchoingIt() {
    TestApp app = TestApps.app().registerOn(server.get());

    Http.Response response =
        token.post(TokenEndpoint.basic(app), CLIENT_CREDENTIALS + "&%3Cb%3E=1&%3Cb%3E=2");

    assertInvalidRequest(response);
    assertEquals("A parameter appears more than once.", response.string("message"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"/v5/oauth/token/revoke", "/v5/oauth/introspect"})
  void postWhenUnreadParameterRepeatedAtRevokeOrIntrospectThenInvalidRequest(String path) {
    TestApp app = TestApps.app().registerOn(server.get());
    String accessToken = token.clientCredentials(app, "pins:read").string("access_token");

    Http.Response response =
        Http.postForm(
            server.uri(path),
            TokenEndpoint.basic(app),
            Http.form("token", accessToken, "extra", "1", "extra", "2"));

    assertInvalidRequest(response);
    assertEquals(
        "The parameter 'extra' must not appear more than once.", response.string("message"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"refresh_on", "continuous_refresh"})
  void postWhenFlagNotABooleanOnClientCredentialsThenInvalidRequest(String flag) {
    TestApp app = TestApps.app().registerOn(server.get());

    Http.Response response =
        token.post(TokenEndpoint.basic(app), CLIENT_CREDENTIALS + "&" + flag + "=maybe");

    assertInvalidRequest(response);
    assertEquals(
        "The parameter '" + flag + "' must be true, false, 1 or 0.", response.string("message"));
  }

  @Test
  void postWhenRefreshOnNotABooleanOnCodeExchangeThenInvalidRequestAndCodeStillUnused() {
    TestApp app = TestApps.app().registerOn(server.get());
    String code = TestCodes.code(app).issueOn(server.get());

    Http.Response refused = token.exchange(app, code, "refresh_on", "maybe");
    Http.Response exchanged = token.exchange(app, code);

    assertInvalidRequest(refused);
    assertEquals(200, exchanged.status(), exchanged.toString());
  }

  @Test
  void postWhenPathHasATrailingSlashThenNotFoundNotMethodNotAllowed() {
    TestApp app = TestApps.app().registerOn(server.get());

    Http.Response response =
        Http.postForm(
            server.uri(TokenEndpoint.PATH + "/"), TokenEndpoint.basic(app), CLIENT_CREDENTIALS);

    assertError(response, 404, "invalid_request", 1);
    assertEquals("Nothing exists at that address.", response.string("message"));
  }

  @Test
  void postWhenScopeIsATokenSentByMistakeThenInvalidScopeWithoutRepeatingIt() {
    TestApp app = TestApps.app().registerOn(server.get());
    String secretLooking = "pinr_Qm9vZ3lzQ2FuTm90QmVSZXBlYXRlZF9JbkVycm9ycw";

    Http.Response response =
        token.post(app, "grant_type", "client_credentials", "scope", secretLooking);

    assertError(response, 400, "invalid_scope", 6);
    assertFalse(response.body().contains(secretLooking.substring(5, 20)), response.body());
    assertEquals(
        "A scope in the list is not a scope this server knows.", response.string("message"));
  }

  @Test
  void postWhenUnknownScopeLooksLikeAScopeThenNamedInTheMessage() {
    TestApp app = TestApps.app().registerOn(server.get());

    Http.Response response =
        token.post(app, "grant_type", "client_credentials", "scope", "pins:read boards:fly");

    assertError(response, 400, "invalid_scope", 6);
    assertEquals(
        "The scope 'boards:fly' is not a scope this server knows.", response.string("message"));
  }

  @Test
  void postWhenParametersSentWithoutValueThenTreatedAsOmitted() {
    // RFC 6749 §3.1; clients that build every field send code_verifier= when they use no PKCE.
    TestApp app = TestApps.app().registerOn(server.get());
    String code = TestCodes.code(app).issueOn(server.get());

    Http.Response exchanged =
        token.exchange(app, code, "code_verifier", "", "refresh_on", "", "continuous_refresh", "");

    assertEquals(200, exchanged.status(), exchanged.toString());
  }

  @Test
  void postWhenGrantTypeOnlyInQueryThenInvalidRequest() {
    TestApp app = TestApps.app().registerOn(server.get());

    Http.Response response =
        Http.postForm(
            server.uri(TokenEndpoint.PATH + "?grant_type=client_credentials"),
            TokenEndpoint.basic(app),
            Http.form("scope", "pins:read"));

    assertInvalidRequest(response);
  }

  @Test
  void postWhenQueryRepeatsABodyParameterThenBodyAloneCounts() {
    TestApp app = TestApps.app().registerOn(server.get());

    Http.Response response =
        Http.postForm(
            server.uri(TokenEndpoint.PATH + "?grant_type=password&scope=boards:read"),
            TokenEndpoint.basic(app),
            CLIENT_CREDENTIALS);

    assertAccessOnly(response, "client_credentials", "pins:read");
  }

  /** A client_credentials body padded with an unknown parameter to exactly {@code bytes}. */
  private static String padded(int bytes) {
    String head = CLIENT_CREDENTIALS + "&pad=";
    String body = head + "a".repeat(bytes - head.length());
    assertEquals(bytes, body.getBytes(StandardCharsets.UTF_8).length);
    return body;
  }

  private static HttpRequest.Builder request(TestApp app) {
    return HttpRequest.newBuilder(token.uri())
        .timeout(Duration.ofSeconds(30))
        .header("Authorization", TokenEndpoint.basic(app));
  }
}
