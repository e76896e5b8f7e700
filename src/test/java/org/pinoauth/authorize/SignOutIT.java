package org.pinoauth.authorize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pinoauth.crypto.TokenHasher;
import org.pinoauth.store.AuthorizationCode;
import org.pinoauth.testing.Browserless;
import org.pinoauth.testing.Http;
import org.pinoauth.testing.TestApps;
import org.pinoauth.testing.TestApps.TestApp;
import org.pinoauth.testing.TestServerExtension;

/**
 * Sign-out at {@code /oauth/} ("Not you? Switch account" on the consent page): a POST with {@code
 * action=sign_out} and the session's CSRF token ends the session and answers 303 to the same
 * request, which then shows the sign-in form; without the right token nothing ends.
 */
class SignOutIT {
  private static final Pattern SWITCH_FORM =
      Pattern.compile(
          "<form method=\"post\" action=\"/oauth/\" class=\"switch-account\">(.*?)</form>",
          Pattern.DOTALL);

  @RegisterExtension static final TestServerExtension server = TestServerExtension.start();
  private static URI endpoint;

  private TestApp app;
  private Browserless browser;

  @BeforeAll
  static void startServer() {
    endpoint = server.uri("/oauth/");
  }

  @BeforeEach
  void freshAppAndBrowser() {
    app = TestApps.app().name("Pin Planner").registerOn(server.get());
    browser = new Browserless();
  }

  @Test
  void getConsentThenSwitchAccountFormPostsSignOutWithSessionTokenAndTheRequest() {
    Http.Response consent = signIn();

    Matcher form = SWITCH_FORM.matcher(consent.body());
    assertTrue(form.find(), consent.body());
    assertTrue(consent.body().contains("Not you?"), consent.body());
    String html = form.group(1);
    assertTrue(
        html.contains(
            "<button type=\"submit\" name=\"action\" value=\"sign_out\" class=\"link\">"
                + "Switch account</button>"),
        html);
    Map<String, String> hidden = Browserless.hiddenInputs(html);
    assertEquals(Browserless.hiddenInputs(consent.body()).get("csrf"), hidden.get("csrf"));
    assertEquals(app.clientId(), hidden.get("client_id"));
    assertEquals("xyz", hidden.get("state"));
    // After the decision buttons: Tab from the top still reaches Deny, then Allow, first.
    assertTrue(consent.body().indexOf("value=\"allow\"") < form.start(), consent.body());
  }

  @Test
  void postSignOutThenSessionEndsAndSeeOtherToTheSameRequestWhichShowsSignIn() {
    Http.Response consent = signIn();
    String oldSession = browser.cookie("JSESSIONID").orElseThrow();

    Http.Response signedOut = browser.submit(endpoint, consent, "action", "sign_out");

    assertEquals(303, signedOut.status(), signedOut.toString());
    assertEquals(Optional.of("DENY"), signedOut.header("X-Frame-Options"));
    assertEquals(
        "/oauth/?" + authorize().getRawQuery(), signedOut.header("Location").orElseThrow());
    Http.Response next = browser.follow(endpoint, signedOut);
    assertTrue(isSignInPage(next), next.body());
    // The old session cookie, sent by anyone, no longer shows consent.
    Http.Response withOldCookie = Http.get(authorize(), "Cookie", "JSESSIONID=" + oldSession);
    assertTrue(isSignInPage(withOldCookie), withOldCookie.body());
    // Nor does it take a decision.
    Http.Response allow = post("JSESSIONID=" + oldSession, consent, "action", "allow");
    assertEquals(403, allow.status(), allow.toString());
  }

  @Test
  void postSignOutThenAnotherUserSignsInOnTheSameBrowserAndTheCodeIsTheirs() {
    Http.Response consent = signIn();
    Http.Response signInAgain =
        browser.follow(endpoint, browser.submit(endpoint, consent, "action", "sign_out"));

    Http.Response signedIn =
        browser.submit(endpoint, signInAgain, "username", "pinner2", "password", "pinner2");

    assertEquals(303, signedIn.status(), signedIn.toString());
    Http.Response again = browser.follow(endpoint, signedIn);
    assertTrue(again.body().contains("Signed in as <strong>pinner2</strong>"), again.body());
    Http.Response allowed = browser.submit(endpoint, again, "action", "allow");
    assertEquals(302, allowed.status(), allowed.toString());
    String location = allowed.header("Location").orElseThrow();
    String code = location.substring(location.indexOf("code=") + 5).split("&", 2)[0];
    AuthorizationCode issued =
        server.pinoauth().codes().find(TokenHasher.hash(code)).orElseThrow().code();
    assertEquals("pinner2", issued.username());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"token missing", "token wrong", "token of another session", "sign-in token"})
  void postSignOutWhenCsrfMissingOrWrongThenForbiddenAndSessionLives(String fault) {
    Http.Response consent = signIn();
    String session = browser.cookie("JSESSIONID").orElseThrow();
    String token =
        switch (fault) {
          case "token missing" -> null;
          case "token wrong" -> "A".repeat(43);
          case "token of another session" -> {
            Browserless other = new Browserless();
            Http.Response page = other.get(authorize());
            Http.Response signedIn =
                other.submit(endpoint, page, "username", "pinner", "password", "pinner");
            yield Browserless.hiddenInputs(other.follow(endpoint, signedIn).body()).get("csrf");
          }
          default ->
              Browserless.hiddenInputs(new Browserless().get(authorize()).body()).get("csrf");
        };

    Http.Response refused = browser.submit(endpoint, consent, "action", "sign_out", "csrf", token);

    assertEquals(403, refused.status(), refused.toString());
    assertTrue(refused.body().contains("did not come from this site"), refused.body());
    assertTrue(refused.header("Location").isEmpty(), refused.toString());
    Http.Response stillSignedIn = Http.get(authorize(), "Cookie", "JSESSIONID=" + session);
    assertTrue(
        stillSignedIn.body().contains("Signed in as <strong>pinner</strong>"),
        stillSignedIn.body());
  }

  @Test
  void postSignOutWhenNoSessionThenForbidden() {
    Http.Response consent = signIn();

    Http.Response refused = post(null, consent, "action", "sign_out");

    assertEquals(403, refused.status(), refused.toString());
    assertFalse(refused.header("Location").isPresent(), refused.toString());
  }

  @Test
  void postSignOutWhenAppDeletedSinceThenStillSignedOut() {
    Http.Response consent = signIn();
    String session = browser.cookie("JSESSIONID").orElseThrow();
    server.pinoauth().apps().delete(app.clientId());

    Http.Response signedOut = browser.submit(endpoint, consent, "action", "sign_out");

    assertEquals(303, signedOut.status(), signedOut.toString());
    TestApp another = TestApps.app().registerOn(server.get());
    Http.Response withOldCookie =
        Http.get(
            server.uri(
                "/oauth/?client_id="
                    + another.clientId()
                    + "&redirect_uri="
                    + Http.encode("http://localhost:8085/")
                    + "&response_type=code&scope=pins:read"),
            "Cookie",
            "JSESSIONID=" + session);
    assertTrue(isSignInPage(withOldCookie), withOldCookie.body());
  }

  // --- Helpers --------------------------------------------------------------------------------

  private URI authorize() {
    return server.uri(
        "/oauth/?"
            + Http.form(
                "client_id",
                app.clientId(),
                "redirect_uri",
                "http://localhost:8085/",
                "response_type",
                "code",
                "scope",
                "pins:read",
                "state",
                "xyz"));
  }

  /** Signs the browser in as pinner and returns the consent page. */
  private Http.Response signIn() {
    Http.Response page = browser.get(authorize());
    Http.Response signedIn =
        browser.submit(endpoint, page, "username", "pinner", "password", "pinner");
    assertEquals(303, signedIn.status(), signedIn.toString());
    Http.Response consent = browser.follow(endpoint, signedIn);
    assertTrue(consent.body().contains("Signed in as <strong>pinner</strong>"), consent.body());
    return consent;
  }

  /** POSTs the form of {@code page} with {@code fields} changed and the {@code Cookie} given. */
  private static Http.Response post(String cookies, Http.Response page, String... fields) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(endpoint)
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(Browserless.formOf(page, fields)));
    if (cookies != null) {
      request.header("Cookie", cookies);
    }
    return Http.send(request.build());
  }

  private static boolean isSignInPage(Http.Response page) {
    return page.status() == 200
        && page.body().contains("<title>Sign in to continue to")
        && page.body().contains("name=\"password\"");
  }
}
