package org.pinoauth.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pinoauth.testing.Browserless;
import org.pinoauth.testing.Http;
import org.pinoauth.testing.LogCapture;
import org.pinoauth.testing.TestApps;
import org.pinoauth.testing.TestCodes;
import org.pinoauth.testing.TestServerExtension;
import org.pinoauth.testing.TokenEndpoint;

/**
 * {@code GET /metrics} answers the Prometheus text format with pinoauth's own meters
 * (docs/operations.md), and the access log line of a request names what its meters count. Each test
 * waits for the access lines of its requests before it scrapes: a line is written after its
 * request's meters.
 */
class MetricsIT {
  private static final String ACCESS_LOG = "org.pinoauth.access";
  private static final Duration LOG_WAIT = Duration.ofSeconds(10);

  @RegisterExtension
  static final TestServerExtension server =
      TestServerExtension.of(
          builder ->
              builder.setting("auth.failure.limit", "2").setting("signin.failure.limit", "2"));

  private static TokenEndpoint token;

  @BeforeAll
  static void start() {
    token = TokenEndpoint.of(server.get());
  }

  @Test
  void getWhenTokensIssuedByEachGrantThenCountedByGrant() {
    TestApps.TestApp app = TestApps.app().registerOn(server.get());
    String code = TestCodes.code(app).issueOn(server.get());
    String before = scrape();
    Http.Response exchanged;
    try (LogCapture logs = LogCapture.start()) {
      answered(logs, token.clientCredentials(app, "pins:read"));
      answered(logs, token.clientCredentials(app, "pins:read"));
      exchanged = answered(logs, token.exchange(app, code)).response();
      answered(logs, token.refresh(app, exchanged.string("refresh_token")));
    }

    String after = scrape();

    assertEquals(200, exchanged.status(), exchanged.toString());
    assertEquals(2.0, issued(after, "client_credentials") - issued(before, "client_credentials"));
    assertEquals(1.0, issued(after, "authorization_code") - issued(before, "authorization_code"));
    assertEquals(1.0, issued(after, "refresh_token") - issued(before, "refresh_token"));
  }

  @Test
  void getWhenClientAuthenticationFailsPastTheLimitThenErrorsCountedAndClientLockedOut() {
    TestApps.TestApp lockedOut = TestApps.app().registerOn(server.get());
    double before = requests(scrape(), "token", "401", "invalid_client");
    try (LogCapture logs = LogCapture.start()) {
      for (int i = 0; i < 2; i++) {
        answered(
            logs,
            token.post(
                Http.basic(lockedOut.clientId(), "wrong"),
                Http.form("grant_type", "client_credentials", "scope", "pins:read")));
      }
    }

    Http.Response metrics = Http.get(server.uri("/metrics"));

    assertEquals(200, metrics.status());
    assertTrue(metrics.header("Content-Type").orElseThrow().startsWith("text/plain"));
    String text = metrics.body();
    assertEquals(before + 2, requests(text, "token", "401", "invalid_client"));
    assertTrue(text.contains("pinoauth_requests_seconds_bucket{endpoint=\"token\""), "histogram");
    assertEquals(1.0, value(text, "pinoauth_lockouts_active\\{kind=\"client\"}"));
    assertTrue(text.contains("hikaricp_connections_active{pool=\"pinoauth\"}"), "pool usage");
    assertTrue(text.contains("jvm_memory_used_bytes"), "JVM meters");
  }

  @Test
  void getWhenSignInFailsPastTheLimitThenSignInLockoutActive() {
    TestApps.TestApp app = TestApps.app().registerOn(server.get());
    Browserless visitor = new Browserless();
    Http.Response page = visitor.get(authorize(app, "pins:read"));
    for (int i = 0; i < 2; i++) {
      page =
          visitor.submit(
              server.uri("/oauth/"), page, "username", "forgetful", "password", "wrong-" + i);
      assertEquals(200, page.status(), page.body());
    }

    String text = scrape();

    assertEquals(1.0, value(text, "pinoauth_lockouts_active\\{kind=\"signin\"}"));
  }

  @Test
  void getWhenConsentDeniedThenAuthorizeCountsAccessDeniedAndLogNamesTheApp() {
    TestApps.TestApp app = TestApps.app().registerOn(server.get());
    Browserless browser = new Browserless();
    URI endpoint = server.uri("/oauth/");
    Http.Response signedIn =
        browser.submit(
            endpoint,
            browser.get(authorize(app, "pins:read")),
            "username",
            "pinner",
            "password",
            "pinner");
    Http.Response consent = browser.follow(endpoint, signedIn);
    double before = requests(scrape(), "authorize", "302", "access_denied");
    Answered answered = logged(() -> browser.submit(endpoint, consent, "action", "deny"));
    Http.Response denied = answered.response();
    LogCapture.Entry line = answered.line();

    String text = scrape();

    assertEquals(302, denied.status(), denied.toString());
    assertTrue(denied.header("Location").orElseThrow().contains("error=access_denied"));
    assertEquals(before + 1, requests(text, "authorize", "302", "access_denied"));
    assertTrue(
        line.text().contains(" endpoint=authorize status=302 app=" + app.clientId()), line.text());
    assertTrue(line.text().contains(" error=access_denied "), line.text());
  }

  @Test
  void getWhenScopeNotAllowedThenAuthorizeCountsInvalidScopeAndLogNamesTheApp() {
    TestApps.TestApp app = TestApps.app().scopes("pins:read").registerOn(server.get());
    double before = requests(scrape(), "authorize", "302", "invalid_scope");
    Answered answered = logged(() -> new Browserless().get(authorize(app, "boards:write")));
    Http.Response refused = answered.response();
    LogCapture.Entry line = answered.line();

    String text = scrape();

    assertEquals(302, refused.status(), refused.toString());
    assertTrue(refused.header("Location").orElseThrow().contains("error=invalid_scope"));
    assertEquals(before + 1, requests(text, "authorize", "302", "invalid_scope"));
    assertTrue(line.text().contains(" status=302 app=" + app.clientId()), line.text());
    assertTrue(line.text().contains(" error=invalid_scope "), line.text());
  }

  @Test
  void getWhenRedirectUriNotRegisteredThenAuthorizeCountsInvalidRequestPageAndLogNamesTheApp() {
    TestApps.TestApp app = TestApps.app().registerOn(server.get());
    double before = requests(scrape(), "authorize", "400", "invalid_request");
    Answered answered =
        logged(
            () ->
                new Browserless()
                    .get(
                        authorizeWith(
                            "client_id",
                            app.clientId(),
                            "redirect_uri",
                            "https://elsewhere.example/",
                            "response_type",
                            "code",
                            "scope",
                            "pins:read")));
    Http.Response page = answered.response();
    LogCapture.Entry line = answered.line();

    assertEquals(400, page.status(), page.body());
    assertEquals(before + 1, requests(scrape(), "authorize", "400", "invalid_request"));
    assertTrue(line.text().contains(" status=400 app=" + app.clientId()), line.text());
  }

  @Test
  void getWhenAppUnknownThenAuthorizeCountsInvalidRequestAndLogNamesNoApp() {
    double before = requests(scrape(), "authorize", "400", "invalid_request");
    Answered answered =
        logged(
            () ->
                new Browserless()
                    .get(
                        authorizeWith(
                            "client_id", "404404", "redirect_uri", TokenEndpoint.REDIRECT_URI)));
    Http.Response page = answered.response();
    LogCapture.Entry line = answered.line();

    assertEquals(400, page.status(), page.body());
    assertTrue(line.text().contains(" status=400 error=invalid_request "), line.text());
    assertEquals(before + 1, requests(scrape(), "authorize", "400", "invalid_request"));
  }

  @Test
  void getWhenAdminApiRefusesThenCountedWithItsError() {
    double before = requests(scrape(), "adminApps", "401", "unauthorized");
    Http.Response refused = logged(() -> Http.get(server.uri("/admin/apps"))).response();

    assertEquals(401, refused.status(), refused.toString());
    assertEquals(before + 1, requests(scrape(), "adminApps", "401", "unauthorized"));
  }

  /** A response with its access log line, once that line (and so its meters) is written. */
  private record Answered(Http.Response response, LogCapture.Entry line) {}

  /** Sends one request while capturing the log, and waits for its access log line. */
  private static Answered logged(Supplier<Http.Response> request) {
    try (LogCapture logs = LogCapture.start()) {
      return answered(logs, request.get());
    }
  }

  private static URI authorizeWith(String... pairs) {
    return server.uri("/oauth/?" + Http.form(pairs));
  }

  private static Answered answered(LogCapture logs, Http.Response response) {
    String rid = response.header("x-pinterest-rid").orElseThrow();
    List<LogCapture.Entry> lines =
        logs.await(
            e -> e.logger().equals(ACCESS_LOG) && e.text().contains("rid=" + rid), 1, LOG_WAIT);
    assertEquals(1, lines.size(), "access log line of " + rid);
    return new Answered(response, lines.get(0));
  }

  private static URI authorize(TestApps.TestApp app, String scope) {
    return authorizeWith(
        "client_id",
        app.clientId(),
        "redirect_uri",
        TokenEndpoint.REDIRECT_URI,
        "response_type",
        "code",
        "scope",
        scope,
        "state",
        "s1");
  }

  private static String scrape() {
    return Http.get(server.uri("/metrics")).body();
  }

  private static double issued(String text, String grant) {
    return value(text, "pinoauth_tokens_issued_total\\{grant=\"" + grant + "\"}");
  }

  private static double requests(String text, String endpoint, String status, String error) {
    return value(
        text,
        "pinoauth_requests_seconds_count\\{endpoint=\""
            + endpoint
            + "\",error=\""
            + error
            + "\",status=\""
            + status
            + "\"}");
  }

  /** The value of the sample whose name and labels match {@code sample}; 0 when absent. */
  private static double value(String text, String sample) {
    Matcher matcher = Pattern.compile("(?m)^" + sample + " (\\S+)$").matcher(text);
    return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
  }
}
