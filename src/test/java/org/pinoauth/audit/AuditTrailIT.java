package org.pinoauth.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pinoauth.testing.AuditLines;
import org.pinoauth.testing.Browserless;
import org.pinoauth.testing.Endpoints;
import org.pinoauth.testing.Endpoints.Tokens;
import org.pinoauth.testing.Http;
import org.pinoauth.testing.LogCapture;
import org.pinoauth.testing.TestApps;
import org.pinoauth.testing.TestApps.TestApp;
import org.pinoauth.testing.TestCodes;
import org.pinoauth.testing.TestServer;
import org.pinoauth.testing.TestServerExtension;

/**
 * The audit trail over real HTTP (docs/security.md, the audit log): each event writes exactly one
 * line on {@code org.pinoauth.audit} with its fields, and a whole run of flows leaves in the log
 * none of the secrets, codes, tokens or typed values it sent.
 */
class AuditTrailIT {
  private static final String ADMIN = Http.basic("admin", "admin");
  private static final String REDIRECT_URI = "http://localhost:8085/";
  private static final String ADDRESS = "127.0.0.1";
  private static final int SUFFIX = 9;

  @RegisterExtension static final TestServerExtension server = TestServerExtension.start();

  // --- Sign-in ----------------------------------------------------------------------------------

  @Test
  void signInWhenWrongThenRightThenOneFailedLineWithKeyedHashAndOneSucceededLineWithUser() {
    TestApp app = TestApps.app().registerOn(server.get());
    // The form refuses control characters; U+2028 is a line break to some log viewers all the same.
    String typed = "pinner\u2028event=signin.succeeded address=\"10.0.0.1\" user=admin";
    List<Map<String, String>> lines;
    try (LogCapture logs = LogCapture.start()) {
      Browserless browser = new Browserless();
      Http.Response page = browser.get(authorize(app));
      Http.Response failed = signIn(browser, page, typed, "pinner");
      assertEquals(200, failed.status(), failed.body());
      assertEquals(303, signIn(browser, failed, "pinner", "pinner").status());
      lines = AuditLines.of(logs);
    }

    assertEquals(2, lines.size(), lines.toString());
    Map<String, String> failure = lines.get(0);
    assertFalse(failure.toString().contains("admin"), failure.toString());
    assertEquals(
        List.of("event", "address", "typed_hash", "reason"), List.copyOf(failure.keySet()));
    assertEquals("signin.failed", failure.get("event"));
    assertEquals(ADDRESS, failure.get("address"));
    assertEquals("credentials", failure.get("reason"));
    assertTrue(failure.get("typed_hash").matches("[A-Za-z0-9_-]{16}"), failure.toString());
    assertEquals(
        Map.of("event", "signin.succeeded", "address", ADDRESS, "user", "pinner"), lines.get(1));
  }

  @Test
  void signInWhenSameValueTypedTwiceThenSameHashAndOtherValueOtherHash() {
    TestApp app = TestApps.app().registerOn(server.get());
    List<Map<String, String>> lines;
    try (LogCapture logs = LogCapture.start()) {
      Browserless browser = new Browserless();
      Http.Response page = browser.get(authorize(app));
      page = signIn(browser, page, "my password typed as a name", "x");
      page = signIn(browser, page, "my password typed as a name", "y");
      signIn(browser, page, "my password typed as a name!", "x");
      lines = AuditLines.events(AuditLines.of(logs), "signin.failed");
    }

    assertEquals(3, lines.size(), lines.toString());
    assertEquals(lines.get(0).get("typed_hash"), lines.get(1).get("typed_hash"));
    assertNotEquals(lines.get(0).get("typed_hash"), lines.get(2).get("typed_hash"));
  }

  // --- Locks ------------------------------------------------------------------------------------

  @Test
  void signInWhenUsernameReachesLimitThenOneLockLineWithItsHashAndUntilThenLockedFailures() {
    TestApp app = TestApps.app().registerOn(server.get());
    String typed = "lock-me-" + System.nanoTime();
    Instant before = Instant.now();
    List<Map<String, String>> lines;
    try (LogCapture logs = LogCapture.start()) {
      Browserless browser = new Browserless();
      Http.Response page = browser.get(authorize(app));
      for (int attempt = 0; attempt < 6; attempt++) { // signin.failure.limit is 5
        page = signIn(browser, page, typed, "wrong");
      }
      assertEquals(429, page.status(), page.body());
      lines = AuditLines.of(logs);
    }

    List<Map<String, String>> locks = AuditLines.events(lines, "lock.started");
    assertEquals(1, locks.size(), lines.toString());
    Map<String, String> lock = locks.get(0);
    assertEquals(
        List.of("event", "counter", "address", "typed_hash", "until"), List.copyOf(lock.keySet()));
    assertEquals("signin.account", lock.get("counter"));
    assertEquals(ADDRESS, lock.get("address"));
    assertUntilAboutFiveMinutesAfter(before, lock.get("until"));
    List<Map<String, String>> failures = AuditLines.events(lines, "signin.failed");
    assertEquals(6, failures.size(), lines.toString());
    for (Map<String, String> failure : failures) {
      assertEquals(lock.get("typed_hash"), failure.get("typed_hash"), "the lock correlates");
    }
    assertEquals("locked", failures.get(5).get("reason"));
    assertEquals("credentials", failures.get(4).get("reason"));
  }

  @Test
  void clientAuthWhenAppReachesLimitThenLockLineNamesTheAppAndAnUnknownIdOnlyItsHash() {
    TestApp app = TestApps.app().registerOn(server.get());
    String unknownId = "secret-sent-as-client-id-" + System.nanoTime();
    Instant before = Instant.now();
    List<Map<String, String>> locks;
    try (LogCapture logs = LogCapture.start()) {
      for (int attempt = 0; attempt < 11; attempt++) { // auth.failure.limit is 10
        clientCredentials(Http.basic(app.clientId(), "wrong-secret"));
        clientCredentials(Http.basic(unknownId, "wrong-secret"));
      }
      locks = AuditLines.events(AuditLines.of(logs), "lock.started");
    }

    assertEquals(2, locks.size(), locks.toString());
    Map<String, String> known = locks.get(0);
    assertEquals(
        List.of("event", "counter", "address", "account", "until"), List.copyOf(known.keySet()));
    assertEquals("client.account", known.get("counter"));
    assertEquals(app.clientId(), known.get("account"));
    assertUntilAboutFiveMinutesAfter(before, known.get("until"));
    Map<String, String> unknown = locks.get(1);
    assertEquals(
        List.of("event", "counter", "address", "typed_hash", "until"),
        List.copyOf(unknown.keySet()));
    assertEquals("client.account", unknown.get("counter"));
    assertEquals(ADDRESS, unknown.get("address"));
  }

  @Test
  void failuresWhenAddressReachesLimitThenOneLockLinePerCounterNamingTheAddress() {
    Instant before = Instant.now();
    List<Map<String, String>> locks;
    try (TestServer limited =
            TestServer.builder()
                .setting("signin.failure.address.limit", "3")
                .setting("auth.failure.address.limit", "3")
                .start();
        LogCapture logs = LogCapture.start()) {
      TestApp app = TestApps.app().registerOn(limited);
      Browserless browser = new Browserless();
      Http.Response page = browser.get(authorize(limited, app));
      for (int attempt = 0; attempt < 4; attempt++) {
        page = signIn(limited, browser, page, "user-" + attempt, "wrong");
        Http.postForm(
            limited.uri("/v5/oauth/token"),
            Http.basic("id-" + attempt, "wrong-secret"),
            Http.form("grant_type", "client_credentials", "scope", "pins:read"));
      }
      locks = AuditLines.events(AuditLines.of(logs), "lock.started");
    }

    assertEquals(2, locks.size(), locks.toString());
    assertEquals("signin.address", locks.get(0).get("counter"));
    assertEquals("client.address", locks.get(1).get("counter"));
    for (Map<String, String> lock : locks) {
      assertEquals(List.of("event", "counter", "address", "until"), List.copyOf(lock.keySet()));
      assertEquals(ADDRESS, lock.get("address"));
      assertUntilAboutFiveMinutesAfter(before, lock.get("until"));
    }
  }

  // --- Consent ----------------------------------------------------------------------------------

  @Test
  void consentWhenAllowedThenDeniedThenOneLineEachWithUserAppAndScopes() {
    TestApp app = TestApps.app().registerOn(server.get());
    Browserless browser = new Browserless();
    URI request = authorize(app, "scope", "pins:read,boards:read");
    Http.Response consent = signIn(browser, browser.get(request), "pinner", "pinner");
    consent = browser.follow(server.uri("/oauth/"), consent);
    List<Map<String, String>> lines;
    try (LogCapture logs = LogCapture.start()) {
      assertEquals(302, browser.submit(server.uri("/oauth/"), consent, "action", "allow").status());
      Http.Response again = browser.get(request);
      assertEquals(302, browser.submit(server.uri("/oauth/"), again, "action", "deny").status());
      lines = AuditLines.of(logs);
    }

    assertEquals(
        List.of(
            Map.of(
                "event", "consent.given",
                "address", ADDRESS,
                "user", "pinner",
                "app", app.clientId(),
                "scopes", "boards:read,pins:read"),
            Map.of(
                "event", "consent.denied",
                "address", ADDRESS,
                "user", "pinner",
                "app", app.clientId(),
                "scopes", "boards:read,pins:read")),
        lines);
  }

  // --- Admin ------------------------------------------------------------------------------------

  @Test
  void adminWhenCreatePatchRotateDeleteThenOneLineEachWithOperatorAppAndFieldNames() {
    List<Map<String, String>> lines;
    String clientId;
    try (LogCapture logs = LogCapture.start()) {
      Http.Response created =
          admin(
              "POST",
              "/admin/apps",
              "{\"name\":\"Audited\",\"redirect_uris\":[\""
                  + REDIRECT_URI
                  + "\"],"
                  + "\"scopes\":[\"pins:read\"]}");
      assertEquals(201, created.status(), created.body());
      clientId = created.string("client_id");
      String app = "/admin/apps/" + clientId;
      assertEquals(200, admin("GET", app, null).status(), "a read is no change");
      assertEquals(
          200, admin("PATCH", app, "{\"name\":\"Renamed\",\"owner\":\"pinner\"}").status());
      assertEquals(200, admin("POST", app + "/secret", "").status());
      assertEquals(204, admin("DELETE", app, "").status());
      lines = AuditLines.of(logs);
    }

    assertEquals(
        List.of(
            adminLine("app.created", clientId, "fields", "name,redirect_uris,scopes"),
            adminLine("app.updated", clientId, "fields", "name,owner"),
            adminLine("app.secret_rotated", clientId),
            adminLine("app.deleted", clientId)),
        lines);
  }

  // --- Theft ------------------------------------------------------------------------------------

  @Test
  void refreshWhenRotatedTokenReusedThenOneLineWithAppUserAndFamily() {
    TestApp app = TestApps.app().registerOn(server.get());
    Tokens first = Endpoints.issue(server.get(), app, "pinner", "pins:read");
    Endpoints.tokensOf(Endpoints.refresh(server.get(), app, first.refresh()));
    List<Map<String, String>> lines;
    try (LogCapture logs = LogCapture.start()) {
      assertEquals(400, Endpoints.refresh(server.get(), app, first.refresh()).status());
      lines = AuditLines.of(logs);
    }

    assertEquals(1, lines.size(), lines.toString());
    Map<String, String> line = lines.get(0);
    assertEquals(List.of("event", "app", "user", "family"), List.copyOf(line.keySet()));
    assertEquals("refresh_token.reused", line.get("event"));
    assertEquals(app.clientId(), line.get("app"));
    assertEquals("pinner", line.get("user"));
    assertTrue(line.get("family").matches("[1-9][0-9]*"), line.toString());
  }

  @Test
  void tokenWhenCodeReplayedThenOneLineWithAppAndUser() {
    TestApp app = TestApps.app().registerOn(server.get());
    String code = TestCodes.code(app).username("pinner").issueOn(server.get());
    Endpoints.tokensOf(Endpoints.exchange(server.get(), app, code));
    List<Map<String, String>> lines;
    try (LogCapture logs = LogCapture.start()) {
      assertEquals(400, Endpoints.exchange(server.get(), app, code).status());
      lines = AuditLines.of(logs);
    }

    assertEquals(
        List.of(Map.of("event", "code.replayed", "app", app.clientId(), "user", "pinner")), lines);
  }

  // --- The whole run ----------------------------------------------------------------------------

  @Test
  void fullRunWhenEveryEventHappensThenEachLoggedOnceAndNoValueSentAppears() {
    Map<String, String> sent = new LinkedHashMap<>();
    List<Map<String, String>> lines;
    List<LogCapture.Entry> entries;
    try (LogCapture logs = LogCapture.start()) {
      Http.Response created =
          admin(
              "POST",
              "/admin/apps",
              "{\"name\":\"Full run\",\"redirect_uris\":[\""
                  + REDIRECT_URI
                  + "\"],"
                  + "\"scopes\":[\"pins:read\",\"boards:read\"],\"refresh_mode\":\"continuous\"}");
      assertEquals(201, created.status(), created.body());
      String clientId = created.string("client_id");
      sent.put("first client secret", created.string("client_secret"));
      String path = "/admin/apps/" + clientId;
      assertEquals(200, admin("PATCH", path, "{\"owner\":\"pinner\"}").status());
      Http.Response rotated = admin("POST", path + "/secret", "");
      assertEquals(200, rotated.status(), rotated.body());
      String secret = rotated.string("client_secret");
      sent.put("client secret", secret);
      TestApp app = new TestApp(server.pinoauth().apps().find(clientId).orElseThrow(), secret);

      Browserless browser = new Browserless();
      URI request = authorize(app, "scope", "pins:read");
      String wrongName = sent("username typed wrong", "hunter2-typed-as-a-username", sent);
      String wrongPassword = sent("wrong password", "a-wrong-password-42", sent);
      Http.Response page = signIn(browser, browser.get(request), wrongName, wrongPassword);
      page = browser.follow(server.uri("/oauth/"), signIn(browser, page, "pinner", "pinner"));
      Http.Response allowed = browser.submit(server.uri("/oauth/"), page, "action", "allow");
      String code = sent("code", codeOf(allowed), sent);

      Tokens first = Endpoints.tokensOf(Endpoints.exchange(server.get(), app, code));
      sent.put("access token 0", first.access());
      sent.put("refresh token 0", first.refresh());
      Tokens second = Endpoints.tokensOf(Endpoints.refresh(server.get(), app, first.refresh()));
      sent.put("access token 1", second.access());
      sent.put("refresh token 1", second.refresh());
      assertEquals(400, Endpoints.refresh(server.get(), app, first.refresh()).status());
      assertEquals(400, Endpoints.exchange(server.get(), app, code).status());

      Http.Response denied =
          browser.submit(server.uri("/oauth/"), browser.get(request), "action", "deny");
      assertEquals(302, denied.status(), denied.body());
      assertEquals(204, admin("DELETE", path, "").status());
      lines = AuditLines.of(logs);
      entries = logs.entries();
    }

    assertEquals(
        List.of(
            "app.created",
            "app.updated",
            "app.secret_rotated",
            "signin.failed",
            "signin.succeeded",
            "consent.given",
            "refresh_token.reused",
            "code.replayed",
            "consent.denied",
            "app.deleted"),
        lines.stream().map(line -> line.get("event")).toList());
    Set<String> leaks = new TreeSet<>();
    for (LogCapture.Entry entry : entries) {
      sent.forEach(
          (name, value) -> {
            if (entry.text().contains(value) || entry.text().contains(suffix(value))) {
              leaks.add(entry.logger() + " holds the " + name + ": " + entry.text());
            }
          });
    }
    assertEquals(Set.of(), leaks);
  }

  // --- Helpers ----------------------------------------------------------------------------------

  private static String sent(String name, String value, Map<String, String> sent) {
    sent.put(name, value);
    return value;
  }

  private static String suffix(String value) {
    return value.substring(Math.max(0, value.length() - SUFFIX));
  }

  private static Map<String, String> adminLine(String event, String clientId, String... more) {
    Map<String, String> line = new LinkedHashMap<>();
    line.put("event", event);
    line.put("address", ADDRESS);
    line.put("operator", "admin");
    line.put("app", clientId);
    for (int i = 0; i < more.length; i += 2) {
      line.put(more[i], more[i + 1]);
    }
    return line;
  }

  private static void assertUntilAboutFiveMinutesAfter(Instant before, String until) {
    Instant end = Instant.parse(until);
    assertFalse(end.isBefore(before.plus(Duration.ofMinutes(5))), until);
    assertTrue(end.isBefore(Instant.now().plus(Duration.ofMinutes(5)).plusSeconds(1)), until);
  }

  private static URI authorize(TestApp app, String... changes) {
    return authorize(server.get(), app, changes);
  }

  /** {@code /oauth/} for {@code app}, scope {@code pins:read}, changed by name/value pairs. */
  private static URI authorize(TestServer on, TestApp app, String... changes) {
    Map<String, String> query = new LinkedHashMap<>();
    query.put("client_id", app.clientId());
    query.put("redirect_uri", REDIRECT_URI);
    query.put("response_type", "code");
    query.put("scope", "pins:read");
    for (int i = 0; i < changes.length; i += 2) {
      query.put(changes[i], changes[i + 1]);
    }
    List<String> pairs = new ArrayList<>();
    query.forEach(
        (name, value) -> {
          pairs.add(name);
          pairs.add(value);
        });
    return on.uri("/oauth/?" + Http.form(pairs.toArray(new String[0])));
  }

  private static Http.Response signIn(
      Browserless browser, Http.Response page, String username, String password) {
    return signIn(server.get(), browser, page, username, password);
  }

  /** Submits the sign-in form of {@code page}; returns the answer (a page, or 303 when in). */
  private static Http.Response signIn(
      TestServer on, Browserless browser, Http.Response page, String username, String password) {
    return browser.submit(on.uri("/oauth/"), page, "username", username, "password", password);
  }

  private static String codeOf(Http.Response allowed) {
    assertEquals(302, allowed.status(), allowed.toString());
    String location = allowed.header("Location").orElseThrow();
    assertTrue(location.startsWith(REDIRECT_URI + "?code="), location);
    String code = location.substring((REDIRECT_URI + "?code=").length());
    return code.contains("&") ? code.substring(0, code.indexOf('&')) : code;
  }

  private static Http.Response clientCredentials(String authorization) {
    return Http.postForm(
        server.uri("/v5/oauth/token"),
        authorization,
        Http.form("grant_type", "client_credentials", "scope", "pins:read"));
  }

  /** An admin API call as {@code admin}, always with {@code Content-Type: application/json}. */
  private static Http.Response admin(String method, String path, String json) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(server.uri(path))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", ADMIN);
    if (json == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request
          .header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(json));
    }
    return Http.send(request.build());
  }
}
