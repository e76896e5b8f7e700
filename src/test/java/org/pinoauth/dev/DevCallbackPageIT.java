package org.pinoauth.dev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pinoauth.testing.Http;
import org.pinoauth.testing.TestServerExtension;

/**
 * {@code /dev/callback} over HTTP, as {@code src/dev/web-dev.xml} maps it (CONTRACT §8, §9): the
 * page, its script and style sheet, their headers, and the demo app's redirect URIs of {@code
 * src/dev/bootstrap.json}. The browser drives it in {@link DevCallbackBrowserIT}.
 */
class DevCallbackPageIT {

  @RegisterExtension
  static final TestServerExtension server = TestServerExtension.of(DevRun::configure);

  @Test
  void getWhenCodeAndHostileStateThenHtmlEscapedWithStrictHeaders() {
    Http.Response page =
        Http.get(
            server.uri(
                "/dev/callback?code=AbC-12_x&state=" + Http.encode("<script>alert(1)</script>")));

    assertEquals(200, page.status(), page.body());
    assertEquals(
        "text/html;charset=utf-8", page.header("Content-Type").orElseThrow().toLowerCase());
    assertTrue(page.body().contains("<code id=\"code\">AbC-12_x</code>"), page.body());
    assertTrue(page.body().contains("&lt;script&gt;alert(1)&lt;/script&gt;"), page.body());
    assertFalse(page.body().contains("<script>alert"), page.body());
    String csp = page.header("Content-Security-Policy").orElseThrow();
    assertTrue(csp.contains("script-src 'self';"), csp);
    assertFalse(csp.contains("unsafe-inline"), csp);
    assertTrue(csp.contains("frame-ancestors 'none'"), csp);
    assertEquals("DENY", page.header("X-Frame-Options").orElseThrow());
    assertEquals("no-referrer", page.header("Referrer-Policy").orElseThrow());
    assertTrue(page.header("Cache-Control").orElseThrow().contains("no-store"));
  }

  @Test
  void getScriptAndStylesThenServedWithTheirTypes() {
    Http.Response script = Http.get(server.uri("/dev/callback.js"));
    Http.Response styles = Http.get(server.uri("/dev/callback.css"));

    assertEquals(200, script.status());
    assertTrue(script.header("Content-Type").orElseThrow().startsWith("text/javascript"));
    assertTrue(script.body().contains("grant_type: \"refresh_token\""), script.body());
    assertEquals(200, styles.status());
    assertTrue(styles.header("Content-Type").orElseThrow().startsWith("text/css"));
  }

  @Test
  void postThenMethodNotAllowed() {
    Http.Response response = Http.postForm(server.uri("/dev/callback"), null, "code=x");

    assertEquals(405, response.status(), response.body());
    assertEquals("GET, HEAD", response.header("Allow").orElseThrow());
  }

  @Test
  void demoAppOfTheDevBootstrapThenBothRedirectUris() {
    Http.Response app =
        Http.get(
            server.uri("/admin/apps/" + DevRun.CLIENT_ID),
            "Authorization",
            Http.basic("admin", "admin"));

    assertEquals(200, app.status(), app.body());
    assertEquals(
        Set.of("http://localhost:8085/", "http://localhost:8080/dev/callback"),
        Set.copyOf((List<?>) app.json().get("redirect_uris")));
  }
}
