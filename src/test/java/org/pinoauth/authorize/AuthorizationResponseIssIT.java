package org.pinoauth.authorize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pinoauth.testing.Browserless;
import org.pinoauth.testing.Http;
import org.pinoauth.testing.TestApps;
import org.pinoauth.testing.TestApps.TestApp;
import org.pinoauth.testing.TestServer;

/**
 * RFC 9207 {@code iss} on authorization responses, behind {@code authorization.iss} (CONTRACT §5):
 * off by default, as Pinterest sends none and Pinterest's bash quickstart ({@code
 * pinterest/api-quickstart}, {@code bash/scripts/v5/get_access_token.sh}) takes the code out of the
 * redirect with {@code grep GET | cut -d ' ' -f 2 | cut -d '=' -f 2}; on, every redirect to the app
 * ends with {@code iss}, the metadata's {@code issuer} for the same request.
 */
class AuthorizationResponseIssIT {
  private static final String REDIRECT_URI = "http://localhost:8085/";
  private static final String CONFIGURED_ISSUER = "https://auth.example/pinoauth";

  private static TestServer plain;
  private static TestServer withIss;
  private static TestServer withIssAndIssuer;

  @BeforeAll
  static void startServers() {
    plain = TestServer.start();
    withIss = TestServer.builder().setting("authorization.iss", "true").start();
    withIssAndIssuer =
        TestServer.builder()
            .setting("authorization.iss", "true")
            .setting("issuer", CONFIGURED_ISSUER)
            .start();
  }

  @AfterAll
  static void stopServers() {
    plain.close();
    withIss.close();
    withIssAndIssuer.close();
  }

  // --- Off (the default) ----------------------------------------------------------------------

  @Test
  void metadataWhenIssOffThenSaysTheParameterIsNotSupported() {
    assertEquals(
        Boolean.FALSE, metadata(plain).get("authorization_response_iss_parameter_supported"));
  }

  @Test
  void allowWhenIssOffThenCodeFirstThenStateAndNothingElse() {
    String location = decide(plain, "allow");

    assertTrue(location.startsWith(REDIRECT_URI + "?code="), location);
    assertEquals(List.of("code", "state"), List.copyOf(query(location).keySet()));
  }

  @Test
  void denyWhenIssOffThenErrorDescriptionStateAndNoIss() {
    String location = decide(plain, "deny");

    Map<String, String> query = query(location);
    assertEquals(List.of("error", "error_description", "state"), List.copyOf(query.keySet()));
    assertEquals("access_denied", query.get("error"));
  }

  /**
   * The quickstart opens {@code /oauth/?consumer_id=…&redirect_uri=http://localhost:8085/&scope=
   * user_accounts:read&response_type=code} (no {@code state}), lets {@code nc} take the browser's
   * request to the redirect URI, and runs {@code grep GET | cut -d ' ' -f 2 | cut -d '=' -f 2} on
   * it: the request target of the request line, then the text between its first and second {@code
   * =}. That must be the code, exactly, and it must exchange.
   */
  @Test
  void bashQuickstartParseWhenDefaultRedirectThenYieldsExactlyTheCode() {
    TestApp app = TestApps.app().redirectUris(REDIRECT_URI).registerOn(plain);
    URI request =
        plain.uri(
            "/oauth/?consumer_id="
                + app.clientId()
                + "&redirect_uri="
                + REDIRECT_URI
                + "&scope=user_accounts:read&response_type=code");
    String location = signInAndDecide(plain, request, "allow");
    String code = query(location).get("code");

    String parsed = quickstartParse(requestTheBrowserSends(location));

    assertEquals(code, parsed);
    Http.Response tokens =
        Http.postForm(
            plain.uri("/v5/oauth/token"),
            Http.basic(app.clientId(), app.secret()),
            Http.form(
                "grant_type", "authorization_code", "code", parsed, "redirect_uri", REDIRECT_URI));
    assertEquals(200, tokens.status(), tokens.body());
  }

  /** Why it is off by default: with {@code iss} after the code, the quickstart's parse breaks. */
  @Test
  void bashQuickstartParseWhenIssOnThenNoLongerTheCode() {
    TestApp app = TestApps.app().redirectUris(REDIRECT_URI).registerOn(withIss);
    URI request =
        withIss.uri(
            "/oauth/?consumer_id="
                + app.clientId()
                + "&redirect_uri="
                + REDIRECT_URI
                + "&scope=user_accounts:read&response_type=code");
    String location = signInAndDecide(withIss, request, "allow");

    String parsed = quickstartParse(requestTheBrowserSends(location));

    assertEquals(query(location).get("code") + "&iss", parsed);
  }

  // --- On -------------------------------------------------------------------------------------

  @Test
  void metadataWhenIssOnThenSaysTheParameterIsSupported() {
    assertEquals(
        Boolean.TRUE, metadata(withIss).get("authorization_response_iss_parameter_supported"));
  }

  @Test
  void allowWhenIssOnThenCodeStateThenIssEqualToTheMetadataIssuer() {
    String location = decide(withIss, "allow");

    Map<String, String> query = query(location);
    assertTrue(location.startsWith(REDIRECT_URI + "?code="), location);
    assertEquals(List.of("code", "state", "iss"), List.copyOf(query.keySet()));
    assertEquals(metadata(withIss).get("issuer"), query.get("iss"));
    assertEquals("http://127.0.0.1:" + withIss.port(), query.get("iss"));
  }

  @Test
  void denyWhenIssOnThenErrorThenIssEqualToTheMetadataIssuer() {
    String location = decide(withIss, "deny");

    Map<String, String> query = query(location);
    assertEquals(
        List.of("error", "error_description", "state", "iss"), List.copyOf(query.keySet()));
    assertEquals("access_denied", query.get("error"));
    assertEquals(metadata(withIss).get("issuer"), query.get("iss"));
  }

  @Test
  void errorRedirectOfAFaultyRequestWhenIssOnThenIssToo() {
    TestApp app = TestApps.app().redirectUris(REDIRECT_URI).registerOn(withIss);

    Http.Response refused =
        new Browserless().get(authorize(withIss, app, "scope=pins:fly&state=xyz"));

    assertEquals(302, refused.status(), refused.toString());
    Map<String, String> query = query(refused.header("Location").orElseThrow());
    assertEquals(
        List.of("error", "error_description", "state", "iss"), List.copyOf(query.keySet()));
    assertEquals("invalid_scope", query.get("error"));
    assertEquals(metadata(withIss).get("issuer"), query.get("iss"));
  }

  @Test
  void allowWhenIssOnWithoutStateThenCodeThenIss() {
    TestApp app = TestApps.app().redirectUris(REDIRECT_URI).registerOn(withIss);

    String location = signInAndDecide(withIss, authorize(withIss, app, "scope=pins:read"), "allow");

    assertEquals(List.of("code", "iss"), List.copyOf(query(location).keySet()));
  }

  @Test
  void allowWhenIssOnAndIssuerConfiguredThenIssIsTheConfiguredIssuer() {
    String location = decide(withIssAndIssuer, "allow");

    String iss = query(location).get("iss");
    assertEquals(CONFIGURED_ISSUER, iss);
    assertEquals(metadata(withIssAndIssuer).get("issuer"), iss);
    assertNotEquals("http://127.0.0.1:" + withIssAndIssuer.port(), iss);
  }

  // --- Helpers --------------------------------------------------------------------------------

  private static Map<String, Object> metadata(TestServer server) {
    Http.Response answer = Http.get(server.uri("/.well-known/oauth-authorization-server"));
    assertEquals(200, answer.status(), answer.body());
    return answer.json();
  }

  private static URI authorize(TestServer server, TestApp app, String rest) {
    return server.uri(
        "/oauth/?client_id="
            + app.clientId()
            + "&redirect_uri="
            + Http.encode(REDIRECT_URI)
            + "&response_type=code&"
            + rest);
  }

  /** A new app on {@code server}; signs in as pinner, presses {@code action}; the Location. */
  private static String decide(TestServer server, String action) {
    TestApp app = TestApps.app().redirectUris(REDIRECT_URI).registerOn(server);
    return signInAndDecide(server, authorize(server, app, "scope=pins:read&state=xyz"), action);
  }

  private static String signInAndDecide(TestServer server, URI request, String action) {
    Browserless browser = new Browserless();
    URI endpoint = server.uri("/oauth/");
    Http.Response signedIn =
        browser.submit(endpoint, browser.get(request), "username", "pinner", "password", "pinner");
    assertEquals(303, signedIn.status(), signedIn.toString());
    Http.Response consent = browser.follow(endpoint, signedIn);
    Http.Response decided = browser.submit(endpoint, consent, "action", action);
    assertEquals(302, decided.status(), decided.toString());
    return decided.header("Location").orElseThrow();
  }

  /** The decoded query of a redirect to {@link #REDIRECT_URI}, in order; no name twice. */
  private static Map<String, String> query(String location) {
    assertTrue(location.startsWith(REDIRECT_URI + "?"), location);
    Map<String, String> query = new LinkedHashMap<>();
    for (String pair : location.substring(REDIRECT_URI.length() + 1).split("&")) {
      String[] nameValue = pair.split("=", 2);
      String previous =
          query.put(
              URLDecoder.decode(nameValue[0], StandardCharsets.UTF_8),
              URLDecoder.decode(nameValue[1], StandardCharsets.UTF_8));
      assertEquals(null, previous, "repeated " + nameValue[0] + " in " + location);
    }
    return query;
  }

  /** What {@code nc -l localhost 8085} prints when a browser follows {@code location}. */
  private static String requestTheBrowserSends(String location) {
    URI target = URI.create(location);
    return "GET "
        + target.getRawPath()
        + "?"
        + target.getRawQuery()
        + " HTTP/1.1\r\n"
        + "Host: "
        + target.getRawAuthority()
        + "\r\n"
        + "Accept: text/html\r\n\r\n";
  }

  /** {@code grep GET | cut -d ' ' -f 2 | cut -d '=' -f 2}, as the quickstart runs it. */
  private static String quickstartParse(String session) {
    List<String> lines = session.lines().filter(line -> line.contains("GET")).toList();
    assertEquals(1, lines.size(), session);
    return cut(cut(lines.get(0), ' ', 2), '=', 2);
  }

  /** {@code cut -d D -f N} on one line: the Nth field, the whole line if it has no D. */
  private static String cut(String line, char delimiter, int field) {
    if (line.indexOf(delimiter) < 0) {
      return line;
    }
    String[] fields = line.split(java.util.regex.Pattern.quote(String.valueOf(delimiter)), -1);
    return field <= fields.length ? fields[field - 1] : "";
  }
}
