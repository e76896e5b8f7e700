package org.pinoauth.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pinoauth.testing.Browserless;
import org.pinoauth.testing.Endpoints;
import org.pinoauth.testing.Endpoints.Tokens;
import org.pinoauth.testing.Http;
import org.pinoauth.testing.TestApps;
import org.pinoauth.testing.TestApps.TestApp;
import org.pinoauth.testing.TestCodes;
import org.pinoauth.testing.TestPkce;
import org.pinoauth.testing.TestServerExtension;
import org.pinoauth.testing.TokenEndpoint;

/**
 * Public apps over real HTTP (CONTRACT §9, RFC 8252): a native-style client that listens on a
 * loopback port the system picks, registered as {@code http://127.0.0.1/callback} without a port,
 * does the code flow with PKCE and then refreshes and revokes with its {@code client_id} alone; and
 * what such an app, or a confidential one that acts like it, is refused.
 */
class PublicClientIT {
  private static final String REGISTERED = "http://127.0.0.1/callback";

  @RegisterExtension static final TestServerExtension server = TestServerExtension.start();

  // --- The native app's whole life --------------------------------------------------------------

  @Test
  void nativeAppWhenCodeFlowOnARandomLoopbackPortThenTokensWithClientIdAlone() throws Exception {
    TestApp app =
        TestApps.app().publicClient().scopes("user_accounts:read").registerOn(server.get());

    Map<String, Object> tokens = codeFlowOnLoopback(app);

    assertEquals("authorization_code", tokens.get("response_type"));
    assertTrue(((String) tokens.get("refresh_token")).startsWith("pinr_"));
    assertEquals(200, account((String) tokens.get("access_token")).status());
  }

  @Test
  void nativeAppWhenRefreshedThenTheRefreshTokenRotatesAndTheOldOneRevokesTheFamily()
      throws Exception {
    TestApp app =
        TestApps.app().publicClient().scopes("user_accounts:read").registerOn(server.get());
    String first = (String) codeFlowOnLoopback(app).get("refresh_token");

    Http.Response refreshed = post(idAlone(app, "grant_type", "refresh_token"), first);

    assertEquals(200, refreshed.status(), refreshed.body());
    assertEquals("everlasting_refresh", refreshed.string("response_type"));
    String second = refreshed.string("refresh_token");
    assertNotEquals(first, second);
    Http.Response reused = post(idAlone(app, "grant_type", "refresh_token"), first);
    assertEquals("invalid_grant", reused.string("error"), reused.body());
    Http.Response afterTheft = post(idAlone(app, "grant_type", "refresh_token"), second);
    assertEquals("invalid_grant", afterTheft.string("error"), "reuse revoked the family");
  }

  @Test
  void nativeAppWhenRevokesWithClientIdAloneThenItsTokensStop() throws Exception {
    TestApp app =
        TestApps.app().publicClient().scopes("user_accounts:read").registerOn(server.get());
    Map<String, Object> tokens = codeFlowOnLoopback(app);
    String access = (String) tokens.get("access_token");

    Http.Response revoked =
        Http.postForm(
            server.uri("/v5/oauth/token/revoke"),
            null,
            Http.form("client_id", app.clientId(), "token", (String) tokens.get("refresh_token")));

    assertEquals(200, revoked.status(), revoked.body());
    assertEquals(401, account(access).status(), "revoking the refresh token ends its family");
    Http.Response refresh =
        post(idAlone(app, "grant_type", "refresh_token"), (String) tokens.get("refresh_token"));
    assertEquals("invalid_grant", refresh.string("error"), refresh.body());
  }

  // --- Refusals at /oauth/ ----------------------------------------------------------------------

  @Test
  void authorizeWhenPublicAppSendsNoChallengeThenInvalidRequestInTheRedirectWithState() {
    TestApp app = TestApps.app().publicClient().registerOn(server.get());

    Http.Response refused = authorize(app, "http://127.0.0.1:50000/callback", "");

    assertRedirectedError(refused, "http://127.0.0.1:50000/callback", "invalid_request");
  }

  @Test
  void authorizeWhenPublicAppSendsPlainChallengeThenInvalidRequestInTheRedirectWithState() {
    TestApp app = TestApps.app().publicClient().registerOn(server.get());
    String verifier = TestPkce.verifier();

    Http.Response plain =
        authorize(app, REGISTERED, "&code_challenge=" + verifier + "&code_challenge_method=plain");
    Http.Response methodLeftOut = authorize(app, REGISTERED, "&code_challenge=" + verifier);

    assertRedirectedError(plain, REGISTERED, "invalid_request");
    assertRedirectedError(methodLeftOut, REGISTERED, "invalid_request");
  }

  @Test
  void authorizeWhenConfidentialAppSendsNoChallengeThenSignInAsBefore() {
    TestApp app = TestApps.app().redirectUris("http://127.0.0.1/callback").registerOn(server.get());

    Http.Response page = authorize(app, REGISTERED, "");

    assertEquals(200, page.status(), page.body());
  }

  @Test
  void authorizeWhenLoopbackUriDiffersBeyondThePortThenErrorPageNotRedirect() {
    TestApp app = TestApps.app().publicClient().registerOn(server.get());
    String pkce =
        "&code_challenge=" + TestPkce.s256(TestPkce.verifier()) + "&code_challenge_method=S256";

    for (String uri :
        new String[] {
          "http://127.0.0.1.evil.example:50000/callback",
          "http://127.0.0.1:50000@evil.example/callback",
          "http://127.0.0.1:50000/callback/../other",
          "http://127.0.0.1:50000/callback?x=1",
          "http://localhost:50000/callback",
          "http://[::1]:50000/callback"
        }) {
      Http.Response refused = authorize(app, uri, pkce);
      assertEquals(400, refused.status(), uri);
      assertTrue(refused.header("Location").isEmpty(), uri);
    }
  }

  @Test
  void authorizeWhenConfidentialAppRegisteredLoopbackWithoutPortThenAnotherPortIsRefused() {
    TestApp app = TestApps.app().redirectUris(REGISTERED).registerOn(server.get());

    Http.Response refused = authorize(app, "http://127.0.0.1:50000/callback", "");

    assertEquals(400, refused.status(), refused.body());
    assertTrue(refused.header("Location").isEmpty());
  }

  // --- Refusals at the token, revocation and introspection endpoints ----------------------------

  @Test
  void tokenWhenPublicAppPresentsASecretThenInvalidClient() {
    TestApp app = TestApps.app().publicClient().registerOn(server.get());
    String verifier = TestPkce.verifier();
    String exchange = exchangeBody(loopbackCode(app, verifier), verifier);

    Http.Response inBody =
        TokenEndpoint.of(server.get())
            .post(
                null,
                exchange + "&" + Http.form("client_id", app.clientId(), "client_secret", "x"));
    Http.Response basic =
        TokenEndpoint.of(server.get()).post(Http.basic(app.clientId(), "anything"), exchange);
    Http.Response basicEmpty =
        TokenEndpoint.of(server.get()).post(Http.basic(app.clientId(), ""), exchange);

    assertInvalidClient(inBody);
    assertInvalidClient(basic);
    assertInvalidClient(basicEmpty);
    Http.Response stillGood =
        TokenEndpoint.of(server.get())
            .post(null, exchange + "&" + Http.form("client_id", app.clientId()));
    assertEquals(200, stillGood.status(), "the refusals did not spend the code: " + stillGood);
  }

  /** RFC 6749 §3.1: a parameter without a value counts as omitted, as everywhere in pinoauth. */
  @Test
  void tokenWhenPublicAppSendsAnEmptyClientSecretThenItCountsAsOmitted() {
    TestApp app = TestApps.app().publicClient().registerOn(server.get());
    String verifier = TestPkce.verifier();
    String exchange = exchangeBody(loopbackCode(app, verifier), verifier);

    Http.Response tokens =
        TokenEndpoint.of(server.get())
            .post(
                null, exchange + "&" + Http.form("client_id", app.clientId(), "client_secret", ""));

    assertEquals(200, tokens.status(), tokens.body());
  }

  @Test
  void tokenWhenConfidentialAppSendsClientIdAloneThenInvalidClient() {
    TestApp app = TestApps.app().registerOn(server.get());
    String code = TestCodes.code(app).issueOn(server.get());

    Http.Response refused =
        TokenEndpoint.of(server.get())
            .post(
                null,
                Http.form(
                    "grant_type",
                    "authorization_code",
                    "code",
                    code,
                    "redirect_uri",
                    TokenEndpoint.REDIRECT_URI,
                    "client_id",
                    app.clientId()));

    assertInvalidClient(refused);
  }

  @Test
  void tokenWhenPublicAppAsksForClientCredentialsThenUnauthorizedClient() {
    TestApp app = TestApps.app().publicClient().registerOn(server.get());

    Http.Response refused =
        TokenEndpoint.of(server.get())
            .post(
                null,
                Http.form(
                    "grant_type",
                    "client_credentials",
                    "scope",
                    "pins:read",
                    "client_id",
                    app.clientId()));

    assertEquals(400, refused.status(), refused.body());
    assertEquals("unauthorized_client", refused.string("error"));
  }

  @Test
  void tokenWhenPublicAppsCodeHasNoChallengeThenInvalidGrant() {
    TestApp app = TestApps.app().publicClient().registerOn(server.get());
    String code = TestCodes.code(app).redirectUri(REGISTERED).issueOn(server.get());

    Http.Response refused =
        TokenEndpoint.of(server.get())
            .post(
                null,
                Http.form(
                    "grant_type",
                    "authorization_code",
                    "code",
                    code,
                    "redirect_uri",
                    REGISTERED,
                    "client_id",
                    app.clientId()));

    assertEquals("invalid_grant", refused.string("error"), refused.body());
  }

  @Test
  void introspectWhenPublicAppThenInvalidClient() {
    TestApp app = TestApps.app().publicClient().registerOn(server.get());

    Http.Response refused =
        Http.postForm(
            server.uri("/v5/oauth/introspect"),
            null,
            Http.form("client_id", app.clientId(), "token", "pina_whatever"));

    assertInvalidClient(refused);
  }

  @Test
  void revokeWhenPublicAppPresentsASecretThenInvalidClient() {
    TestApp app = TestApps.app().publicClient().registerOn(server.get());

    Http.Response refused =
        Http.postForm(
            server.uri("/v5/oauth/token/revoke"),
            Http.basic(app.clientId(), ""),
            Http.form("token", "pinr_whatever"));

    assertInvalidClient(refused);
  }

  @Test
  void revokeWhenConfidentialAppSendsClientIdAloneThenInvalidClientAndTheTokenLives() {
    TestApp app = TestApps.app().registerOn(server.get());
    Tokens tokens = Endpoints.issue(server.get(), app, "pinner", "pins:read");

    Http.Response refused =
        Http.postForm(
            server.uri("/v5/oauth/token/revoke"),
            null,
            Http.form("client_id", app.clientId(), "token", tokens.refresh()));

    assertInvalidClient(refused);
    assertTrue(Endpoints.isActive(server.get(), app, tokens.access()), "nothing was revoked");
  }

  // --- Helpers --------------------------------------------------------------------------------

  /**
   * The flow as a native app runs it: listen on 127.0.0.1 at a port the system picks, open /oauth/
   * with that port in the redirect URI and an S256 challenge, let the person sign in and allow,
   * receive the code at the listener, exchange it with client_id and code_verifier alone.
   */
  private static Map<String, Object> codeFlowOnLoopback(TestApp app) throws Exception {
    String verifier = TestPkce.verifier();
    CompletableFuture<String> received = new CompletableFuture<>();
    HttpServer listener =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    listener.createContext(
        "/callback",
        exchange -> {
          received.complete(exchange.getRequestURI().getRawQuery());
          byte[] page = "You may close this window.".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, page.length);
          exchange.getResponseBody().write(page);
          exchange.close();
        });
    listener.start();
    try {
      String redirectUri = "http://127.0.0.1:" + listener.getAddress().getPort() + "/callback";
      Browserless browser = new Browserless();
      URI endpoint = server.uri("/oauth/");
      URI request =
          server.uri(
              "/oauth/?client_id="
                  + app.clientId()
                  + "&redirect_uri="
                  + Http.encode(redirectUri)
                  + "&response_type=code&scope=user_accounts:read&state=st-42"
                  + "&code_challenge="
                  + TestPkce.s256(verifier)
                  + "&code_challenge_method=S256");
      Http.Response signedIn =
          browser.submit(
              endpoint, browser.get(request), "username", "pinner", "password", "pinner");
      assertEquals(303, signedIn.status(), signedIn.toString());
      Http.Response consent = browser.follow(endpoint, signedIn);
      Http.Response decided = browser.submit(endpoint, consent, "action", "allow");
      assertEquals(302, decided.status(), decided.toString());
      Http.Response landed = browser.follow(endpoint, decided);
      assertEquals(200, landed.status(), "the browser reached the app's own listener");
      Map<String, String> query = query(received.get(10, TimeUnit.SECONDS));
      assertEquals("st-42", query.get("state"));

      Http.Response tokens =
          TokenEndpoint.of(server.get())
              .post(
                  null,
                  Http.form(
                      "grant_type",
                      "authorization_code",
                      "code",
                      query.get("code"),
                      "redirect_uri",
                      redirectUri,
                      "code_verifier",
                      verifier,
                      "client_id",
                      app.clientId()));
      assertEquals(200, tokens.status(), tokens.body());
      return tokens.json();
    } finally {
      listener.stop(0);
    }
  }

  /** A code for the public app at the registered loopback URI, with an S256 challenge. */
  private static String loopbackCode(TestApp app, String verifier) {
    return TestCodes.code(app)
        .redirectUri(REGISTERED)
        .challenge(TestPkce.s256(verifier), "S256")
        .issueOn(server.get());
  }

  private static String exchangeBody(String code, String verifier) {
    return Http.form(
        "grant_type",
        "authorization_code",
        "code",
        code,
        "redirect_uri",
        REGISTERED,
        "code_verifier",
        verifier);
  }

  private static String idAlone(TestApp app, String... pairs) {
    return Http.form(pairs) + "&" + Http.form("client_id", app.clientId());
  }

  private static Http.Response post(String bodyWithoutToken, String refreshToken) {
    return TokenEndpoint.of(server.get())
        .post(null, bodyWithoutToken + "&" + Http.form("refresh_token", refreshToken));
  }

  private static Http.Response account(String accessToken) {
    return Http.get(server.uri("/v5/user_account"), "Authorization", "Bearer " + accessToken);
  }

  private static Http.Response authorize(TestApp app, String redirectUri, String more) {
    return new Browserless()
        .get(
            server.uri(
                "/oauth/?client_id="
                    + app.clientId()
                    + "&redirect_uri="
                    + Http.encode(redirectUri)
                    + "&response_type=code&scope=pins:read&state=st-7"
                    + more));
  }

  private static void assertRedirectedError(
      Http.Response response, String redirectUri, String error) {
    assertEquals(302, response.status(), response.toString());
    String location = response.header("Location").orElseThrow();
    assertTrue(location.startsWith(redirectUri + "?"), location);
    Map<String, String> query = query(location.substring(redirectUri.length() + 1));
    assertEquals(error, query.get("error"), location);
    assertEquals("st-7", query.get("state"), location);
    assertTrue(query.get("error_description").contains("S256"), location);
  }

  private static void assertInvalidClient(Http.Response response) {
    assertEquals(401, response.status(), response.body());
    assertEquals("invalid_client", response.string("error"));
    assertTrue(response.header("WWW-Authenticate").orElse("").startsWith("Basic"));
  }

  private static Map<String, String> query(String rawQuery) {
    Map<String, String> query = new LinkedHashMap<>();
    for (String pair : rawQuery.split("&")) {
      String[] nameValue = pair.split("=", 2);
      query.put(
          URLDecoder.decode(nameValue[0], StandardCharsets.UTF_8),
          URLDecoder.decode(nameValue.length > 1 ? nameValue[1] : "", StandardCharsets.UTF_8));
    }
    return query;
  }
}
