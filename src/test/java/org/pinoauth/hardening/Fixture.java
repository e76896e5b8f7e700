package org.pinoauth.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.pinoauth.client.GrantType;
import org.pinoauth.testing.Browserless;
import org.pinoauth.testing.Endpoints;
import org.pinoauth.testing.Http;
import org.pinoauth.testing.RawHttp;
import org.pinoauth.testing.TestApps;
import org.pinoauth.testing.TestApps.TestApp;
import org.pinoauth.testing.TestServer;

/**
 * What the hostile cases of one server refer to: registered apps, live tokens, and two browsers of
 * {@code /oauth/} with their cookies and CSRF tokens (one not signed in, holding only the sign-in
 * cookie; one signed in as {@code pinner}, holding a session), so that a raw POST can get past the
 * CSRF check when the case needs it.
 */
final class Fixture {
  static final String XSS = "\"><script>alert(1)</script>";
  static final String SCRIPT = "<script>alert(1)</script>";

  private static final int MAX_ATTEMPTS = 50;

  /** A username whose sign-ins are locked out. */
  static final String LOCKED_USER = "locked-out-user";

  /**
   * A browser of {@code /oauth/}: the {@code Cookie} header it sends ({@code pinoauth_signin}
   * before sign-in, {@code JSESSIONID} after) and the CSRF token of its forms.
   */
  record Session(String cookieHeader, String csrf) {}

  private final TestServer server;
  private final TestApp app;
  private final TestApp other;
  private final TestApp evilName;
  private final TestApp patchTarget;
  private final TestApp lockedOut;
  private final String access;
  private final String narrowAccess;
  private final String refresh;
  private final String otherAccess;
  private final String otherRefresh;
  private final Session anonymous;
  private final Session signedIn;

  Fixture(TestServer server) {
    this.server = server;
    app = TestApps.app().name("Hostile test app").registerOn(server);
    other = TestApps.app().name("Another app").registerOn(server);
    evilName = TestApps.app().name(XSS).registerOn(server);
    patchTarget =
        TestApps.app()
            .name("Patch target")
            .grantTypes(GrantType.AUTHORIZATION_CODE)
            .registerOn(server);
    Endpoints.Tokens user = Endpoints.issue(server, app, "pinner", "user_accounts:read pins:read");
    access = user.access();
    refresh = user.refresh();
    // Its own app: pinner's consents to the main app include user_accounts:read (CONTRACT §2.4).
    TestApp narrow = TestApps.app().name("Narrow app").registerOn(server);
    narrowAccess = Endpoints.issue(server, narrow, "pinner", "pins:read").access();
    Endpoints.Tokens others = Endpoints.issue(server, other, "pinner", "pins:read");
    otherAccess = others.access();
    otherRefresh = others.refresh();
    lockedOut = TestApps.app().name("Locked-out app").registerOn(server);
    lockOut(lockedOut);
    anonymous = anonymousSession();
    signedIn = signedInSession();
    lockOutSignIn(LOCKED_USER);
  }

  /**
   * Fails client authentication of {@code app} until it is locked out (CONTRACT §2.5). Locks hold
   * per source address (§2.6), so the failures go through the in-memory connector the cases are
   * sent through, from its address.
   */
  private void lockOut(TestApp app) {
    RawHttp.Response last = null;
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      last =
          Wire.postForm(ClientEndpointCases.TOKEN, "grant_type=client_credentials&scope=pins:read")
              .authorization(Http.basic(app.clientId(), "wrong-secret"))
              .sendTo(server);
      if (last.status() != 401) {
        break;
      }
    }
    assertEquals(429, last.status(), last.toString());
  }

  /**
   * Fails sign-ins of {@code username} until it is locked out, through the in-memory connector the
   * cases are sent through, with the anonymous session's cookie and CSRF token.
   */
  private void lockOutSignIn(String username) {
    RawHttp.Response page = null;
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      page =
          Wire.postForm(
                  "/oauth/",
                  authorizeQuery(app)
                      + "&"
                      + Http.form(
                          "action",
                          "sign_in",
                          "csrf",
                          anonymous.csrf(),
                          "username",
                          username,
                          "password",
                          "wrong"))
              .header("Cookie", anonymous.cookieHeader())
              .sendTo(server);
      if (page.status() != 200) {
        break;
      }
    }
    assertEquals(429, page.status(), page.toString());
  }

  private Session anonymousSession() {
    Browserless browser = new Browserless();
    Http.Response page = browser.get(server.uri("/oauth/?" + authorizeQuery(app)));
    assertEquals(200, page.status(), page.body());
    return session(browser, page, "pinoauth_signin");
  }

  private Session signedInSession() {
    Browserless browser = new Browserless();
    URI endpoint = server.uri("/oauth/");
    Http.Response page = browser.get(server.uri("/oauth/?" + authorizeQuery(app)));
    Http.Response signedIn =
        browser.submit(endpoint, page, "username", "pinner", "password", "pinner");
    assertEquals(303, signedIn.status(), signedIn.body());
    Http.Response consent = browser.follow(endpoint, signedIn);
    assertEquals(200, consent.status(), consent.body());
    return session(browser, consent, "JSESSIONID");
  }

  private static Session session(Browserless browser, Http.Response page, String cookieName) {
    Map<String, String> hidden = Browserless.hiddenInputs(page.body());
    String cookie = browser.cookie(cookieName).orElseThrow();
    return new Session(cookieName + "=" + cookie, hidden.get("csrf"));
  }

  /** A valid authorization request for {@code app}, form-url-encoded. */
  static String authorizeQuery(TestApp app) {
    return Http.form(
        "client_id",
        app.clientId(),
        "redirect_uri",
        Expect.REGISTERED_REDIRECT,
        "response_type",
        "code",
        "scope",
        "pins:read",
        "state",
        "xyz");
  }

  TestServer server() {
    return server;
  }

  /** The app every case authenticates as: all scopes, all grants. */
  TestApp app() {
    return app;
  }

  TestApp other() {
    return other;
  }

  /** An app whose name is an HTML injection. */
  TestApp evilName() {
    return evilName;
  }

  /** An app that admin cases may PATCH (every valid PATCH of the tables leaves it as it was). */
  TestApp patchTarget() {
    return patchTarget;
  }

  /** An app whose client authentication is locked out; its secret is the usual one. */
  TestApp lockedOut() {
    return lockedOut;
  }

  /** {@code Authorization: Basic} of {@link #app}. */
  String basic() {
    return Http.basic(app.clientId(), app.secret());
  }

  /** A user token of {@link #app} with {@code user_accounts:read}. */
  String access() {
    return access;
  }

  /** A user token without {@code user_accounts:read}. */
  String narrowAccess() {
    return narrowAccess;
  }

  String refresh() {
    return refresh;
  }

  String otherAccess() {
    return otherAccess;
  }

  String otherRefresh() {
    return otherRefresh;
  }

  /** Every app secret and token of this fixture: no answer may contain one (CONTRACT §2.5). */
  List<String> secrets() {
    return Stream.of(
            app.secret(),
            other.secret(),
            evilName.secret(),
            patchTarget.secret(),
            lockedOut.secret(),
            access,
            narrowAccess,
            refresh,
            otherAccess,
            otherRefresh)
        .distinct()
        .toList();
  }

  Session anonymous() {
    return anonymous;
  }

  Session signedIn() {
    return signedIn;
  }
}
