package org.pinoauth.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.pinoauth.testing.Chromium;
import org.pinoauth.testing.Http;
import org.pinoauth.testing.TestApps;
import org.pinoauth.testing.TestApps.TestApp;
import org.pinoauth.testing.TestServerExtension;
import org.pinoauth.testing.TokenEndpoint;

/**
 * A real single-page app (src/test/resources/spa) in headless Chromium, served from a loopback
 * origin other than the server's and registered as a public app with that origin in {@code
 * allowed_origins}: it makes its PKCE pair with WebCrypto, the person signs in and allows, and its
 * script exchanges the code, refreshes and revokes with {@code fetch()} across origins, {@code
 * client_id} alone in the body. The same request from an origin no app registered is one the
 * browser will not let the page read. Skips without Chromium, fails under {@code CI=true} ({@link
 * Chromium}).
 */
class SinglePageAppBrowserIT {
  private static final Duration PATIENCE = Duration.ofSeconds(15);

  @RegisterExtension static final TestServerExtension server = TestServerExtension.start();

  @Test
  void spaWhenCodeFlowRefreshAndRevokeByFetchThenEachAnswerReadableAcrossOrigins(
      @TempDir Path profile) throws Exception {
    Chromium chromium = Chromium.require();
    HttpServer spa = staticServer();
    String origin = "http://127.0.0.1:" + spa.getAddress().getPort();
    TestApp app =
        TestApps.app()
            .publicClient()
            .scopes("user_accounts:read")
            .allowedOrigins(origin)
            .registerOn(server.get());
    WebDriver browser = chromium.start(profile);
    try {
      browser.get(origin + "/?server=" + serverOrigin() + "&client_id=" + app.clientId());
      new WebDriverWait(browser, PATIENCE)
          .until(ExpectedConditions.titleIs("Sign in to continue to Test app"));
      assertTrue(
          browser.getCurrentUrl().contains("code_challenge_method=S256"), browser.getCurrentUrl());
      browser.findElement(By.id("username")).sendKeys("pinner", Keys.TAB, "pinner", Keys.ENTER);
      new WebDriverWait(browser, PATIENCE)
          .until(ExpectedConditions.titleIs("Allow Test app access?"));
      browser.findElement(By.cssSelector("button[value=allow]")).click();

      Map<String, String> page = results(browser);
      assertNull(page.get("error"), page.toString());
      assertTrue(browser.getCurrentUrl().startsWith(origin + "/callback?"));
      assertEquals("200", page.get("token-status"), page.toString());
      assertTrue(page.get("access-token").startsWith("pina_"), page.toString());
      assertTrue(page.get("refresh-token").startsWith("pinr_"), page.toString());
      assertEquals("200", page.get("refresh-status"), page.toString());
      assertTrue(page.get("new-refresh-token").startsWith("pinr_"), page.toString());
      assertNotEquals(page.get("refresh-token"), page.get("new-refresh-token"), "rotated");
      assertEquals("200", page.get("revoke-status"), page.toString());

      Http.Response refresh =
          TokenEndpoint.of(server.get())
              .post(
                  null,
                  Http.form(
                      "grant_type",
                      "refresh_token",
                      "refresh_token",
                      page.get("new-refresh-token"),
                      "client_id",
                      app.clientId()));
      assertEquals("invalid_grant", refresh.string("error"), "the page revoked it");
      Http.Response account =
          Http.get(
              server.uri("/v5/user_account"),
              "Authorization",
              "Bearer " + page.get("new-access-token"));
      assertEquals(401, account.status(), "revoking the refresh token ended its family");
    } finally {
      browser.quit();
      spa.stop(0);
    }
  }

  @Test
  void spaWhenOriginNotRegisteredThenFetchRejectsWhileMetadataStaysReadable(@TempDir Path profile)
      throws Exception {
    Chromium chromium = Chromium.require();
    HttpServer registered = staticServer();
    HttpServer foreign = staticServer();
    TestApp app =
        TestApps.app()
            .publicClient()
            .allowedOrigins("http://127.0.0.1:" + registered.getAddress().getPort())
            .registerOn(server.get());
    WebDriver browser = chromium.start(profile);
    try {
      browser.get(
          "http://127.0.0.1:"
              + foreign.getAddress().getPort()
              + "/?mode=foreign&server="
              + serverOrigin()
              + "&client_id="
              + app.clientId());

      Map<String, String> page = results(browser);
      assertNull(page.get("error"), page.toString());
      assertEquals("200", page.get("metadata-status"), "the server is reachable from there");
      assertTrue(page.get("foreign-token").startsWith("TypeError: "), page.toString());
    } finally {
      browser.quit();
      registered.stop(0);
      foreign.stop(0);
    }
  }

  private static String serverOrigin() {
    return Http.encode("http://127.0.0.1:" + server.port());
  }

  /** Waits for the page's script to finish, then every result it wrote, by element id. */
  private static Map<String, String> results(WebDriver browser) {
    new WebDriverWait(browser, PATIENCE)
        .until(ExpectedConditions.presenceOfElementLocated(By.id("done")));
    Map<String, String> results = new LinkedHashMap<>();
    for (WebElement line : browser.findElements(By.cssSelector("#results p"))) {
      results.put(line.getAttribute("id"), line.getText());
    }
    return results;
  }

  /**
   * The app's own origin: a static server on a port of 127.0.0.1 the system picks, with the page at
   * / and /callback and its script at /app.js.
   */
  private static HttpServer staticServer() throws IOException {
    HttpServer files = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    files.createContext("/", exchange -> serve(exchange, exchange.getRequestURI().getPath()));
    files.start();
    return files;
  }

  private static void serve(HttpExchange exchange, String path) throws IOException {
    String resource =
        switch (path) {
          case "/", "/callback" -> "/spa/index.html";
          case "/app.js" -> "/spa/app.js";
          default -> null;
        };
    try (exchange) {
      if (resource == null) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      byte[] body;
      try (InputStream in = SinglePageAppBrowserIT.class.getResourceAsStream(resource)) {
        body = in.readAllBytes();
      }
      exchange
          .getResponseHeaders()
          .set(
              "Content-Type",
              resource.endsWith(".js") ? "text/javascript" : "text/html; charset=utf-8");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
    }
  }
}
