package org.pinoauth.authorize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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
import org.pinoauth.client.GrantType;
import org.pinoauth.crypto.TokenHasher;
import org.pinoauth.testing.Browserless;
import org.pinoauth.testing.Http;
import org.pinoauth.testing.TestApps;
import org.pinoauth.testing.TestApps.TestApp;
import org.pinoauth.testing.TestDatabases;
import org.pinoauth.testing.TestServerExtension;

/**
 * The authorization endpoint {@code /oauth/} over real HTTP (CONTRACT §5): the sign-in and consent
 * forms driven as a browser would, the redirects back to the app, and the codes they carry
 * exchanged at the token endpoint (CONTRACT §2.2).
 */
class AuthorizeEndpointIT {
  private static final String REDIRECT_URI = "http://localhost:8085/";
  // RFC 7636 Appendix B: a verifier and its S256 challenge.
  private static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
  private static final String CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
  private static final Pattern FAILURE =
      Pattern.compile("<p class=\"failure\" role=\"alert\">(.*?)</p>");
  private static final Pattern LIST_ITEM = Pattern.compile("<li[^>]*>(.*?)</li>");

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

  // --- Sign-in --------------------------------------------------------------------------------

  @Test
  void getWhenNotSignedInThenSignInPageWithLabelledFieldsAndCsrf() {
    Http.Response page = browser.get(authorize(app));

    assertEquals(200, page.status(), page.body());
    assertPageHeaders(page);
    assertTrue(isSignInPage(page), page.body());
    assertTrue(page.body().contains("Pin Planner"), page.body());
    assertTrue(page.body().contains("<form method=\"post\" action=\"/oauth/\">"), page.body());
    assertLabelledInput(page.body(), "username", "type=\"text\"");
    assertLabelledInput(page.body(), "password", "type=\"password\"");
    Map<String, String> hidden = Browserless.hiddenInputs(page.body());
    assertTrue(hidden.getOrDefault("csrf", "").length() >= 43, hidden.toString());
    assertEquals(app.clientId(), hidden.get("client_id"));
    assertEquals(REDIRECT_URI, hidden.get("redirect_uri"));
    assertEquals("xyz", hidden.get("state"));
    assertFalse(FAILURE.matcher(page.body()).find(), page.body());
  }

  @Test
  void getWhenAnonymousThenNoSessionIsCreatedAndSignInCookieIsHttpOnlyStrictOnOauthPath() {
    URI request = authorize(app);
    for (int visitor = 0; visitor < 200; visitor++) {
      Http.Response page = Http.get(request);

      assertEquals(200, page.status(), page.body());
      assertTrue(isSignInPage(page), page.body());
      assertEquals(Optional.empty(), setCookie(page, "JSESSIONID"), page.headers().toString());
      String cookie =
          setCookie(page, "pinoauth_signin")
              .orElseThrow(() -> new AssertionError("No sign-in cookie: " + page.headers()));
      List<String> attributes = cookieAttributes(cookie);
      assertTrue(attributes.contains("httponly"), cookie);
      assertTrue(attributes.contains("samesite=strict"), cookie);
      assertTrue(attributes.contains("path=/oauth"), cookie);
      assertFalse(attributes.stream().anyMatch(a -> a.startsWith("max-age")), cookie);
      assertFalse(attributes.stream().anyMatch(a -> a.startsWith("expires")), cookie);
      assertFalse(attributes.contains("secure"), cookie); // plain HTTP here
      assertTrue(Browserless.hiddenInputs(page.body()).get("csrf").length() >= 43, page.body());
    }
  }

  @Test
  void getWhenSignInCookieHeldThenKeptAndTheFirstFormStillSignsIn() {
    Http.Response first = browser.get(authorize(app));
    String cookie = browser.cookie("pinoauth_signin").orElseThrow();

    Http.Response second = browser.get(authorize(app));

    assertEquals(Optional.empty(), setCookie(second, "pinoauth_signin"));
    assertEquals(Optional.of(cookie), browser.cookie("pinoauth_signin"));
    assertFalse(
        Browserless.hiddenInputs(second.body()).get("csrf").contains(cookie), second.body());
    // Each form's token is dated when it was shown; the earlier one is still good.
    Http.Response signedIn =
        browser.submit(endpoint, first, "username", "pinner", "password", "pinner");
    assertEquals(303, signedIn.status(), signedIn.toString());
  }

  @Test
  void pagesWhenShownThenCarryNoFramingNoCachingNoReferrerHeaders() {
    Http.Response signIn = browser.get(authorize(app));
    Http.Response consent = signIn(signIn);
    Http.Response error = browser.get(authorize(app, "redirect_uri", "https://evil.example/"));
    Http.Response forbidden = browser.submit(endpoint, consent, "csrf", null, "action", "allow");

    assertEquals(List.of(200, 200, 400, 403), statuses(signIn, consent, error, forbidden));
    for (Http.Response page : List.of(signIn, consent, error, forbidden)) {
      assertPageHeaders(page);
    }
  }

  @Test
  void postSignInWhenCredentialsWrongOrRoleMissingThenSameGenericMessageAndNoSession() {
    String[][] attempts = {{"pinner", "wrong"}, {"nobody", "pinner"}, {"outsider", "outsider"}};
    List<String> messages = new ArrayList<>();
    for (String[] attempt : attempts) {
      Browserless visitor = new Browserless();
      Http.Response signIn = visitor.get(authorize(app));
      Http.Response failed =
          visitor.submit(endpoint, signIn, "username", attempt[0], "password", attempt[1]);

      assertEquals(200, failed.status(), failed.body());
      assertPageHeaders(failed);
      assertTrue(isSignInPage(failed), failed.body());
      Matcher failure = FAILURE.matcher(failed.body());
      assertTrue(failure.find(), failed.body());
      messages.add(failure.group(1));
      assertTrue(Browserless.hiddenInputs(failed.body()).containsKey("csrf"), failed.body());
      assertEquals(Optional.empty(), setCookie(failed, "JSESSIONID"), failed.headers().toString());
      assertEquals(Optional.empty(), visitor.cookie("JSESSIONID"));

      // No user in the session: the request shows the sign-in form again, Allow does not issue.
      assertTrue(isSignInPage(visitor.get(authorize(app))), attempt[0]);
      Http.Response allow = visitor.submit(endpoint, failed, "action", "allow");
      assertTrue(allow.header("Location").isEmpty(), allow.toString());
      assertTrue(isSignInPage(allow), allow.body());
    }
    assertEquals(List.of(messages.get(0), messages.get(0), messages.get(0)), messages);
    String message = messages.get(0).toLowerCase(Locale.ROOT);
    for (String hint : List.of("unknown", "no such", "not found", "role", "permission")) {
      assertFalse(message.contains(hint), message);
    }
    assertTrue(approvedScopes("pinner").isEmpty());
  }

  @Test
  void postSignInWhenNoSessionBeforeThenFreshHttpOnlySessionAfterAndSignInCookieCleared() {
    Http.Response signIn = browser.get(authorize(app));
    assertEquals(Optional.empty(), browser.cookie("JSESSIONID"));

    Http.Response signedIn =
        browser.submit(endpoint, signIn, "username", "pinner", "password", "pinner");

    assertEquals(303, signedIn.status(), signedIn.toString());
    assertHttpOnlySessionCookie(signedIn);
    String cleared = setCookie(signedIn, "pinoauth_signin").orElseThrow();
    List<String> clearing = cookieAttributes(cleared);
    assertTrue(cleared.startsWith("pinoauth_signin=;"), cleared);
    // Max-Age=0, which some containers write as an Expires in 1970.
    assertTrue(clearing.contains("max-age=0") || cleared.contains("1970"), cleared);
    assertTrue(clearing.contains("path=/oauth"), cleared);
    assertEquals(Optional.empty(), browser.cookie("pinoauth_signin"));
    String session = browser.cookie("JSESSIONID").orElseThrow();
    Http.Response withSession = Http.get(authorize(app), "Cookie", "JSESSIONID=" + session);
    assertTrue(
        withSession.body().contains("Signed in as <strong>pinner</strong>"), withSession.body());
  }

  @Test
  void postSignInWhenSentToOauthWithoutTheSlashThenCookieIsSentAndSignedIn() {
    Http.Response signIn = browser.get(server.uri("/oauth?" + authorize(app).getRawQuery()));

    Http.Response signedIn =
        browser.submit(server.uri("/oauth"), signIn, "username", "pinner", "password", "pinner");

    assertEquals(303, signedIn.status(), signedIn.toString());
  }

  @Test
  void postSignInWhenSessionExistsThenItsIdChanges() {
    signIn(browser.get(authorize(app)));
    String before = browser.cookie("JSESSIONID").orElseThrow();
    // A sign-in form shown to the same browser elsewhere (a second tab, say) before this sign-in.
    Browserless tab = new Browserless();
    Http.Response form = tab.get(authorize(app));
    String cookies =
        "JSESSIONID=" + before + "; pinoauth_signin=" + tab.cookie("pinoauth_signin").orElseThrow();

    Http.Response again =
        postSignIn(cookies, form, Browserless.hiddenInputs(form.body()).get("csrf"));

    assertEquals(303, again.status(), again.toString());
    String after =
        setCookie(again, "JSESSIONID").orElseThrow(() -> new AssertionError(again.toString()));
    String afterId = after.substring("JSESSIONID=".length()).split(";", 2)[0];
    assertNotEquals(before, afterId);
    Http.Response withOldId = Http.get(authorize(app), "Cookie", "JSESSIONID=" + before);
    assertTrue(isSignInPage(withOldId), withOldId.body());
    Http.Response withNewId = Http.get(authorize(app), "Cookie", "JSESSIONID=" + afterId);
    assertTrue(withNewId.body().contains("Signed in as <strong>pinner</strong>"), withNewId.body());
  }

  @Test
  void postSignInWhenTokenMatchesCookieThenSignedInWithNoSessionFromBefore() {
    Http.Response signIn = browser.get(authorize(app));
    String cookie = "pinoauth_signin=" + browser.cookie("pinoauth_signin").orElseThrow();

    Http.Response signedIn =
        postSignIn(cookie, signIn, Browserless.hiddenInputs(signIn.body()).get("csrf"));

    assertEquals(303, signedIn.status(), signedIn.toString());
    assertHttpOnlySessionCookie(signedIn);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "token missing",
        "token of another visitor",
        "token made up",
        "token tampered",
        "cookie missing",
        "cookie of another visitor",
        "cookie malformed",
        "both missing"
      })
  void postSignInWhenCsrfTokenOrCookieMissingOrWrongThenForbiddenPageAndNoSession(String fault) {
    Http.Response signIn = browser.get(authorize(app));
    String token = Browserless.hiddenInputs(signIn.body()).get("csrf");
    String cookie = browser.cookie("pinoauth_signin").orElseThrow();
    Browserless other = new Browserless();
    Http.Response othersPage = other.get(authorize(app));
    String othersToken = Browserless.hiddenInputs(othersPage.body()).get("csrf");
    String othersCookie = other.cookie("pinoauth_signin").orElseThrow();
    assertNotEquals(token, othersToken);
    char last = token.charAt(token.length() - 1);
    String tampered = token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A');
    String[] sent =
        switch (fault) {
          case "token missing" -> new String[] {cookie, null};
          case "token of another visitor" -> new String[] {cookie, othersToken};
          case "token made up" -> new String[] {cookie, "A".repeat(43)};
          case "token tampered" -> new String[] {cookie, tampered};
          case "cookie missing" -> new String[] {null, token};
          case "cookie of another visitor" -> new String[] {othersCookie, token};
          case "cookie malformed" -> new String[] {cookie + "x", token};
          default -> new String[] {null, null};
        };

    Http.Response forged =
        postSignIn(sent[0] == null ? null : "pinoauth_signin=" + sent[0], signIn, sent[1]);

    assertEquals(403, forged.status(), forged.body());
    assertTrue(forged.body().contains("did not come from this site"), forged.body());
    assertEquals(Optional.empty(), forged.header("Location"));
    assertPageHeaders(forged);
    assertFalse(isSignInPage(forged), forged.body());
    assertEquals(Optional.empty(), setCookie(forged, "JSESSIONID"), forged.headers().toString());
    // Not signed in: the request still asks for a sign-in, and Allow with the page's own (valid)
    // token shows the sign-in form instead of issuing a code.
    assertTrue(isSignInPage(browser.get(authorize(app))));
    Http.Response allow = browser.submit(endpoint, signIn, "action", "allow");
    assertEquals(Optional.empty(), allow.header("Location"));
    assertTrue(isSignInPage(allow), allow.body());
    assertEquals(Optional.empty(), browser.cookie("JSESSIONID"));
    assertTrue(approvedScopes("pinner").isEmpty());
  }

  @Test
  void postAllowWhenSignedInAndTokenIsASignInTokenThenForbiddenPageAndNoCode() {
    Http.Response consent = signIn(browser.get(authorize(app)));
    Browserless other = new Browserless();
    Http.Response othersPage = other.get(authorize(app));
    String cookies =
        "JSESSIONID="
            + browser.cookie("JSESSIONID").orElseThrow()
            + "; pinoauth_signin="
            + other.cookie("pinoauth_signin").orElseThrow();

    // A valid sign-in token and cookie pair does not stand in for the session's own token.
    Http.Response forged =
        post(
            cookies,
            consent,
            "csrf",
            Browserless.hiddenInputs(othersPage.body()).get("csrf"),
            "action",
            "allow");

    assertForbiddenWithoutCode(forged);
  }

  // --- Allow and Deny -------------------------------------------------------------------------

  @Test
  void postAllowThenRedirectWithCodeAndStateAndCodeExchangesForRequestedScopes() {
    Http.Response consent = signIn(browser.get(authorize(app, "scope", "pins:read,boards:read")));

    Map<String, String> query =
        redirectQuery(REDIRECT_URI, browser.submit(endpoint, consent, "action", "allow"));

    assertEquals("xyz", query.get("state"));
    String code = query.get("code");
    assertTrue(code.length() >= 43, code);
    assertNull(query.get("error"));
    Http.Response tokens = exchange(app, code, REDIRECT_URI);
    assertEquals(200, tokens.status(), tokens.body());
    assertEquals("boards:read pins:read", tokens.string("scope"));
    assertEquals("authorization_code", tokens.string("response_type"));
    assertTrue(tokens.string("access_token").startsWith("pina_"), tokens.body());
  }

  @Test
  void postAllowThenCodeIsStoredOnlyAsItsHashAndLivesTenMinutes() {
    long before = System.currentTimeMillis();
    String code = allowAndGetCode(authorize(app));
    long after = System.currentTimeMillis();

    List<Map<String, Object>> rows = codeRows(app.clientId());
    assertEquals(1, rows.size(), rows.toString());
    Map<String, Object> row = rows.get(0);
    assertEquals(TokenHasher.hash(code), row.get("code_hash"));
    for (Map.Entry<String, Object> column : row.entrySet()) {
      assertFalse(
          String.valueOf(column.getValue()).contains(code), "clear code in " + column.getKey());
    }
    long issuedAt = ((Number) row.get("issued_at")).longValue();
    long expiresAt = ((Number) row.get("expires_at")).longValue();
    assertTrue(before <= issuedAt && issuedAt <= after, row.toString());
    assertEquals(Duration.ofMinutes(10).toMillis(), expiresAt - issuedAt);
  }

  @Test
  void exchangeWhenCodeFromAllowIsTenMinutesOldThenExpiredAndNineMinutesOldThenTokens() {
    String expired = allowAndGetCode(authorize(app));
    Http.Response consent = browser.get(authorize(app)); // still signed in
    String young =
        redirectQuery(REDIRECT_URI, browser.submit(endpoint, consent, "action", "allow"))
            .get("code");

    // The server's clock cannot be moved from here, so the codes are made older instead.
    issuedEarlier(expired, Duration.ofMinutes(10));
    issuedEarlier(young, Duration.ofMinutes(9));

    Http.Response refused = exchange(app, expired, REDIRECT_URI);
    assertEquals(400, refused.status(), refused.body());
    assertEquals("invalid_grant", refused.string("error"));
    assertEquals("The authorization code has expired.", refused.string("error_description"));
    Http.Response tokens = exchange(app, young, REDIRECT_URI);
    assertEquals(200, tokens.status(), tokens.body());
  }

  @Test
  void postDenyThenRedirectWithAccessDeniedAndState() {
    Http.Response consent = signIn(browser.get(authorize(app)));

    Map<String, String> query =
        redirectQuery(REDIRECT_URI, browser.submit(endpoint, consent, "action", "deny"));

    assertEquals("access_denied", query.get("error"));
    assertEquals("xyz", query.get("state"));
    assertNull(query.get("code"));
    assertTrue(approvedScopes("pinner").isEmpty());
  }

  @Test
  void postAllowWhenCsrfMissingThenForbiddenPageAndNoCode() {
    Http.Response consent = signIn(browser.get(authorize(app)));

    Http.Response forged = browser.submit(endpoint, consent, "csrf", null, "action", "allow");

    assertForbiddenWithoutCode(forged);
  }

  @Test
  void postAllowWhenCsrfFromAnotherSessionThenForbiddenPageAndNoCode() {
    Http.Response consent = signIn(browser.get(authorize(app)));
    String otherSessionsToken =
        Browserless.hiddenInputs(new Browserless().get(authorize(app)).body()).get("csrf");
    assertNotEquals(Browserless.hiddenInputs(consent.body()).get("csrf"), otherSessionsToken);

    Http.Response forged =
        browser.submit(endpoint, consent, "csrf", otherSessionsToken, "action", "allow");

    assertForbiddenWithoutCode(forged);
  }

  // --- state ----------------------------------------------------------------------------------

  @Test
  void postAllowWhenStateHasSpacesDelimitersAndNonAsciiThenStateEchoedExactly() {
    String state = "a b&c=d+e%20f ü 日本 ✓?#/";

    String location = allowAndGetLocation(authorize(app, "state", state));

    assertEquals(state, redirectQuery(REDIRECT_URI, location).get("state"));
  }

  @Test
  void getWhenStateHasMarkupThenEscapedInPageAndEchoedVerbatimInRedirect() {
    String state = "\"><script>alert(1)</script>";
    Http.Response signIn = browser.get(authorize(app, "state", state));

    assertEquals(200, signIn.status(), signIn.body());
    assertFalse(signIn.body().contains("<script>"), signIn.body());
    assertTrue(
        signIn.body().contains("value=\"&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\""),
        signIn.body());
    Http.Response consent = signIn(signIn);
    assertFalse(consent.body().contains("<script>"), consent.body());
    Http.Response allowed = browser.submit(endpoint, consent, "action", "allow");

    String location = allowed.header("Location").orElseThrow();
    assertFalse(location.contains("<") || location.contains("\""), location);
    assertEquals(state, redirectQuery(REDIRECT_URI, allowed).get("state"));
  }

  // --- Untrusted app or redirect URI: a page, never a redirect --------------------------------

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://localhost:8085/extra",
        "http://localhost:8085/?x=1",
        "http://localhost:8085",
        "http://localhost:8086/",
        "https://localhost:8085/",
        "https://evil.example/"
      })
  void getWhenRedirectUriUnregisteredThenErrorPageAndNoRedirect(String redirectUri) {
    assertErrorPageWithoutRedirect(browser.get(authorize(app, "redirect_uri", redirectUri)));
  }

  @Test
  void getWhenRegisteredRedirectUriHasNoTrailingSlashAndRequestAddsOneThenErrorPage() {
    TestApp noSlash =
        TestApps.app().redirectUris("https://app.example/cb").registerOn(server.get());

    assertErrorPageWithoutRedirect(
        browser.get(authorize(noSlash, "redirect_uri", "https://app.example/cb/")));
  }

  @Test
  void getWhenRedirectUriMissingThenErrorPageAndNoRedirect() {
    assertErrorPageWithoutRedirect(browser.get(authorize(app, "redirect_uri", null)));
  }

  @Test
  void getWhenClientIdUnknownThenErrorPageAndNoRedirect() {
    assertErrorPageWithoutRedirect(browser.get(authorize(app, "client_id", "999999999")));
  }

  @Test
  void getWhenClientIdAndConsumerIdDifferThenErrorPageAndNoRedirect() {
    TestApp other = TestApps.app().registerOn(server.get());

    assertErrorPageWithoutRedirect(browser.get(authorize(app, "consumer_id", other.clientId())));
  }

  @Test
  void getWhenConsumerIdInsteadOfClientIdThenFlowCompletesAndCodeExchanges() {
    URI request = authorize(app, "client_id", null, "consumer_id", app.clientId());

    String code = redirectQuery(REDIRECT_URI, allowAndGetLocation(request)).get("code");

    Http.Response tokens = exchange(app, code, REDIRECT_URI);
    assertEquals(200, tokens.status(), tokens.body());
    assertEquals("pins:read", tokens.string("scope"));
  }

  @Test
  void postAllowWhenRegisteredRedirectUriHasQueryThenCodeAppendedWithAmpersand() {
    String redirectUri = "https://app.example/cb?tenant=1";
    TestApp tenant = TestApps.app().redirectUris(redirectUri).registerOn(server.get());

    String location = allowAndGetLocation(authorize(tenant, "redirect_uri", redirectUri));

    assertTrue(location.startsWith(redirectUri + "&code="), location);
    assertEquals(1, location.chars().filter(c -> c == '?').count(), location);
    Map<String, String> query = redirectQuery(redirectUri, location);
    assertEquals("xyz", query.get("state"));
    Http.Response tokens = exchange(tenant, query.get("code"), redirectUri);
    assertEquals(200, tokens.status(), tokens.body());
  }

  // --- Other faults: back to the app with error and state -------------------------------------

  @Test
  void getWhenResponseTypeTokenThenRedirectUnsupportedResponseType() {
    assertErrorRedirect(authorize(app, "response_type", "token"), "unsupported_response_type");
  }

  @ParameterizedTest
  @ValueSource(strings = {"missing", ""})
  void getWhenResponseTypeMissingOrEmptyThenRedirectInvalidRequest(String responseType) {
    URI request =
        authorize(app, "response_type", responseType.equals("missing") ? null : responseType);

    assertErrorRedirect(request, "invalid_request");
  }

  @Test
  void getWhenScopeUnknownThenRedirectInvalidScope() {
    assertErrorRedirect(authorize(app, "scope", "pins:read,pins:fly"), "invalid_scope");
  }

  @Test
  void getWhenScopeNotRegisteredForAppThenRedirectInvalidScope() {
    TestApp pinsOnly = TestApps.app().scopes("pins:read").registerOn(server.get());

    assertErrorRedirect(authorize(pinsOnly, "scope", "pins:read boards:read"), "invalid_scope");
  }

  @Test
  void getWhenScopeMissingThenRedirectInvalidScope() {
    assertErrorRedirect(authorize(app, "scope", null), "invalid_scope");
  }

  @Test
  void getWhenPlainPkceAndAppNotAllowedPlainThenRedirectInvalidRequest() {
    URI request = authorize(app, "code_challenge", VERIFIER, "code_challenge_method", "plain");

    assertErrorRedirect(request, "invalid_request");
  }

  @Test
  void getWhenCodeChallengeMethodUnknownThenRedirectInvalidRequest() {
    URI request = authorize(app, "code_challenge", CHALLENGE, "code_challenge_method", "S512");

    assertErrorRedirect(request, "invalid_request");
  }

  @Test
  void getWhenCodeChallengeTooShortThenRedirectInvalidRequest() {
    URI request = authorize(app, "code_challenge", "tooShort-42", "code_challenge_method", "S256");

    assertErrorRedirect(request, "invalid_request");
  }

  @Test
  void getWhenAppLacksAuthorizationCodeGrantThenRedirectUnauthorizedClient() {
    TestApp machine =
        TestApps.app().grantTypes(GrantType.CLIENT_CREDENTIALS).registerOn(server.get());

    assertErrorRedirect(authorize(machine), "unauthorized_client");
  }

  // --- PKCE -----------------------------------------------------------------------------------

  @Test
  void exchangeWhenS256VerifierMatchesThenTokens() {
    String code = allowAndGetCode(s256Request());

    Http.Response tokens = exchange(app, code, REDIRECT_URI, "code_verifier", VERIFIER);

    assertEquals(200, tokens.status(), tokens.body());
    assertEquals("pins:read", tokens.string("scope"));
  }

  @Test
  void exchangeWhenS256VerifierWrongThenInvalidGrant() {
    String code = allowAndGetCode(s256Request());
    String wrong = VERIFIER.substring(1) + "A";

    Http.Response tokens = exchange(app, code, REDIRECT_URI, "code_verifier", wrong);

    assertEquals(400, tokens.status(), tokens.body());
    assertEquals("invalid_grant", tokens.string("error"));
  }

  @Test
  void exchangeWhenS256VerifierMissingThenInvalidGrant() {
    String code = allowAndGetCode(s256Request());

    Http.Response tokens = exchange(app, code, REDIRECT_URI);

    assertEquals(400, tokens.status(), tokens.body());
    assertEquals("invalid_grant", tokens.string("error"));
  }

  @Test
  void exchangeWhenPlainPkceAndAppAllowsPlainThenTokens() {
    TestApp plain = TestApps.app().allowPlainPkce(true).registerOn(server.get());
    URI request = authorize(plain, "code_challenge", VERIFIER, "code_challenge_method", "plain");

    String code = allowAndGetCode(request);

    Http.Response tokens = exchange(plain, code, REDIRECT_URI, "code_verifier", VERIFIER);
    assertEquals(200, tokens.status(), tokens.body());
  }

  // --- Scopes and consent ---------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(
      strings = {"pins:read,boards:read", "pins:read boards:read", "boards:read, pins:read"})
  void getWhenScopeListCommaOrSpaceSeparatedThenBothScopesGranted(String scope) {
    String code = allowAndGetCode(authorize(app, "scope", scope));

    Http.Response tokens = exchange(app, code, REDIRECT_URI);

    assertEquals(200, tokens.status(), tokens.body());
    assertEquals("boards:read pins:read", tokens.string("scope"));
  }

  @Test
  void getWhenRefreshableTrueThenAcceptedAndIgnored() {
    String location = allowAndGetLocation(authorize(app, "refreshable", "true"));

    Map<String, String> query = redirectQuery(REDIRECT_URI, location);
    assertEquals(List.of("code", "state"), List.copyOf(query.keySet()));
    Http.Response tokens = exchange(app, query.get("code"), REDIRECT_URI);
    assertEquals(200, tokens.status(), tokens.body());
    assertEquals("pins:read", tokens.string("scope"));
  }

  @Test
  void getConsentThenScopesInWordsAndAlreadyApprovedScopeMarked() {
    Http.Response first = signIn(browser.get(authorize(app, "scope", "pins:read")));
    assertTrue(scopeItem(first, "pins:read").contains("See your public Pins"), first.body());
    assertFalse(first.body().contains("already allowed"), first.body());
    redirectQuery(REDIRECT_URI, browser.submit(endpoint, first, "action", "allow"));

    Http.Response second = browser.get(authorize(app, "scope", "pins:read,boards:read"));

    assertEquals(200, second.status(), second.body());
    assertTrue(second.body().contains("Pin Planner"), second.body());
    String pins = scopeItem(second, "pins:read");
    String boards = scopeItem(second, "boards:read");
    assertTrue(pins.contains("See your public Pins"), pins);
    assertTrue(pins.contains("already allowed"), pins);
    assertTrue(boards.contains("See your public boards"), boards);
    assertFalse(boards.contains("already allowed"), boards);
  }

  @Test
  void getConsentThenNoButtonHasFocusSoEnterDoesNotGrantAccess() {
    Http.Response consent = signIn(browser.get(authorize(app)));

    assertTrue(consent.body().contains("value=\"allow\""), consent.body());
    assertFalse(consent.body().contains("autofocus"), consent.body());
  }

  @Test
  void exchangeWhenUserApprovedOtherScopesBeforeThenTokenScopeIncludesThem() {
    String firstCode = allowAndGetCode(authorize(app, "scope", "pins:read"));
    Http.Response firstTokens = exchange(app, firstCode, REDIRECT_URI);
    assertEquals("pins:read", firstTokens.string("scope"), firstTokens.body());

    Http.Response consent = browser.get(authorize(app, "scope", "boards:read"));
    Map<String, String> query =
        redirectQuery(REDIRECT_URI, browser.submit(endpoint, consent, "action", "allow"));

    Http.Response secondTokens = exchange(app, query.get("code"), REDIRECT_URI);
    assertEquals(200, secondTokens.status(), secondTokens.body());
    assertEquals("boards:read pins:read", secondTokens.string("scope"));
  }

  @Test
  void fullFlowFromAuthorizeToTokensThenRefreshWorks() {
    String code = allowAndGetCode(authorize(app, "scope", "user_accounts:read,pins:read"));
    Http.Response tokens = exchange(app, code, REDIRECT_URI);
    assertEquals(200, tokens.status(), tokens.body());
    String refreshToken = tokens.string("refresh_token");
    assertTrue(refreshToken.startsWith("pinr_"), tokens.body());

    Http.Response refreshed =
        Http.postForm(
            server.uri("/v5/oauth/token"),
            Http.basic(app.clientId(), app.secret()),
            Http.form("grant_type", "refresh_token", "refresh_token", refreshToken));

    assertEquals(200, refreshed.status(), refreshed.body());
    assertEquals("pins:read user_accounts:read", refreshed.string("scope"));
    assertTrue(refreshed.string("access_token").startsWith("pina_"), refreshed.body());
    assertNotEquals(tokens.string("access_token"), refreshed.string("access_token"));
    assertNotEquals(refreshToken, refreshed.string("refresh_token"));
  }

  // --- Helpers --------------------------------------------------------------------------------

  /**
   * {@code /oauth/?…} for {@code app} with the defaults (its redirect URI, {@code
   * response_type=code}, {@code scope=pins:read}, {@code state=xyz}), changed by name/value pairs;
   * a null value drops the parameter.
   */
  private static URI authorize(TestApp app, String... changes) {
    Map<String, String> query = new LinkedHashMap<>();
    query.put("client_id", app.clientId());
    query.put("redirect_uri", app.app().redirectUris().get(0));
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
    List<String> pairs = new ArrayList<>();
    query.forEach(
        (name, value) -> {
          pairs.add(name);
          pairs.add(value);
        });
    return server.uri("/oauth/?" + Http.form(pairs.toArray(new String[0])));
  }

  private URI s256Request() {
    return authorize(app, "code_challenge", CHALLENGE, "code_challenge_method", "S256");
  }

  /** Signs in as {@code pinner} on the sign-in page and returns the consent page that follows. */
  private Http.Response signIn(Http.Response signInPage) {
    assertTrue(isSignInPage(signInPage), signInPage.body());
    Http.Response signedIn =
        browser.submit(endpoint, signInPage, "username", "pinner", "password", "pinner");
    assertEquals(303, signedIn.status(), signedIn.toString());
    Http.Response consent = browser.follow(endpoint, signedIn);
    assertEquals(200, consent.status(), consent.body());
    assertTrue(consent.body().contains("Signed in as <strong>pinner</strong>"), consent.body());
    return consent;
  }

  /** Signs in, allows, and returns the redirect's {@code Location}. */
  private String allowAndGetLocation(URI request) {
    Http.Response consent = signIn(browser.get(request));
    Http.Response allowed = browser.submit(endpoint, consent, "action", "allow");
    assertEquals(302, allowed.status(), allowed.toString());
    return allowed.header("Location").orElseThrow();
  }

  private String allowAndGetCode(URI request) {
    String location = allowAndGetLocation(request);
    String code = redirectQuery(REDIRECT_URI, location).get("code");
    assertTrue(code != null && !code.isEmpty(), location);
    return code;
  }

  private static Http.Response exchange(
      TestApp app, String code, String redirectUri, String... extra) {
    List<String> pairs =
        new ArrayList<>(
            List.of("grant_type", "authorization_code", "code", code, "redirect_uri", redirectUri));
    pairs.addAll(List.of(extra));
    return Http.postForm(
        server.uri("/v5/oauth/token"),
        Http.basic(app.clientId(), app.secret()),
        Http.form(pairs.toArray(new String[0])));
  }

  /** The decoded query a 302 adds to {@code redirectUri}. */
  private static Map<String, String> redirectQuery(String redirectUri, Http.Response response) {
    assertEquals(302, response.status(), response.toString());
    return redirectQuery(
        redirectUri,
        response.header("Location").orElseThrow(() -> new AssertionError("No Location")));
  }

  private static Map<String, String> redirectQuery(String redirectUri, String location) {
    String prefix = redirectUri + (redirectUri.contains("?") ? "&" : "?");
    assertTrue(location.startsWith(prefix), location);
    Map<String, String> query = new LinkedHashMap<>();
    for (String pair : location.substring(prefix.length()).split("&")) {
      String[] nameValue = pair.split("=", 2);
      String name = URLDecoder.decode(nameValue[0], StandardCharsets.UTF_8);
      String value =
          nameValue.length > 1 ? URLDecoder.decode(nameValue[1], StandardCharsets.UTF_8) : "";
      assertNull(query.put(name, value), "repeated " + name + " in " + location);
    }
    return query;
  }

  private static void assertErrorRedirect(URI request, String error) {
    Http.Response response = new Browserless().get(request);
    Map<String, String> query = redirectQuery(REDIRECT_URI, response);
    assertEquals(error, query.get("error"), query.toString());
    assertEquals("xyz", query.get("state"), query.toString());
    assertNull(query.get("code"), query.toString());
  }

  private static void assertErrorPageWithoutRedirect(Http.Response page) {
    assertEquals(400, page.status(), page.body());
    assertEquals(Optional.empty(), page.header("Location"));
    assertPageHeaders(page);
    assertFalse(isSignInPage(page), page.body());
    assertTrue(page.body().contains("This request cannot be completed"), page.body());
  }

  private void assertForbiddenWithoutCode(Http.Response response) {
    assertEquals(403, response.status(), response.body());
    assertEquals(Optional.empty(), response.header("Location"));
    assertPageHeaders(response);
    assertTrue(approvedScopes("pinner").isEmpty(), "a code was issued");
  }

  /**
   * POSTs the sign-in form of {@code page} as pinner with the {@code Cookie} header {@code cookies}
   * (none when null) and CSRF token {@code csrf} (none when null), outside any browser.
   */
  private static Http.Response postSignIn(String cookies, Http.Response page, String csrf) {
    return post(cookies, page, "csrf", csrf, "username", "pinner", "password", "pinner");
  }

  /** POSTs the form of {@code page} with {@code fields} changed, as {@link Browserless#submit}. */
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

  /** The {@code Set-Cookie} of the cookie {@code name}, if the response sets it. */
  private static Optional<String> setCookie(Http.Response response, String name) {
    return response.headers("Set-Cookie").stream()
        .filter(header -> header.startsWith(name + "="))
        .findFirst();
  }

  /** The attributes of a {@code Set-Cookie} value, lower case, without spaces. */
  private static List<String> cookieAttributes(String setCookie) {
    List<String> attributes = new ArrayList<>();
    String[] parts = setCookie.split(";");
    for (int i = 1; i < parts.length; i++) {
      attributes.add(parts[i].trim().toLowerCase(Locale.ROOT).replace(" ", ""));
    }
    return attributes;
  }

  private static void assertHttpOnlySessionCookie(Http.Response response) {
    String cookie =
        response.headers("Set-Cookie").stream()
            .filter(header -> header.startsWith("JSESSIONID="))
            .findFirst()
            .orElseThrow(() -> new AssertionError("No session cookie: " + response.headers()));
    assertTrue(cookie.toLowerCase(Locale.ROOT).contains("httponly"), cookie);
  }

  private static void assertPageHeaders(Http.Response page) {
    assertTrue(page.header("Content-Type").orElse("").startsWith("text/html"), page.toString());
    assertEquals(Optional.of("DENY"), page.header("X-Frame-Options"));
    assertTrue(
        page.header("Content-Security-Policy").orElse("").contains("frame-ancestors 'none'"),
        page.headers().map().toString());
    assertTrue(
        page.header("Cache-Control").orElse("").contains("no-store"),
        page.headers().map().toString());
    assertEquals(Optional.of("no-referrer"), page.header("Referrer-Policy"));
    assertFalse(page.header("x-pinterest-rid").orElse("").isEmpty(), page.toString());
  }

  /** An {@code <input>} with that id, the attribute given, and a {@code <label>} for it. */
  private static void assertLabelledInput(String html, String id, String attribute) {
    assertTrue(html.contains("<label for=\"" + id + "\">"), html);
    Matcher input = Pattern.compile("<input id=\"" + id + "\"[^>]*>").matcher(html);
    assertTrue(input.find(), html);
    assertTrue(input.group().contains("name=\"" + id + "\""), input.group());
    assertTrue(input.group().contains(attribute), input.group());
  }

  private static boolean isSignInPage(Http.Response page) {
    return page.body().contains("<title>Sign in to continue to")
        && page.body().contains("name=\"password\"");
  }

  /** The consent page's list item for {@code scope}. */
  private static String scopeItem(Http.Response consent, String scope) {
    Matcher item = LIST_ITEM.matcher(consent.body());
    while (item.find()) {
      if (item.group(1).contains("<code>" + scope + "</code>")) {
        return item.group();
      }
    }
    throw new AssertionError("No list item for " + scope + " in " + consent.body());
  }

  /** Every column of the stored codes of {@code clientId}, by lower-case column name. */
  private static List<Map<String, Object>> codeRows(String clientId) {
    String select = "SELECT * FROM authorization_code WHERE client_id = ?";
    try (Connection connection = server.pinoauth().dataSource().getConnection();
        PreparedStatement statement = connection.prepareStatement(select)) {
      statement.setString(1, clientId);
      List<Map<String, Object>> rows = new ArrayList<>();
      try (ResultSet result = statement.executeQuery()) {
        ResultSetMetaData columns = result.getMetaData();
        while (result.next()) {
          Map<String, Object> row = new LinkedHashMap<>();
          for (int i = 1; i <= columns.getColumnCount(); i++) {
            row.put(columns.getColumnLabel(i).toLowerCase(Locale.ROOT), result.getObject(i));
          }
          rows.add(row);
        }
      }
      return rows;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Moves the issue and expiry times of a stored code {@code age} into the past. */
  private static void issuedEarlier(String code, Duration age) {
    String update =
        "UPDATE authorization_code SET issued_at = issued_at - ?, expires_at = expires_at - ?"
            + " WHERE code_hash = ?";
    try (Connection connection = TestDatabases.writableConnection(server.pinoauth().dataSource());
        PreparedStatement statement = connection.prepareStatement(update)) {
      statement.setLong(1, age.toMillis());
      statement.setLong(2, age.toMillis());
      statement.setString(3, TokenHasher.hash(code));
      assertEquals(1, statement.executeUpdate());
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private String approvedScopes(String username) {
    return server.pinoauth().consents().approved(username, app.clientId()).toString();
  }

  private static List<Integer> statuses(Http.Response... responses) {
    List<Integer> statuses = new ArrayList<>();
    for (Http.Response response : responses) {
      statuses.add(response.status());
    }
    return statuses;
  }
}
