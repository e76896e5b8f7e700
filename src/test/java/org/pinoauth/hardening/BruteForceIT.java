package org.pinoauth.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pinoauth.testing.Browserless;
import org.pinoauth.testing.Http;
import org.pinoauth.testing.TestApps;
import org.pinoauth.testing.TestServer;

/**
 * Brute force against client secrets and sign-in passwords meets {@code 429 slow_down} with {@code
 * Retry-After} past the configured limits, and a correct secret does not get through an active
 * lockout (CONTRACT §2.5).
 */
class BruteForceIT {
  private static TestServer perApp;
  private static TestServer perAddress;

  @BeforeAll
  static void startServers() {
    perApp =
        TestServer.builder()
            .setting("auth.failure.limit", "3")
            .setting("signin.failure.limit", "3")
            .setting("auth.failure.window", "300")
            .start();
    perAddress = addressLimited();
  }

  /**
   * A server that locks an address out after 4 failures, whatever ids or usernames they named.
   * Every test talks from 127.0.0.1, so a test whose failures must start from zero has a server of
   * its own.
   */
  private static TestServer addressLimited() {
    return TestServer.builder()
        .setting("auth.failure.limit", "1000")
        .setting("auth.failure.address.limit", "4")
        .setting("signin.failure.limit", "1000")
        .setting("signin.failure.address.limit", "4")
        .start();
  }

  @AfterAll
  static void stopServers() {
    perApp.close();
    perAddress.close();
  }

  @Test
  void tokenWhenWrongSecretsReachLimitThenSlowDownEvenForTheRightSecret() {
    TestApps.TestApp app = TestApps.app().registerOn(perApp);
    for (int i = 0; i < 3; i++) {
      assertEquals(401, clientCredentials(perApp, app.clientId(), "wrong-" + i).status());
    }

    Http.Response locked = clientCredentials(perApp, app.clientId(), app.secret());

    assertEquals(429, locked.status(), locked.body());
    assertEquals("slow_down", locked.string("error"));
    assertEquals(8, locked.number("code"));
    long retryAfter = Long.parseLong(locked.header("Retry-After").orElseThrow());
    assertTrue(retryAfter > 0 && retryAfter <= 300, "Retry-After " + retryAfter);
    assertTrue(locked.header("x-pinterest-rid").isPresent());
  }

  @Test
  void revokeAndIntrospectWhenAppLockedOutThenSlowDownToo() {
    TestApps.TestApp app = TestApps.app().registerOn(perApp);
    for (int i = 0; i < 3; i++) {
      clientCredentials(perApp, app.clientId(), "wrong-" + i);
    }

    for (String path : new String[] {"/v5/oauth/token/revoke", "/v5/oauth/introspect"}) {
      Http.Response locked =
          Http.postForm(
              perApp.uri(path),
              Http.basic(app.clientId(), app.secret()),
              Http.form("token", "pina_x"));
      assertEquals(429, locked.status(), path + " " + locked.body());
      assertTrue(locked.header("Retry-After").isPresent(), path);
    }
  }

  @Test
  void tokenWhenOtherAppLockedOutThenThisAppUnaffected() {
    TestApps.TestApp victim = TestApps.app().registerOn(perApp);
    TestApps.TestApp bystander = TestApps.app().registerOn(perApp);
    for (int i = 0; i < 3; i++) {
      clientCredentials(perApp, victim.clientId(), "wrong-" + i);
    }

    assertEquals(200, clientCredentials(perApp, bystander.clientId(), bystander.secret()).status());
  }

  @Test
  void tokenWhenOneAddressFailsForManyAppsThenTheAddressIsLockedOut() {
    for (int i = 0; i < 4; i++) {
      clientCredentials(perAddress, "unknown-" + i, "guess");
    }
    TestApps.TestApp app = TestApps.app().registerOn(perAddress);

    Http.Response locked = clientCredentials(perAddress, app.clientId(), app.secret());

    assertEquals(429, locked.status(), locked.body());
    assertEquals("slow_down", locked.string("error"));
  }

  @Test
  void revokeWhenOneAddressFailsForManyAppsThenAddressLockedOut() {
    assertAddressLockedOutAfterFailuresAt("/v5/oauth/token/revoke");
  }

  @Test
  void introspectWhenOneAddressFailsForManyAppsThenAddressLockedOut() {
    assertAddressLockedOutAfterFailuresAt("/v5/oauth/introspect");
  }

  /** Failed client authentications at {@code path} lock the address out there, right secret too. */
  private static void assertAddressLockedOutAfterFailuresAt(String path) {
    try (TestServer server = addressLimited()) {
      TestApps.TestApp app = TestApps.app().registerOn(server);
      for (int i = 0; i < 4; i++) {
        Http.Response failed =
            Http.postForm(
                server.uri(path), Http.basic("unknown-" + i, "guess"), Http.form("token", "x"));
        assertEquals(401, failed.status(), path + " failure " + i + ": " + failed.body());
      }

      Http.Response locked =
          Http.postForm(
              server.uri(path),
              Http.basic(app.clientId(), app.secret()),
              Http.form("token", "pina_x"));

      assertEquals(429, locked.status(), path + " " + locked.body());
      assertEquals("slow_down", locked.string("error"));
      assertEquals(8, locked.number("code"));
      long retryAfter = Long.parseLong(locked.header("Retry-After").orElseThrow());
      assertTrue(retryAfter > 0 && retryAfter <= 300, "Retry-After " + retryAfter);
    }
  }

  @Test
  void signInWhenWrongPasswordsReachLimitThenLockedEvenForTheRightPassword() {
    TestApps.TestApp app = TestApps.app().registerOn(perApp);
    Browserless browser = new Browserless();
    Http.Response page = browser.get(perApp.uri(authorizeQuery(app)));
    for (int i = 0; i < 3; i++) {
      page =
          browser.submit(
              perApp.uri("/oauth/"), page, "username", "pinner", "password", "wrong-" + i);
      assertEquals(200, page.status(), "a failed sign-in shows the form again");
    }

    Http.Response locked =
        browser.submit(perApp.uri("/oauth/"), page, "username", "pinner", "password", "pinner");

    assertEquals(429, locked.status());
    assertTrue(locked.body().contains("Too many failed sign-ins"), locked.body());
    assertTrue(locked.header("Retry-After").isPresent());
    assertTrue(locked.header("Location").isEmpty(), "no sign-in happened");
  }

  @Test
  void signInWhenOneAddressFailsForManyUsersThenAddressLockedOut() {
    TestApps.TestApp app = TestApps.app().registerOn(perAddress);
    Browserless guesser = new Browserless();
    Http.Response page = guesser.get(perAddress.uri(authorizeQuery(app)));
    for (int i = 0; i < 4; i++) {
      page =
          guesser.submit(
              perAddress.uri("/oauth/"), page, "username", "user-" + i, "password", "guess");
      assertEquals(200, page.status(), "a failed sign-in shows the form again");
    }
    // Another session from the same address, for a user no one has tried.
    Browserless other = new Browserless();
    Http.Response form = other.get(perAddress.uri(authorizeQuery(app)));

    Http.Response locked =
        other.submit(perAddress.uri("/oauth/"), form, "username", "pinner", "password", "pinner");

    assertEquals(429, locked.status(), locked.body());
    assertTrue(locked.body().contains("Too many failed sign-ins"), locked.body());
    assertTrue(locked.header("Retry-After").isPresent());
    assertTrue(locked.header("Location").isEmpty(), "no sign-in happened");
  }

  private static String authorizeQuery(TestApps.TestApp app) {
    return "/oauth/?client_id="
        + app.clientId()
        + "&redirect_uri="
        + Http.encode("http://localhost:8085/")
        + "&response_type=code&scope=pins:read&state=s";
  }

  private static Http.Response clientCredentials(
      TestServer server, String clientId, String secret) {
    return Http.postForm(
        server.uri("/v5/oauth/token"),
        Http.basic(clientId, secret),
        Http.form("grant_type", "client_credentials", "scope", "pins:read"));
  }
}
