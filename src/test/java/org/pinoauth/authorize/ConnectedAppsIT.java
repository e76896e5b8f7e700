package org.pinoauth.authorize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pinoauth.testing.AuditLines;
import org.pinoauth.testing.Browserless;
import org.pinoauth.testing.Endpoints;
import org.pinoauth.testing.Http;
import org.pinoauth.testing.LogCapture;
import org.pinoauth.testing.TestApps;
import org.pinoauth.testing.TestApps.TestApp;
import org.pinoauth.testing.TestServerExtension;
import org.pinoauth.testing.TokenEndpoint;

/**
 * The connected-apps page {@code /oauth/apps} (CONTRACT §9) over real HTTP, on H2 and PostgreSQL:
 * its sign-in, the list after a real code flow, Remove access felt at every endpoint, and the
 * refusals (CSRF, another user's app) that remove nothing.
 */
class ConnectedAppsIT {
  private static final String REDIRECT_URI = TokenEndpoint.REDIRECT_URI;

  @RegisterExtension static final TestServerExtension server = TestServerExtension.start();

  @Test
  void notSignedInThenSignInFormPostingBackToAppsWithThePageHeaders() {
    Http.Response page = new Browserless().get(apps());

    assertEquals(200, page.status(), page.toString());
    assertTrue(page.body().contains("<form method=\"post\" action=\"/oauth/apps\">"), page.body());
    assertTrue(page.body().contains("name=\"password\""), page.body());
    assertTrue(page.body().contains("name=\"action\" value=\"sign_in\""), page.body());
    assertPageHeaders(page);
  }

  @Test
  void signInWithWrongPasswordThenFormAgainWithFailure() {
    Browserless browser = new Browserless();
    Http.Response form = browser.get(apps());

    Http.Response failed =
        browser.submit(apps(), form, "username", "pinner", "password", "wrong-password");

    assertEquals(200, failed.status(), failed.toString());
    assertTrue(failed.body().contains("Sign-in failed."), failed.body());
    assertTrue(failed.body().contains("value=\"pinner\""), failed.body());
  }

  @Test
  void signInWithoutItsCsrfTokenThen403() {
    Browserless browser = new Browserless();
    browser.get(apps());

    Http.Response forged =
        browser.post(
            apps(), Http.form("action", "sign_in", "username", "pinner", "password", "pinner"));

    assertEquals(403, forged.status(), forged.toString());
    assertEquals(200, browser.get(apps()).status());
    assertTrue(browser.get(apps()).body().contains("name=\"password\""), "still signed out");
  }

  @Test
  void codeFlowThenListedWithScopesInWordsAndDatesAndRemoveButton() {
    TestApp app = TestApps.app().name("Planner <script>alert(1)</script>").registerOn(server.get());
    Session session = Session.of("pinner");
    session.code(app, "pins:read,boards:read");

    Http.Response page = session.appsPage();

    assertEquals(200, page.status(), page.toString());
    assertPageHeaders(page);
    String body = page.body();
    assertTrue(body.contains("Planner &lt;script&gt;alert(1)&lt;/script&gt;"), body);
    assertFalse(body.contains("<script>"), body);
    assertTrue(body.contains("See your public Pins"), body);
    assertTrue(body.contains("<code>boards:read</code>"), body);
    assertTrue(body.contains("Signed in as <strong>pinner</strong>"), body);
    assertTrue(body.matches("(?s).*First authorized \\d{4}-\\d\\d-\\d\\d \\d\\d:00 UTC.*"), body);
    assertTrue(body.matches("(?s).*last used \\d{4}-\\d\\d-\\d\\d \\d\\d:00 UTC.*"), body);
    assertTrue(
        body.contains("<input type=\"hidden\" name=\"client_id\" value=\"" + app.clientId()), body);
    assertTrue(body.contains("value=\"remove\""), body);
    assertTrue(body.contains("value=\"sign_out\""), body);
  }

  @Test
  void removeAccessThen303NoticeAndEveryTokenStopsAndConsentIsAskedAgain() {
    TestApp app = TestApps.app().name("Removable app").registerOn(server.get());
    TestApp other = TestApps.app().name("Kept app").registerOn(server.get());
    Session session = Session.of("pinner");
    Endpoints.Tokens tokens = session.tokens(app, "pins:read");
    Endpoints.Tokens kept = session.tokens(other, "pins:read");
    assertTrue(Endpoints.isActive(server.get(), app, tokens.access()));

    Http.Response removed;
    List<Map<String, String>> lines;
    try (LogCapture logs = LogCapture.start()) {
      removed = session.remove(app.clientId(), Optional.of(session.csrf()));
      lines = AuditLines.await(logs, "grant.removed", 1);
    }

    assertEquals(303, removed.status(), removed.toString());
    assertEquals(Optional.of("/oauth/apps"), removed.header("Location"));
    assertEquals("pinner", lines.get(0).get("operator"));
    assertEquals("pinner", lines.get(0).get("user"));
    assertEquals(app.clientId(), lines.get(0).get("app"));
    assertEquals("1", lines.get(0).get("families"));
    Http.Response after = session.browser().follow(apps(), removed);
    assertTrue(after.body().contains("Access removed for Removable app."), after.body());
    assertFalse(after.body().contains("value=\"" + app.clientId() + "\""), after.body());
    assertTrue(after.body().contains("Kept app"), after.body());
    Http.Response again = session.appsPage();
    assertFalse(again.body().contains("Access removed"), "the notice is shown once");

    Http.Response refresh = TokenEndpoint.of(server.get()).refresh(app, tokens.refresh());
    assertEquals(400, refresh.status(), refresh.body());
    assertEquals("invalid_grant", refresh.string("error"));
    assertFalse(Endpoints.isActive(server.get(), app, tokens.access()));
    Http.Response consent = session.consentPage(app, "pins:read");
    assertTrue(consent.body().contains("value=\"allow\""), consent.body());
    assertFalse(consent.body().contains("already allowed"), consent.body());
    assertTrue(Endpoints.isActive(server.get(), other, kept.access()));
  }

  @Test
  void removeWithoutOrWithWrongCsrfThen403AndNothingRemoved() {
    TestApp app = TestApps.app().registerOn(server.get());
    Session session = Session.of("pinner");
    Endpoints.Tokens tokens = session.tokens(app, "pins:read");

    Http.Response missing = session.remove(app.clientId(), Optional.empty());
    Http.Response wrong = session.remove(app.clientId(), Optional.of("x" + session.csrf()));

    assertEquals(403, missing.status(), missing.toString());
    assertEquals(403, wrong.status(), wrong.toString());
    assertPageHeaders(wrong);
    assertTrue(Endpoints.isActive(server.get(), app, tokens.access()));
    assertTrue(session.appsPage().body().contains("value=\"" + app.clientId() + "\""));
  }

  @Test
  void removeFromAnotherSessionsTokenThen403() {
    TestApp app = TestApps.app().registerOn(server.get());
    Session pinner = Session.of("pinner");
    Endpoints.Tokens tokens = pinner.tokens(app, "pins:read");
    Session pinner2 = Session.of("pinner2");
    pinner2.appsPage();

    Http.Response crossed = pinner.remove(app.clientId(), Optional.of(pinner2.csrf()));

    assertEquals(403, crossed.status(), crossed.toString());
    assertTrue(Endpoints.isActive(server.get(), app, tokens.access()));
  }

  @Test
  void removeAnotherUsersAppOrAnUnknownOneThen404AndTheirGrantStands() {
    TestApp app = TestApps.app().name("Only pinner's").registerOn(server.get());
    Session pinner = Session.of("pinner");
    Endpoints.Tokens tokens = pinner.tokens(app, "pins:read");
    Session pinner2 = Session.of("pinner2");

    Http.Response page = pinner2.appsPage();
    Http.Response othersApp = pinner2.remove(app.clientId(), Optional.of(pinner2.csrf()));
    Http.Response unknown = pinner2.remove("999999", Optional.of(pinner2.csrf()));
    Http.Response none = pinner2.remove("", Optional.of(pinner2.csrf()));

    assertFalse(page.body().contains("Only pinner"), page.body());
    assertEquals(404, othersApp.status(), othersApp.toString());
    assertFalse(othersApp.body().contains("Only pinner"), othersApp.body());
    assertEquals(404, unknown.status(), unknown.toString());
    assertEquals(404, none.status(), none.toString());
    assertTrue(Endpoints.isActive(server.get(), app, tokens.access()));
    assertTrue(pinner.appsPage().body().contains("Only pinner"));
  }

  @Test
  void signOutThenSignInFormAgain() {
    Session session = Session.of("pinner");
    session.appsPage();

    Http.Response out =
        session.browser().post(apps(), Http.form("action", "sign_out", "csrf", session.csrf()));

    assertEquals(303, out.status(), out.toString());
    assertTrue(session.browser().get(apps()).body().contains("name=\"password\""));
  }

  @Test
  void otherMethodThen405() {
    Http.Response put =
        Http.send(
            HttpRequest.newBuilder(apps())
                .method("PUT", HttpRequest.BodyPublishers.noBody())
                .build());

    assertEquals(405, put.status(), put.toString());
    assertEquals(Optional.of("GET, POST"), put.header("Allow"));
  }

  private static void assertPageHeaders(Http.Response page) {
    assertEquals(Optional.of("DENY"), page.header("X-Frame-Options"));
    assertTrue(
        page.header("Content-Security-Policy").orElse("").contains("frame-ancestors 'none'"),
        page.toString());
    assertTrue(page.header("Cache-Control").orElse("").contains("no-store"), page.toString());
    assertEquals(Optional.of("no-referrer"), page.header("Referrer-Policy"));
    assertTrue(page.header("Content-Type").orElse("").startsWith("text/html"));
  }

  private static URI apps() {
    return server.uri("/oauth/apps");
  }

  /** One person's browser, signed in at /oauth/apps. */
  private record Session(Browserless browser, String user) {
    static Session of(String user) {
      Browserless browser = new Browserless();
      Http.Response form = browser.get(apps());
      Http.Response in = browser.submit(apps(), form, "username", user, "password", user);
      assertEquals(303, in.status(), in.toString());
      assertEquals(Optional.of("/oauth/apps"), in.header("Location"));
      return new Session(browser, user);
    }

    Http.Response appsPage() {
      Http.Response page = browser.get(apps());
      assertEquals(200, page.status(), page.toString());
      assertTrue(page.body().contains("Connected apps"), page.body());
      return page;
    }

    String csrf() {
      return Browserless.hiddenInputs(appsPage().body()).get("csrf");
    }

    Http.Response remove(String clientId, Optional<String> csrf) {
      return csrf.isPresent()
          ? browser.post(
              apps(), Http.form("csrf", csrf.get(), "action", "remove", "client_id", clientId))
          : browser.post(apps(), Http.form("action", "remove", "client_id", clientId));
    }

    /** The consent page of an authorization request; signed in already by /oauth/apps. */
    Http.Response consentPage(TestApp app, String scopes) {
      Http.Response page = browser.get(authorize(app, scopes));
      assertEquals(200, page.status(), page.toString());
      return page;
    }

    String code(TestApp app, String scopes) {
      Http.Response allowed =
          browser.submit(server.uri("/oauth/"), consentPage(app, scopes), "action", "allow");
      assertEquals(302, allowed.status(), allowed.toString());
      String location = allowed.header("Location").orElseThrow();
      assertTrue(location.startsWith(REDIRECT_URI + "?code="), location);
      String code = location.substring((REDIRECT_URI + "?code=").length());
      return code.contains("&") ? code.substring(0, code.indexOf('&')) : code;
    }

    Endpoints.Tokens tokens(TestApp app, String scopes) {
      Http.Response exchanged = TokenEndpoint.of(server.get()).exchange(app, code(app, scopes));
      assertEquals(200, exchanged.status(), exchanged.body());
      return Endpoints.tokensOf(exchanged);
    }
  }

  private static URI authorize(TestApp app, String scopes) {
    return server.uri(
        "/oauth/?"
            + Http.form(
                "client_id",
                app.clientId(),
                "redirect_uri",
                REDIRECT_URI,
                "response_type",
                "code",
                "scope",
                scopes));
  }
}
