package org.pinoauth.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pinoauth.testing.Http;
import org.pinoauth.testing.TestServer;

/**
 * {@code metrics.role}: unset, {@code /metrics} is open; set, it takes HTTP Basic credentials of a
 * realm user with that role, under the sign-in lockouts, and refuses everyone else with the JSON
 * errors of the admin API.
 */
class MetricsRoleIT {
  private static TestServer open;
  private static TestServer guarded;

  @BeforeAll
  static void start() {
    open = TestServer.start();
    guarded =
        TestServer.builder()
            .setting("metrics.role", "pinoauth-user")
            .setting("signin.failure.limit", "3")
            .start();
  }

  @AfterAll
  static void stop() {
    open.close();
    guarded.close();
  }

  @Test
  void getWhenNoRoleSetThenOpenWithoutCredentials() {
    Http.Response scrape = Http.get(open.uri("/metrics"));

    assertPrometheus(scrape);
  }

  @Test
  void getWhenRoleSetAndNoCredentialsThen401WithBasicChallenge() {
    Http.Response refused = Http.get(guarded.uri("/metrics"));

    assertEquals(401, refused.status(), refused.body());
    assertEquals("unauthorized", refused.string("error"));
    assertTrue(refused.header("WWW-Authenticate").orElseThrow().startsWith("Basic"));
    assertTrue(refused.header("x-pinterest-rid").isPresent());
    assertTrue(!refused.body().contains("pinoauth_lockouts_active"), "no meters");
  }

  @Test
  void getWhenRoleSetAndWrongPasswordThen401() {
    Http.Response refused =
        Http.get(guarded.uri("/metrics"), "Authorization", Http.basic("admin", "wrong"));

    assertEquals(401, refused.status(), refused.body());
    assertEquals("unauthorized", refused.string("error"));
    assertTrue(refused.header("WWW-Authenticate").orElseThrow().startsWith("Basic"));
  }

  @Test
  void getWhenRoleSetAndUserLacksItThen403() {
    Http.Response refused =
        Http.get(guarded.uri("/metrics"), "Authorization", Http.basic("admin", "admin"));

    assertEquals(403, refused.status(), refused.body());
    assertEquals("access_denied", refused.string("error"));
    assertTrue(refused.body().contains("pinoauth-user"), refused.body());
  }

  @Test
  void getWhenRoleSetAndUserHasItThenPrometheusText() {
    Http.Response scrape =
        Http.get(guarded.uri("/metrics"), "Authorization", Http.basic("pinner", "pinner"));

    assertPrometheus(scrape);
  }

  @Test
  void getWhenRoleSetAndPasswordsGuessedThenLockedOutLikeTheAdminApi() {
    for (int i = 0; i < 3; i++) {
      Http.Response wrong =
          Http.get(guarded.uri("/metrics"), "Authorization", Http.basic("outsider", "guess-" + i));
      assertEquals(401, wrong.status(), wrong.body());
    }

    Http.Response locked =
        Http.get(guarded.uri("/metrics"), "Authorization", Http.basic("outsider", "outsider"));

    assertEquals(429, locked.status(), locked.body());
    assertEquals("slow_down", locked.string("error"));
    assertTrue(locked.header("Retry-After").isPresent());
  }

  private static void assertPrometheus(Http.Response scrape) {
    assertEquals(200, scrape.status(), scrape.body());
    assertTrue(
        scrape.header("Content-Type").orElseThrow().startsWith("text/plain; version=0.0.4"),
        scrape.header("Content-Type").toString());
    assertTrue(scrape.body().contains("# TYPE pinoauth_lockouts_active gauge"), scrape.body());
  }
}
