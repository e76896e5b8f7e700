package org.pinoauth.authorize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pinoauth.testing.Browserless;
import org.pinoauth.testing.Http;
import org.pinoauth.testing.MutableClock;
import org.pinoauth.testing.TestApps;
import org.pinoauth.testing.TestApps.TestApp;
import org.pinoauth.testing.TestServerExtension;

/**
 * The sign-in form's CSRF token ({@link SignInCsrf}) over real HTTP: it is dated, expires after the
 * session timeout of {@code web.xml} (15 minutes), and signs in only for the authorization request
 * its form was shown for, so that a (cookie, token) pair taken from one browser is worth one
 * request for a short while, not a sign-in from anywhere at any time.
 */
class SignInCsrfIT {
  private static final Duration SESSION_TIMEOUT = Duration.ofMinutes(15); // web.xml
  private static final String REDIRECT_URI = "http://localhost:8085/";
  private static final String OTHER_REDIRECT_URI = "http://localhost:8085/other";

  private static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));

  @RegisterExtension
  static final TestServerExtension server = TestServerExtension.of(builder -> builder.clock(CLOCK));

  private static URI endpoint;

  private TestApp app;

  @BeforeAll
  static void startServer() {
    endpoint = server.uri("/oauth/");
  }

  @BeforeEach
  void freshApp() {
    app = TestApps.app().redirectUris(REDIRECT_URI, OTHER_REDIRECT_URI).registerOn(server.get());
  }

  @Test
  void getThenTokenCarriesTheTimeTheFormWasShown() {
    Http.Response page = new Browserless().get(authorize(app));

    String token = Browserless.hiddenInputs(page.body()).get("csrf");
    assertTrue(token.matches("[0-9]+\\.[A-Za-z0-9_-]{43}"), token);
    assertEquals(CLOCK.instant().getEpochSecond(), Long.parseLong(token.split("\\.")[0]));
  }

  @Test
  void postSignInWhenTokenJustYoungerThanSessionTimeoutThenSignedIn() {
    Browserless browser = new Browserless();
    Http.Response page = browser.get(authorize(app));

    CLOCK.advance(SESSION_TIMEOUT.minusSeconds(1));
    Http.Response signedIn = signIn(browser, page);

    assertEquals(303, signedIn.status(), signedIn.toString());
  }

  @Test
  void postSignInWhenTokenAsOldAsSessionTimeoutThenForbiddenAndNoSession() {
    Browserless browser = new Browserless();
    Http.Response page = browser.get(authorize(app));

    CLOCK.advance(SESSION_TIMEOUT);
    Http.Response refused = signIn(browser, page);

    assertForbidden(refused);
    assertTrue(browser.cookie("JSESSIONID").isEmpty());
    // The same browser gets a fresh form, which signs in.
    Http.Response again = signIn(browser, browser.get(authorize(app)));
    assertEquals(303, again.status(), again.toString());
  }

  @Test
  void postSignInWhenOneBrowsersPairReplayedFromAnotherClientHoursLaterThenForbidden() {
    Browserless victim = new Browserless();
    Http.Response page = victim.get(authorize(app));
    String cookie = "pinoauth_signin=" + victim.cookie("pinoauth_signin").orElseThrow();
    String form = Browserless.formOf(page, "username", "pinner", "password", "pinner");
    assertEquals(303, post(cookie, form).status(), "the pair, while fresh");

    CLOCK.advance(Duration.ofHours(3));
    Http.Response replayed = post(cookie, form);

    assertForbidden(replayed);
  }

  @Test
  void postSignInWhenIssueTimeMovedForwardThenForbidden() {
    Browserless browser = new Browserless();
    Http.Response page = browser.get(authorize(app));
    String token = Browserless.hiddenInputs(page.body()).get("csrf");
    String[] parts = token.split("\\.");
    // An old form made young again: the MAC covers the issue time.
    String younger = (Long.parseLong(parts[0]) + 3600) + "." + parts[1];

    CLOCK.advance(Duration.ofHours(1));
    Http.Response refused = signIn(browser, page, "csrf", younger);

    assertForbidden(refused);
  }

  @Test
  void postSignInWhenIssueTimeInTheFutureThenForbidden() {
    Browserless browser = new Browserless();
    Http.Response page = browser.get(authorize(app));
    // Shown "an hour from now" (a node whose clock runs far ahead, or a forged date): the MAC is
    // right, the date is not believable.
    CLOCK.advance(Duration.ofHours(1));
    Http.Response future = browser.get(authorize(app));
    CLOCK.advance(Duration.ofHours(-1));

    Http.Response refused = signIn(browser, future);

    assertForbidden(refused);
    assertEquals(303, signIn(browser, page).status(), "the form of now still signs in");
  }

  @ParameterizedTest
  @ValueSource(strings = {"client_id", "redirect_uri", "scope", "state", "code_challenge"})
  void postSignInWhenFormShownForAnotherRequestThenForbidden(String changed) {
    TestApp otherApp = TestApps.app().redirectUris(REDIRECT_URI).registerOn(server.get());
    String otherValue =
        switch (changed) {
          case "client_id" -> otherApp.clientId();
          case "redirect_uri" -> OTHER_REDIRECT_URI;
          case "scope" -> "pins:read,boards:read";
          case "state" -> "another-state";
          default -> "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
        };
    Browserless browser = new Browserless();
    Http.Response page = browser.get(authorize(app));
    Http.Response otherPage = browser.get(authorize(app, changed, otherValue));
    assertEquals(200, otherPage.status(), otherPage.body());

    // The first form's token, sent with the second request's parameters.
    Http.Response refused =
        signIn(browser, otherPage, "csrf", Browserless.hiddenInputs(page.body()).get("csrf"));

    assertForbidden(refused);
    Http.Response own = signIn(browser, otherPage);
    assertEquals(303, own.status(), "the second form with its own token: " + own);
    assertTrue(
        own.header("Location").orElseThrow().contains(Http.encode(otherValue)), own.toString());
  }

  @Test
  void postSignInWhenParameterAddedThatTheFormDidNotHaveThenForbidden() {
    Browserless browser = new Browserless();
    Http.Response page = browser.get(authorize(app, "state", null));

    Http.Response refused = signIn(browser, page, "state", "added-later");

    assertForbidden(refused);
  }

  @Test
  void postSignInWhenTokenHasNoIssueTimeThenForbidden() {
    Browserless browser = new Browserless();
    Http.Response page = browser.get(authorize(app));
    String mac = Browserless.hiddenInputs(page.body()).get("csrf").split("\\.")[1];

    assertForbidden(signIn(browser, page, "csrf", mac));
    assertForbidden(signIn(browser, page, "csrf", "." + mac));
    assertForbidden(signIn(browser, page, "csrf", "-5." + mac));
    assertForbidden(signIn(browser, page, "csrf", "99999999999999999999." + mac));
  }

  // --- Helpers --------------------------------------------------------------------------------

  /** Signs in as pinner with the form of {@code page}, {@code fields} changed. */
  private static Http.Response signIn(Browserless browser, Http.Response page, String... fields) {
    List<String> all = new ArrayList<>(List.of("username", "pinner", "password", "pinner"));
    all.addAll(List.of(fields));
    return browser.submit(endpoint, page, all.toArray(new String[0]));
  }

  private static Http.Response post(String cookies, String body) {
    return Http.send(
        HttpRequest.newBuilder(endpoint)
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Cookie", cookies)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  private static void assertForbidden(Http.Response response) {
    assertEquals(403, response.status(), response.toString());
    assertTrue(response.body().contains("did not come from this site"), response.body());
    assertTrue(response.header("Location").isEmpty(), response.toString());
    assertFalse(
        response.headers("Set-Cookie").stream().anyMatch(c -> c.startsWith("JSESSIONID=")),
        response.headers().toString());
  }

  /**
   * {@code /oauth/?…} for {@code app}: its first redirect URI, {@code scope=pins:read}, {@code
   * state=xyz}, changed by name/value pairs; a null value drops the parameter.
   */
  private static URI authorize(TestApp app, String... changes) {
    Map<String, String> query = new LinkedHashMap<>();
    query.put("client_id", app.clientId());
    query.put("redirect_uri", REDIRECT_URI);
    query.put("response_type", "code");
    query.put("scope", "pins:read");
    query.put("state", "xyz");
    for (int i = 0; i < changes.length; i += 2) {
      if (changes[i + 1] == null) {
        query.remove(changes[i]);
      } else {
        query.put(changes[i], changes[i + 1]);
      }
    }
    if (query.containsKey("code_challenge")) {
      query.put("code_challenge_method", "S256");
    }
    List<String> pairs = new ArrayList<>();
    query.forEach(
        (name, value) -> {
          pairs.add(name);
          pairs.add(value);
        });
    return server.uri("/oauth/?" + Http.form(pairs.toArray(new String[0])));
  }
}
