package org.pinoauth.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pinoauth.testing.Browserless;
import org.pinoauth.testing.Http;
import org.pinoauth.testing.RawHttp;
import org.pinoauth.testing.TestApps;
import org.pinoauth.testing.TestServerExtension;

/**
 * Brute force from one source address locks that address out, and never the account it guessed at
 * (CONTRACT §2.5, §2.6; issue 12 §1): over real sockets from distinct loopback addresses, an
 * attacker's wrong secrets or passwords past the limit leave the victim's correct credentials from
 * another address working, at the token endpoint, introspection, revocation, the {@code /oauth/}
 * sign-in and the admin API, while the attacker's own address meets {@code 429} even with the
 * correct credentials.
 */
class BruteForceIT {
  private static final int LIMIT = 3;
  private static final int ADDRESS_LIMIT = 8;

  /** Every test talks from addresses no other test used, so one server serves them all. */
  private static final AtomicInteger NEXT_ADDRESS = new AtomicInteger(2);

  @RegisterExtension
  static final TestServerExtension server =
      TestServerExtension.of(
          builder ->
              builder
                  .setting("auth.failure.limit", Integer.toString(LIMIT))
                  .setting("auth.failure.address.limit", Integer.toString(ADDRESS_LIMIT))
                  .setting("signin.failure.limit", Integer.toString(LIMIT))
                  .setting("signin.failure.address.limit", Integer.toString(ADDRESS_LIMIT))
                  .setting("auth.failure.window", "300"));

  /** A loopback address (127.0.1.x, 127.0.2.x, ...) that no test has sent from yet. */
  private static String freshAddress() {
    int n = NEXT_ADDRESS.getAndIncrement();
    return "127.0." + (1 + n / 250) + "." + (1 + n % 250);
  }

  @ParameterizedTest
  @ValueSource(strings = {"/v5/oauth/token", "/v5/oauth/introspect", "/v5/oauth/token/revoke"})
  void clientEndpointWhenStrangerFailsPastLimitThenVictimsRightSecretStillWorks(String path) {
    TestApps.TestApp victim = TestApps.app().registerOn(server.get());
    String attacker = freshAddress();
    for (int i = 0; i < LIMIT + 2; i++) {
      RawHttp.Response guess = clientPost(path, victim.clientId(), "wrong-" + i, attacker);
      assertEquals(i < LIMIT ? 401 : 429, guess.status(), path + " guess " + i + ": " + guess);
    }

    RawHttp.Response fromVictim =
        clientPost(path, victim.clientId(), victim.secret(), freshAddress());

    assertEquals(200, fromVictim.status(), path + " " + fromVictim);
  }

  @ParameterizedTest
  @ValueSource(strings = {"/v5/oauth/token", "/v5/oauth/introspect", "/v5/oauth/token/revoke"})
  void clientEndpointWhenStrangerFailsPastLimitThenStrangersAddressLockedEvenForRightSecret(
      String path) {
    TestApps.TestApp victim = TestApps.app().registerOn(server.get());
    String attacker = freshAddress();
    for (int i = 0; i < LIMIT; i++) {
      clientPost(path, victim.clientId(), "wrong-" + i, attacker);
    }

    RawHttp.Response locked = clientPost(path, victim.clientId(), victim.secret(), attacker);

    assertSlowDown(locked, path);
  }

  @Test
  void tokenWhenOneAddressFailsForManyAppsThenItIsLockedForEveryAppAndOthersAreNot() {
    String attacker = freshAddress();
    for (int i = 0; i < ADDRESS_LIMIT; i++) {
      RawHttp.Response guess = clientPost("/v5/oauth/token", "unknown-" + i, "guess", attacker);
      assertEquals(401, guess.status(), "guess " + i + ": " + guess);
    }
    TestApps.TestApp app = TestApps.app().registerOn(server.get());

    RawHttp.Response fromAttacker =
        clientPost("/v5/oauth/token", app.clientId(), app.secret(), attacker);
    RawHttp.Response fromElsewhere =
        clientPost("/v5/oauth/token", app.clientId(), app.secret(), freshAddress());

    assertSlowDown(fromAttacker, "a second app from the attacker's address");
    assertEquals(200, fromElsewhere.status(), fromElsewhere.toString());
  }

  @Test
  void tokenWhenOtherAppLockedAtAnAddressThenThisAppFromThereUnaffected() {
    TestApps.TestApp victim = TestApps.app().registerOn(server.get());
    TestApps.TestApp bystander = TestApps.app().registerOn(server.get());
    String address = freshAddress();
    for (int i = 0; i < LIMIT; i++) {
      clientPost("/v5/oauth/token", victim.clientId(), "wrong-" + i, address);
    }

    RawHttp.Response other =
        clientPost("/v5/oauth/token", bystander.clientId(), bystander.secret(), address);

    assertEquals(200, other.status(), other.toString());
  }

  @Test
  void signInWhenStrangerFailsPastLimitThenVictimStillSignsIn() {
    TestApps.TestApp app = TestApps.app().registerOn(server.get());
    String attacker = freshAddress();
    for (int i = 0; i < LIMIT + 2; i++) {
      RawHttp.Response guess = signIn(app, "pinner", "wrong-" + i, attacker);
      assertEquals(i < LIMIT ? 200 : 429, guess.status(), "guess " + i + ": " + guess);
    }

    RawHttp.Response fromVictim = signIn(app, "pinner", "pinner", freshAddress());

    assertEquals(303, fromVictim.status(), fromVictim.toString());
    assertTrue(
        fromVictim.header("Location").orElseThrow().startsWith("/oauth/?"), fromVictim.toString());
  }

  @Test
  void signInWhenStrangerFailsPastLimitThenStrangersAddressLockedEvenForRightPassword() {
    TestApps.TestApp app = TestApps.app().registerOn(server.get());
    String attacker = freshAddress();
    for (int i = 0; i < LIMIT; i++) {
      signIn(app, "pinner", "wrong-" + i, attacker);
    }

    RawHttp.Response locked = signIn(app, "pinner", "pinner", attacker);

    assertSignInLocked(locked);
  }

  @Test
  void connectedAppsSignInWhenStrangerFailsPastLimitThenLockedThereAndAtOauthVictimStillSignsIn() {
    TestApps.TestApp app = TestApps.app().registerOn(server.get());
    String attacker = freshAddress();
    for (int i = 0; i < LIMIT; i++) {
      RawHttp.Response guess = signInAtApps("pinner", "wrong-" + i, attacker);
      assertEquals(200, guess.status(), "guess " + i + ": " + guess);
      assertTrue(guess.body().contains("Sign-in failed."), guess.body());
    }

    RawHttp.Response locked = signInAtApps("pinner", "pinner", attacker);
    RawHttp.Response lockedAtOauth = signIn(app, "pinner", "pinner", attacker);
    RawHttp.Response fromVictim = signInAtApps("pinner", "pinner", freshAddress());

    assertSignInLocked(locked);
    assertSignInLocked(lockedAtOauth);
    assertEquals(303, fromVictim.status(), fromVictim.toString());
    assertEquals("/oauth/apps", fromVictim.header("Location").orElseThrow());
  }

  @Test
  void signInWhenOneAddressFailsForManyUsersThenItIsLockedForEveryUserAndOthersAreNot() {
    TestApps.TestApp app = TestApps.app().registerOn(server.get());
    String attacker = freshAddress();
    for (int i = 0; i < ADDRESS_LIMIT; i++) {
      RawHttp.Response guess = signIn(app, "user-" + i, "guess", attacker);
      assertEquals(200, guess.status(), "guess " + i + ": " + guess);
    }

    RawHttp.Response fromAttacker = signIn(app, "pinner", "pinner", attacker);
    RawHttp.Response fromElsewhere = signIn(app, "pinner", "pinner", freshAddress());

    assertSignInLocked(fromAttacker);
    assertEquals(303, fromElsewhere.status(), fromElsewhere.toString());
  }

  @Test
  void adminWhenStrangerFailsPastLimitThenOperatorStillGetsIn() {
    String attacker = freshAddress();
    for (int i = 0; i < LIMIT + 2; i++) {
      RawHttp.Response guess = listApps("admin", "wrong-" + i, attacker);
      assertEquals(i < LIMIT ? 401 : 429, guess.status(), "guess " + i + ": " + guess);
    }

    RawHttp.Response fromOperator = listApps("admin", "admin", freshAddress());

    assertEquals(200, fromOperator.status(), fromOperator.toString());
  }

  @Test
  void adminWhenStrangerFailsPastLimitThenStrangersAddressLockedEvenForRightPassword() {
    String attacker = freshAddress();
    for (int i = 0; i < LIMIT; i++) {
      listApps("admin", "wrong-" + i, attacker);
    }

    RawHttp.Response locked = listApps("admin", "admin", attacker);

    assertSlowDown(locked, "/admin/apps");
  }

  @Test
  void adminWhenOneAddressFailsForManyUsersThenItIsLockedForTheOperatorToo() {
    String attacker = freshAddress();
    for (int i = 0; i < ADDRESS_LIMIT; i++) {
      listApps("operator-" + i, "guess", attacker);
    }

    RawHttp.Response fromAttacker = listApps("admin", "admin", attacker);
    RawHttp.Response fromElsewhere = listApps("admin", "admin", freshAddress());

    assertSlowDown(fromAttacker, "/admin/apps");
    assertEquals(200, fromElsewhere.status(), fromElsewhere.toString());
  }

  private static void assertSlowDown(RawHttp.Response locked, String what) {
    assertEquals(429, locked.status(), what + " " + locked);
    assertEquals("slow_down", locked.json().get("error"), what);
    assertEquals(8, ((Number) locked.json().get("code")).intValue(), what);
    long retryAfter = Long.parseLong(locked.header("Retry-After").orElseThrow());
    assertTrue(retryAfter > 0 && retryAfter <= 300, what + " Retry-After " + retryAfter);
    assertTrue(locked.header("x-pinterest-rid").isPresent(), what);
  }

  private static void assertSignInLocked(RawHttp.Response locked) {
    assertEquals(429, locked.status(), locked.toString());
    assertTrue(locked.body().contains("Too many failed sign-ins"), locked.body());
    assertTrue(locked.body().contains("name=\"password\""), "the form again: " + locked.body());
    long retryAfter = Long.parseLong(locked.header("Retry-After").orElseThrow());
    assertTrue(retryAfter > 0 && retryAfter <= 300, "Retry-After " + retryAfter);
    assertTrue(locked.header("Location").isEmpty(), "no sign-in happened");
  }

  /** A client-authenticated POST to {@code path} from {@code address}, with a valid body. */
  private static RawHttp.Response clientPost(
      String path, String clientId, String secret, String address) {
    String body =
        path.equals("/v5/oauth/token")
            ? Http.form("grant_type", "client_credentials", "scope", "pins:read")
            : Http.form("token", "pina_x");
    return RawHttp.postForm(path)
        .header("Authorization", Http.basic(clientId, secret))
        .body(body)
        .sendFrom(address, server.get());
  }

  /** GET /admin/apps with HTTP Basic from {@code address}. */
  private static RawHttp.Response listApps(String user, String password, String address) {
    return RawHttp.get("/admin/apps")
        .header("Authorization", Http.basic(user, password))
        .sendFrom(address, server.get());
  }

  /**
   * One sign-in at {@code /oauth/} from {@code address}, as a browser there would: fetch the form
   * (its {@code pinoauth_signin} cookie and CSRF token), post it back with the credentials.
   */
  private static RawHttp.Response signIn(
      TestApps.TestApp app, String username, String password, String address) {
    RawHttp.Response form = RawHttp.get(authorizeQuery(app)).sendFrom(address, server.get());
    assertEquals(200, form.status(), form.toString());
    String cookie =
        form.headers("Set-Cookie").stream()
            .filter(c -> c.startsWith("pinoauth_signin="))
            .map(c -> c.split(";", 2)[0])
            .findFirst()
            .orElseThrow(() -> new AssertionError("no pinoauth_signin cookie: " + form));
    Map<String, String> fields = Browserless.hiddenInputs(form.body());
    fields.put("username", username);
    fields.put("password", password);
    String[] pairs =
        fields.entrySet().stream()
            .flatMap(e -> Stream.of(e.getKey(), e.getValue()))
            .toArray(String[]::new);
    return RawHttp.postForm("/oauth/")
        .header("Cookie", cookie)
        .body(Http.form(pairs))
        .sendFrom(address, server.get());
  }

  /** One sign-in at the connected-apps page {@code /oauth/apps} from {@code address}. */
  private static RawHttp.Response signInAtApps(String username, String password, String address) {
    RawHttp.Response form = RawHttp.get("/oauth/apps").sendFrom(address, server.get());
    assertEquals(200, form.status(), form.toString());
    String cookie =
        form.headers("Set-Cookie").stream()
            .filter(c -> c.startsWith("pinoauth_signin="))
            .map(c -> c.split(";", 2)[0])
            .findFirst()
            .orElseThrow(() -> new AssertionError("no pinoauth_signin cookie: " + form));
    String csrf = Browserless.hiddenInputs(form.body()).get("csrf");
    return RawHttp.postForm("/oauth/apps")
        .header("Cookie", cookie)
        .body(
            Http.form(
                "csrf", csrf, "action", "sign_in", "username", username, "password", password))
        .sendFrom(address, server.get());
  }

  private static String authorizeQuery(TestApps.TestApp app) {
    return "/oauth/?client_id="
        + app.clientId()
        + "&redirect_uri="
        + Http.encode("http://localhost:8085/")
        + "&response_type=code&scope=pins:read&state=s";
  }
}
