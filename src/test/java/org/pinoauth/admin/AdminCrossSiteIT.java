package org.pinoauth.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pinoauth.testing.Http;
import org.pinoauth.testing.TestApps;
import org.pinoauth.testing.TestServer;
import org.pinoauth.testing.TestServerExtension;

/**
 * The admin API cannot be driven from another site's page (issue 12 §3, CONTRACT §6): a POST, PATCH
 * or DELETE whose {@code Origin} is not the server's own, or whose {@code Sec-Fetch-Site} is {@code
 * cross-site}, is refused with 403 before any credential is tried; one without {@code Content-Type:
 * application/json}, body or not, with 415. The operator's real credentials ride along in every
 * refused request here, as a browser would send them.
 */
class AdminCrossSiteIT {
  private static final String ADMIN = Http.basic("admin", "admin");
  private static final String JSON = "application/json";
  private static final String FORM = "application/x-www-form-urlencoded";
  private static final String EVIL = "https://evil.example";

  @RegisterExtension static final TestServerExtension server = TestServerExtension.start();

  // --- Another site ---------------------------------------------------------------------------

  /** The attack of the issue: a form post from evil.example with the operator's credentials. */
  @Test
  void postSecretWhenOriginIsAnotherSiteThen403AndTheOldSecretStillWorks() {
    TestApps.TestApp app = TestApps.app().registerOn(server.get());

    Http.Response refused =
        send("POST", secretOf(app), FORM, "x=1", "Authorization", ADMIN, "Origin", EVIL);

    assertAccessDenied(refused);
    assertEquals(200, clientCredentials(app).status(), "the old secret must still work");
  }

  @Test
  void postSecretWhenOriginIsNullThen403AndTheOldSecretStillWorks() {
    TestApps.TestApp app = TestApps.app().registerOn(server.get());

    Http.Response refused =
        send("POST", secretOf(app), JSON, null, "Authorization", ADMIN, "Origin", "null");

    assertAccessDenied(refused);
    assertEquals(200, clientCredentials(app).status(), "the old secret must still work");
  }

  @Test
  void postSecretWhenSecFetchSiteIsCrossSiteThen403AndTheOldSecretStillWorks() {
    TestApps.TestApp app = TestApps.app().registerOn(server.get());

    Http.Response refused =
        send(
            "POST",
            secretOf(app),
            JSON,
            null,
            "Authorization",
            ADMIN,
            "Sec-Fetch-Site",
            "cross-site");

    assertAccessDenied(refused);
    assertEquals(200, clientCredentials(app).status(), "the old secret must still work");
  }

  @Test
  void patchAndDeleteWhenOriginIsAnotherSiteThen403AndTheAppIsUnchanged() {
    TestApps.TestApp app = TestApps.app().name("Before").registerOn(server.get());
    String path = "/admin/apps/" + app.clientId();

    Http.Response patch =
        send("PATCH", path, JSON, "{\"name\":\"Evil\"}", "Authorization", ADMIN, "Origin", EVIL);
    Http.Response delete = send("DELETE", path, JSON, null, "Authorization", ADMIN, "Origin", EVIL);

    assertAccessDenied(patch);
    assertAccessDenied(delete);
    assertEquals("Before", server.pinoauth().apps().find(app.clientId()).orElseThrow().name());
  }

  @Test
  void postAppWhenOriginIsAnotherSiteThen403AndNothingCreated() {
    int before = server.pinoauth().apps().list().size();

    Http.Response refused =
        send("POST", "/admin/apps", JSON, newApp(), "Authorization", ADMIN, "Origin", EVIL);

    assertAccessDenied(refused);
    assertEquals(before, server.pinoauth().apps().list().size());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://evil.example",
        "http://127.0.0.2:{port}",
        "http://127.0.0.1:1{port}",
        "https://127.0.0.1:{port}",
        "http://127.0.0.1",
        "http://127.0.0.1:{port}/",
        "http://admin@127.0.0.1:{port}",
        "http://127.0.0.1:{port}.evil.example",
        "127.0.0.1:{port}",
        ""
      })
  void postSecretWhenOriginIsNotExactlyOwnThen403(String origin) {
    TestApps.TestApp app = TestApps.app().registerOn(server.get());

    Http.Response refused =
        send("POST", secretOf(app), JSON, null, "Authorization", ADMIN, "Origin", at(origin));

    assertAccessDenied(refused);
  }

  /** Refused before AdminAuthFilter: no credential is tried, so no failed sign-in is counted. */
  @Test
  void crossSiteWhenNoCredentialsThen403Not401() {
    Http.Response refused = send("POST", "/admin/apps", JSON, newApp(), "Origin", EVIL);

    assertAccessDenied(refused);
    assertFalse(refused.header("WWW-Authenticate").isPresent(), refused.toString());
  }

  @Test
  void crossSiteWhenWrongPasswordsPastTheLimitThenNotCountedAndTheOperatorStillGetsIn() {
    try (TestServer strict =
        TestServer.builder()
            .setting("signin.failure.limit", "2")
            .setting("signin.failure.address.limit", "2")
            .start()) {
      String wrong = Http.basic("admin", "wrong-password");
      for (int i = 0; i < 4; i++) {
        Http.Response refused =
            send(
                strict, "POST", "/admin/apps", FORM, "x=1", "Authorization", wrong, "Origin", EVIL);
        assertAccessDenied(refused);
      }

      Http.Response operator =
          send(strict, "GET", "/admin/apps", null, null, "Authorization", ADMIN);

      assertEquals(200, operator.status(), operator.toString());
    }
  }

  @Test
  void getWhenOriginIsAnotherSiteThenAnsweredAsBefore() {
    Http.Response list =
        send("GET", "/admin/apps", null, null, "Authorization", ADMIN, "Origin", EVIL);

    assertEquals(200, list.status(), list.toString());
  }

  // --- The server's own pages and non-browser clients ----------------------------------------

  @ParameterizedTest
  @ValueSource(strings = {"same-origin", "same-site", "none"})
  void postSecretWhenSecFetchSiteIsNotCrossSiteThenRotated(String site) {
    TestApps.TestApp app = TestApps.app().registerOn(server.get());

    Http.Response rotated =
        send("POST", secretOf(app), JSON, null, "Authorization", ADMIN, "Sec-Fetch-Site", site);

    assertRotated(app, rotated);
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://127.0.0.1:{port}", "HTTP://127.0.0.1:{port}"})
  void postSecretWhenOriginIsOwnThenRotated(String origin) {
    TestApps.TestApp app = TestApps.app().registerOn(server.get());

    Http.Response rotated =
        send("POST", secretOf(app), JSON, null, "Authorization", ADMIN, "Origin", at(origin));

    assertRotated(app, rotated);
  }

  /** Behind a proxy the {@code issuer} setting names the server; the request's own URL does not. */
  @Test
  void originWhenIssuerSetThenOnlyTheIssuersOriginPasses() {
    try (TestServer proxied =
        TestServer.builder().setting("issuer", "https://Auth.Example.com/pin/").start()) {
      TestApps.TestApp app = TestApps.app().registerOn(proxied);
      String path = secretOf(app);
      String requestOrigin = "http://127.0.0.1:" + proxied.port();

      Http.Response byRequestUrl =
          send(proxied, "POST", path, JSON, null, "Authorization", ADMIN, "Origin", requestOrigin);
      Http.Response byIssuer =
          send(
              proxied,
              "POST",
              path,
              JSON,
              null,
              "Authorization",
              ADMIN,
              "Origin",
              "https://auth.example.com");
      Http.Response byIssuerWithDefaultPort =
          send(
              proxied,
              "POST",
              path,
              JSON,
              null,
              "Authorization",
              ADMIN,
              "Origin",
              "https://auth.example.com:443");

      assertAccessDenied(byRequestUrl);
      assertEquals(200, byIssuer.status(), byIssuer.toString());
      assertEquals(200, byIssuerWithDefaultPort.status(), byIssuerWithDefaultPort.toString());
    }
  }

  // --- Content-Type: application/json, body or not -------------------------------------------

  @ParameterizedTest
  @ValueSource(
      strings = {FORM, "text/plain", "multipart/form-data; boundary=x", "application/jsonp"})
  void postSecretWhenContentTypeIsNotJsonThen415AndTheOldSecretStillWorks(String type) {
    TestApps.TestApp app = TestApps.app().registerOn(server.get());

    Http.Response refused = send("POST", secretOf(app), type, "x=1", "Authorization", ADMIN);

    assertUnsupportedMediaType(refused);
    assertEquals(200, clientCredentials(app).status(), "the old secret must still work");
  }

  @Test
  void postSecretWhenNoBodyAndNoContentTypeThen415AndWithItRotated() {
    TestApps.TestApp app = TestApps.app().registerOn(server.get());

    Http.Response without = send("POST", secretOf(app), null, null, "Authorization", ADMIN);
    assertUnsupportedMediaType(without);
    assertEquals(200, clientCredentials(app).status(), "the old secret must still work");

    Http.Response with = send("POST", secretOf(app), JSON, null, "Authorization", ADMIN);
    assertRotated(app, with);
  }

  @Test
  void deleteWhenNoContentTypeThen415AndWithIt204() {
    TestApps.TestApp app = TestApps.app().registerOn(server.get());
    String path = "/admin/apps/" + app.clientId();

    Http.Response without = send("DELETE", path, null, null, "Authorization", ADMIN);
    assertUnsupportedMediaType(without);
    assertTrue(server.pinoauth().apps().find(app.clientId()).isPresent(), "still there");

    Http.Response with =
        send("DELETE", path, "Application/JSON; charset=utf-8", null, "Authorization", ADMIN);
    assertEquals(204, with.status(), with.toString());
    assertTrue(server.pinoauth().apps().find(app.clientId()).isEmpty(), "deleted");
  }

  /** 415 comes before the credentials too: such a request never counts as a failed sign-in. */
  @Test
  void notJsonWhenNoCredentialsThen415Not401() {
    Http.Response refused = send("POST", "/admin/apps", FORM, "x=1");

    assertUnsupportedMediaType(refused);
  }

  /** The origin is judged first: a stranger learns nothing about what else was wrong. */
  @Test
  void crossSiteAndNotJsonThen403() {
    assertAccessDenied(send("POST", "/admin/apps", "text/plain", "x", "Origin", EVIL));
  }

  // --- Helpers --------------------------------------------------------------------------------

  private static String at(String origin) {
    return origin.replace("{port}", Integer.toString(server.port()));
  }

  private static String secretOf(TestApps.TestApp app) {
    return "/admin/apps/" + app.clientId() + "/secret";
  }

  private static String newApp() {
    return "{\"name\":\"Cross-site\",\"redirect_uris\":[\"https://app.example/cb\"],"
        + "\"scopes\":[\"pins:read\"]}";
  }

  private static Http.Response send(
      String method, String path, String contentType, String body, String... headers) {
    return send(server.get(), method, path, contentType, body, headers);
  }

  private static Http.Response send(
      TestServer target,
      String method,
      String path,
      String contentType,
      String body,
      String... headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(target.uri(path)).timeout(Duration.ofSeconds(30));
    List<String> all = new ArrayList<>(List.of(headers));
    if (contentType != null) {
      all.add("Content-Type");
      all.add(contentType);
    }
    if (!all.isEmpty()) {
      request.headers(all.toArray(String[]::new));
    }
    request.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    return Http.send(request.build());
  }

  private static Http.Response clientCredentials(TestApps.TestApp app) {
    return Http.postForm(
        server.uri("/v5/oauth/token"),
        Http.basic(app.clientId(), app.secret()),
        Http.form("grant_type", "client_credentials", "scope", "pins:read"));
  }

  private static void assertRotated(TestApps.TestApp app, Http.Response rotated) {
    assertEquals(200, rotated.status(), rotated.toString());
    assertEquals(app.clientId(), rotated.string("client_id"));
    assertEquals(401, clientCredentials(app).status(), "the old secret must be dead");
  }

  private static void assertAccessDenied(Http.Response response) {
    assertEquals(403, response.status(), response.toString());
    assertTrue(response.header("Content-Type").orElse("").startsWith("application/json"));
    assertEquals("access_denied", response.string("error"), response.body());
    assertEquals(29, response.number("code"), response.body());
    assertTrue(response.header("x-pinterest-rid").isPresent(), "x-pinterest-rid");
  }

  private static void assertUnsupportedMediaType(Http.Response response) {
    assertEquals(415, response.status(), response.toString());
    assertTrue(response.header("Content-Type").orElse("").startsWith("application/json"));
    assertEquals("invalid_request", response.string("error"), response.body());
    assertTrue(response.string("error_description").contains("application/json"), response.body());
  }
}
