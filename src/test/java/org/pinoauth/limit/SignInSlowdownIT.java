package org.pinoauth.limit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pinoauth.http.RequestDelays;
import org.pinoauth.testing.Browserless;
import org.pinoauth.testing.Eventually;
import org.pinoauth.testing.FromAddress;
import org.pinoauth.testing.Http;
import org.pinoauth.testing.LogCapture;
import org.pinoauth.testing.RawHttp;
import org.pinoauth.testing.TestApps;
import org.pinoauth.testing.TestServer;
import org.pinoauth.testing.TestServerExtension;

/**
 * Distributed guessing of one person's password (issue 12 §1): once an account has failed {@code
 * signin.slowdown.after} times from any addresses, an attempt from an address that never signed in
 * to it waits the delay before its password is checked, at {@code /oauth/} and at the admin API,
 * over real connections from distinct loopback addresses. A correct password still gets in; an
 * address that signed in before never waits; the wait holds no request thread. Each test talks from
 * its own 127.0.N.x, since what an address has done stays with it for the server's life.
 */
class SignInSlowdownIT {
  private static final Duration DELAY = Duration.ofSeconds(1);

  /** Generous: the machine may be busy; what matters is that it is not the configured minute. */
  private static final Duration BOUND = DELAY.plusSeconds(4);

  private static final int AFTER = 3;
  private static final String ACCESS_LOG = "org.pinoauth.access";

  @RegisterExtension
  static final TestServerExtension server = TestServerExtension.of(SignInSlowdownIT::slowdown);

  private static TestApps.TestApp app;

  @BeforeAll
  static void startAndAttack() {
    app = TestApps.app().registerOn(server.get());
    // Known before the attack: pinner signed in from 127.0.3.1, the operator from 127.0.6.1.
    assertEquals(303, signIn("127.0.3.1", "pinner", "pinner").status());
    assertEquals(200, admin("127.0.6.1", "admin", "admin").status());
    for (int i = 1; i <= AFTER; i++) {
      assertEquals(200, signIn("127.0.9." + i, "pinner", "guess-" + i).status());
      assertEquals(401, admin("127.0.9." + i, "admin", "guess-" + i).status());
    }
  }

  /** Slowdown after 3 failures, the per-account and per-pair lockouts out of the way. */
  private static TestServer.Builder slowdownServer() {
    return slowdown(TestServer.builder());
  }

  private static TestServer.Builder slowdown(TestServer.Builder builder) {
    return builder
        .setting("signin.slowdown.after", Integer.toString(AFTER))
        .setting("signin.slowdown.delay", Long.toString(DELAY.toMillis()))
        .setting("signin.failure.limit", "100000");
  }

  @Test
  void signInWhenAccountUnderAttackThenNewAddressWaitsBeforeItsCheck() {
    FromAddress.Timed attempt = timedSignIn("127.0.1.1", "pinner", "another-guess");

    assertEquals(200, attempt.response().status(), attempt.response().toString());
    assertTrue(attempt.response().body().contains("Sign-in failed"), "the form, checked");
    assertWaited(attempt);
  }

  @Test
  void signInWhenAccountUnderAttackThenCorrectPasswordFromNewAddressSignsInLate() {
    FromAddress.Timed attempt;
    List<LogCapture.Entry> lines;
    try (LogCapture logs = LogCapture.start()) {
      attempt = timedSignIn("127.0.2.1", "pinner", "pinner");
      lines = accessLines(logs, attempt.response());
    }

    assertEquals(303, attempt.response().status(), attempt.response().toString());
    assertTrue(attempt.response().header("Location").orElseThrow().startsWith("/oauth/?"));
    assertTrue(
        attempt.response().header("Set-Cookie").orElseThrow().startsWith("JSESSIONID="),
        "signed in: a session");
    assertWaited(attempt);
    assertEquals(1, lines.size(), "one access line: " + lines);
    assertTrue(lines.get(0).text().contains(" endpoint=authorize status=303 "), lines.toString());
  }

  @Test
  void connectedAppsSignInWhenAccountUnderAttackThenNewAddressWaitsAndComesBackToTheList() {
    FromAddress.Timed wrong;
    FromAddress.Timed right;
    List<LogCapture.Entry> lines;
    try (LogCapture logs = LogCapture.start()) {
      wrong = timedSignInAtApps("127.0.8.1", "pinner", "yet-another-guess");
      right = timedSignInAtApps("127.0.8.2", "pinner", "pinner");
      lines = accessLines(logs, right.response());
    }

    assertEquals(200, wrong.response().status(), wrong.response().toString());
    assertTrue(wrong.response().body().contains("Sign-in failed"), "the form, checked");
    assertWaited(wrong);
    assertEquals(303, right.response().status(), right.response().toString());
    assertEquals("/oauth/apps", right.response().header("Location").orElseThrow());
    assertWaited(right);
    assertEquals(1, lines.size(), "one access line: " + lines);
    assertTrue(
        lines.get(0).text().contains(" endpoint=connectedApps status=303 "), lines.toString());
  }

  @Test
  void signInWhenAddressSignedInBeforeThenNoWait() {
    Duration fastest = Duration.ofDays(1);
    for (int i = 0; i < 3; i++) {
      FromAddress.Timed wrong = timedSignIn("127.0.3.1", "pinner", "typo-" + i);
      assertEquals(200, wrong.response().status());
      FromAddress.Timed right = timedSignIn("127.0.3.1", "pinner", "pinner");
      assertEquals(303, right.response().status());
      fastest = min(fastest, min(wrong.elapsed(), right.elapsed()));
    }

    assertTrue(fastest.compareTo(DELAY.dividedBy(2)) < 0, "fastest " + fastest);
  }

  @Test
  void signInWhenNewAddressSucceededLateThenItsNextAttemptsDoNotWait() {
    assertWaited(timedSignIn("127.0.4.1", "pinner", "pinner"));

    FromAddress.Timed again = timedSignIn("127.0.4.1", "pinner", "pinner");
    FromAddress.Timed andAgain = timedSignIn("127.0.4.1", "pinner", "pinner");

    assertEquals(303, andAgain.response().status());
    assertTrue(
        min(again.elapsed(), andAgain.elapsed()).compareTo(DELAY.dividedBy(2)) < 0,
        again.elapsed() + " " + andAgain.elapsed());
  }

  @Test
  void adminWhenOperatorUnderAttackThenNewAddressWaitsAndCorrectPasswordStillGets200() {
    FromAddress.Timed wrong;
    FromAddress.Timed right;
    List<LogCapture.Entry> lines;
    try (LogCapture logs = LogCapture.start()) {
      wrong = timedAdmin("127.0.5.1", "admin", "guess");
      right = timedAdmin("127.0.5.2", "admin", "admin");
      lines = accessLines(logs, right.response());
    }

    assertEquals(401, wrong.response().status(), wrong.response().toString());
    assertEquals("unauthorized", wrong.response().json().get("error"));
    assertTrue(wrong.response().header("WWW-Authenticate").orElseThrow().startsWith("Basic"));
    assertWaited(wrong);
    assertEquals(200, right.response().status(), right.response().toString());
    assertTrue(right.response().body().startsWith("["), "the list of apps");
    assertWaited(right);
    assertEquals(1, lines.size(), "one access line: " + lines);
    assertTrue(lines.get(0).text().contains(" endpoint=adminApps status=200 "), lines.toString());
  }

  @Test
  void adminWhenAddressSignedInBeforeThenNoWait() {
    Duration fastest = Duration.ofDays(1);
    for (int i = 0; i < 3; i++) {
      FromAddress.Timed attempt = timedAdmin("127.0.6.1", "admin", "admin");
      assertEquals(200, attempt.response().status());
      fastest = min(fastest, attempt.elapsed());
    }

    assertTrue(fastest.compareTo(DELAY.dividedBy(2)) < 0, "fastest " + fastest);
  }

  /**
   * A path the admin API does not serve checks no password: it is no way round the slowdown, and
   * never reaches a container servlet that could only wait on its thread.
   */
  @Test
  void adminWhenPathIsNotTheApiThen404BeforeAnyPasswordCheck() {
    RawHttp.Response notFound =
        FromAddress.of("127.0.5.4")
            .send(server.get(), FromAddress.get("/admin/other", authorization("admin", "guess")));

    assertEquals(404, notFound.status(), notFound.toString());
    assertEquals("invalid_request", notFound.json().get("error"));
    assertTrue(notFound.header("WWW-Authenticate").isEmpty(), "no password asked for");
  }

  @Test
  void adminWhenPostPutAsideThenItsBodyIsReadAfterTheWait() {
    String json =
        "{\"name\":\"Waited\",\"redirect_uris\":[\"https://example.com/cb\"],"
            + "\"scopes\":[\"pins:read\"],\"grant_types\":[\"authorization_code\"],"
            + "\"refresh_mode\":\"continuous\",\"owner\":\"pinner\"}";
    String request =
        "POST /admin/apps HTTP/1.1\r\nHost: localhost\r\nAuthorization: "
            + Http.basic("admin", "admin")
            + "\r\nContent-Type: application/json\r\nContent-Length: "
            + json.length()
            + "\r\nConnection: close\r\n\r\n"
            + json;

    FromAddress.Timed created = FromAddress.of("127.0.5.3").timed(server.get(), request);

    assertEquals(201, created.response().status(), created.response().toString());
    assertEquals("Waited", created.response().json().get("name"));
    assertWaited(created);
  }

  @Test
  void signInWhenDelayConfiguredAsAMinuteThenWaitsOneSecond() {
    try (TestServer minute = slowdownServer().setting("signin.slowdown.delay", "60000").start()) {
      for (int i = 1; i <= AFTER; i++) {
        assertEquals(401, admin(minute, "127.0.7." + i, "admin", "guess").status());
      }

      FromAddress.Timed attempt =
          FromAddress.of("127.0.7.100")
              .timed(minute, FromAddress.get("/admin/apps", authorization("admin", "admin")));

      assertEquals(200, attempt.response().status());
      assertWaited(attempt);
    }
  }

  /**
   * 30 requests wait at once on a server of 10 threads, and a request that needs no waiting is
   * answered meanwhile: waiting holds no thread.
   */
  @Test
  void adminWhenManyRequestsWaitThenTheyHoldNoThreadAndOthersAreServed() {
    int waiters = 30;
    try (TestServer small = slowdownServer().maxThreads(10).start()) {
      for (int i = 1; i <= AFTER; i++) {
        assertEquals(401, admin(small, "127.0.8." + i, "admin", "guess").status());
      }
      RequestDelays delays = small.pinoauth().requestDelays();
      List<FromAddress.Pending> pending = new ArrayList<>();
      for (int i = 0; i < waiters; i++) {
        pending.add(
            FromAddress.of("127.0.10." + (i + 1))
                .start(small, FromAddress.get("/admin/apps", authorization("admin", "admin"))));
      }
      assertTrue(
          Eventually.within(Duration.ofSeconds(5), () -> delays.waiting() == waiters),
          "all waiting at once: " + delays.waiting());

      RawHttp.Response metadata =
          FromAddress.of("127.0.10.200")
              .send(small, FromAddress.get("/.well-known/oauth-authorization-server"));
      int stillWaiting = delays.waiting();

      assertEquals(200, metadata.status());
      assertTrue(stillWaiting > 0, "answered while others waited: " + stillWaiting);
      for (FromAddress.Pending each : pending) {
        RawHttp.Response response = each.response();
        assertEquals(200, response.status(), response.toString());
        Duration took = Duration.ofNanos(System.nanoTime() - each.sentNanos());
        assertTrue(took.compareTo(DELAY) >= 0, "waited " + took);
      }
      assertEquals(0, delays.waiting());
    }
  }

  private static void assertWaited(FromAddress.Timed attempt) {
    Duration elapsed = attempt.elapsed();
    assertTrue(elapsed.compareTo(DELAY) >= 0, "waited at least the delay: " + elapsed);
    assertTrue(elapsed.compareTo(BOUND) < 0, "waited within the bound: " + elapsed);
  }

  /** The access lines of the request that got {@code response}: one, unless something is wrong. */
  private static List<LogCapture.Entry> accessLines(LogCapture logs, RawHttp.Response response) {
    String rid = response.header("x-pinterest-rid").orElseThrow();
    logs.await(
        entry -> entry.logger().equals(ACCESS_LOG) && entry.text().contains("rid=" + rid + " "),
        1,
        Duration.ofSeconds(10));
    return logs.entries().stream()
        .filter(entry -> entry.logger().equals(ACCESS_LOG))
        .filter(entry -> entry.text().contains("rid=" + rid + " "))
        .toList();
  }

  private static RawHttp.Response signIn(String address, String username, String password) {
    return timedSignIn(address, username, password).response();
  }

  /**
   * Shows the sign-in form from 127.0.0.1 and posts it, with {@code username} and {@code password},
   * from {@code address}: the form's CSRF token is bound to its cookie, not to an address.
   */
  private static FromAddress.Timed timedSignIn(String address, String username, String password) {
    String query =
        "/oauth/?client_id="
            + app.clientId()
            + "&redirect_uri="
            + Http.encode("http://localhost:8085/")
            + "&response_type=code&scope=pins:read&state=s";
    RawHttp.Response page = FromAddress.of("127.0.0.1").send(server.get(), FromAddress.get(query));
    assertEquals(200, page.status(), page.toString());
    String cookie = page.header("Set-Cookie").orElseThrow().split(";", 2)[0];
    List<String> fields = new ArrayList<>();
    for (Map.Entry<String, String> hidden : Browserless.hiddenInputs(page.body()).entrySet()) {
      fields.add(hidden.getKey());
      fields.add(hidden.getValue());
    }
    fields.addAll(List.of("username", username, "password", password));
    RawHttp post =
        RawHttp.postForm("/oauth/")
            .header("Cookie", cookie)
            .body(Http.form(fields.toArray(new String[0])));
    return FromAddress.of(address).timed(server.get(), post.text());
  }

  /** As {@link #timedSignIn}, at the connected-apps page {@code /oauth/apps}. */
  private static FromAddress.Timed timedSignInAtApps(
      String address, String username, String password) {
    RawHttp.Response page =
        FromAddress.of("127.0.0.1").send(server.get(), FromAddress.get("/oauth/apps"));
    assertEquals(200, page.status(), page.toString());
    String cookie = page.header("Set-Cookie").orElseThrow().split(";", 2)[0];
    String csrf = Browserless.hiddenInputs(page.body()).get("csrf");
    RawHttp post =
        RawHttp.postForm("/oauth/apps")
            .header("Cookie", cookie)
            .body(
                Http.form(
                    "csrf", csrf, "action", "sign_in", "username", username, "password", password));
    return FromAddress.of(address).timed(server.get(), post.text());
  }

  private static RawHttp.Response admin(String address, String username, String password) {
    return admin(server.get(), address, username, password);
  }

  private static RawHttp.Response admin(
      TestServer target, String address, String username, String password) {
    return FromAddress.of(address)
        .send(target, FromAddress.get("/admin/apps", authorization(username, password)));
  }

  private static FromAddress.Timed timedAdmin(String address, String username, String password) {
    return FromAddress.of(address)
        .timed(server.get(), FromAddress.get("/admin/apps", authorization(username, password)));
  }

  private static String authorization(String username, String password) {
    return "Authorization: " + Http.basic(username, password);
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
