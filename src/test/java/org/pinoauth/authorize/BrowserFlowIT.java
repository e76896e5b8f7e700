package org.pinoauth.authorize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.pinoauth.crypto.TokenHasher;
import org.pinoauth.store.AuthorizationCode;
import org.pinoauth.testing.Chromium;
import org.pinoauth.testing.Http;
import org.pinoauth.testing.TestApps;
import org.pinoauth.testing.TestServerExtension;

/**
 * A real browser (Debian's headless Chromium, driven by Selenium) signs in as {@code pinner} and
 * allows with the keyboard alone, and lands on the app's redirect URI with a code that exchanges at
 * the token endpoint; and switches account ("Not you? Switch account") to {@code pinner2}, whose
 * code it then gets. Where Chromium is not on the PATH it skips, saying why, except under {@code
 * CI=true}, where it fails ({@link Chromium}); {@code .ci/run} installs it.
 */
class BrowserFlowIT {

  @RegisterExtension static final TestServerExtension server = TestServerExtension.start();

  @Test
  void pinnerSignsInWithTheKeyboardAllowsAndTheCodeExchanges(@TempDir Path profile)
      throws Exception {
    Chromium chromium = Chromium.require();
    CompletableFuture<Map<String, String>> callback = new CompletableFuture<>();
    HttpServer app = callbackServer(callback);
    String redirectUri = "http://127.0.0.1:" + app.getAddress().getPort() + "/callback";
    TestApps.TestApp registered = TestApps.app().redirectUris(redirectUri).registerOn(server.get());
    WebDriver browser = chromium.start(profile);
    try {
      browser.get(
          server
              .uri(
                  "/oauth/?client_id="
                      + registered.clientId()
                      + "&redirect_uri="
                      + Http.encode(redirectUri)
                      + "&response_type=code&scope=user_accounts:read,pins:read&state=xyz")
              .toString());
      assertEquals("Sign in to continue to Test app", browser.getTitle());
      screenshot(browser, "sign-in");

      browser.findElement(By.id("username")).sendKeys("pinner", Keys.TAB, "pinner", Keys.ENTER);
      new WebDriverWait(browser, Duration.ofSeconds(15))
          .until(ExpectedConditions.titleIs("Allow Test app access?"));
      String consent = browser.findElement(By.tagName("main")).getText();
      assertTrue(consent.contains("See your public Pins"), consent);
      assertTrue(consent.contains("See your user accounts and followers"), consent);
      screenshot(browser, "consent");

      WebElement deny = browser.findElement(By.cssSelector("button[value=deny]"));
      WebElement allow = browser.findElement(By.cssSelector("button[value=allow]"));
      assertEquals(deny.getRect().getY(), allow.getRect().getY(), "Allow and Deny on one line");
      // Nothing has the focus, so Enter alone grants nothing: Tab reaches Deny, then Allow.
      assertEquals("body", browser.switchTo().activeElement().getTagName());
      new Actions(browser).sendKeys(Keys.TAB).perform();
      assertEquals(deny, browser.switchTo().activeElement());
      new Actions(browser).sendKeys(Keys.TAB).perform();
      assertEquals(allow, browser.switchTo().activeElement());
      new Actions(browser).sendKeys(Keys.ENTER).perform();
      Map<String, String> query = callback.get(15, TimeUnit.SECONDS);
      assertEquals("xyz", query.get("state"));
      assertTrue(browser.getCurrentUrl().startsWith(redirectUri + "?code="));

      Http.Response tokens =
          Http.postForm(
              server.uri("/v5/oauth/token"),
              Http.basic(registered.clientId(), registered.secret()),
              Http.form(
                  "grant_type",
                  "authorization_code",
                  "code",
                  query.get("code"),
                  "redirect_uri",
                  redirectUri));
      assertEquals(200, tokens.status(), tokens.body());
      assertEquals("authorization_code", tokens.string("response_type"));
      assertEquals("pins:read user_accounts:read", tokens.string("scope"));
    } finally {
      browser.quit();
      app.stop(0);
    }
  }

  @Test
  void pinnerClicksSwitchAccountSignsInAsPinner2AndTheCodeIsPinner2s(@TempDir Path profile)
      throws Exception {
    Chromium chromium = Chromium.require();
    CompletableFuture<Map<String, String>> callback = new CompletableFuture<>();
    HttpServer app = callbackServer(callback);
    String redirectUri = "http://127.0.0.1:" + app.getAddress().getPort() + "/callback";
    TestApps.TestApp registered = TestApps.app().redirectUris(redirectUri).registerOn(server.get());
    WebDriver browser = chromium.start(profile);
    try {
      browser.get(
          server
              .uri(
                  "/oauth/?client_id="
                      + registered.clientId()
                      + "&redirect_uri="
                      + Http.encode(redirectUri)
                      + "&response_type=code&scope=pins:read&state=switch")
              .toString());
      signIn(browser, "pinner");
      WebElement allow = browser.findElement(By.cssSelector("button[value=allow]"));
      WebElement switchAccount = browser.findElement(By.cssSelector("button[value=sign_out]"));
      assertEquals("Switch account", switchAccount.getText());
      assertTrue(
          switchAccount.findElement(By.xpath("..")).getText().startsWith("Not you?"),
          switchAccount.findElement(By.xpath("..")).getText());
      assertTrue(switchAccount.isDisplayed());
      assertTrue(
          switchAccount.getRect().getY() > allow.getRect().getY() + allow.getRect().getHeight(),
          "Switch account sits under Allow and Deny");
      screenshot(browser, "consent-switch-account");

      switchAccount.click();
      new WebDriverWait(browser, Duration.ofSeconds(15))
          .until(ExpectedConditions.titleIs("Sign in to continue to Test app"));
      assertTrue(browser.getCurrentUrl().contains("state=switch"), browser.getCurrentUrl());
      signIn(browser, "pinner2");
      String consent = browser.findElement(By.tagName("main")).getText();
      assertTrue(consent.contains("Signed in as pinner2"), consent);
      browser.findElement(By.cssSelector("button[value=allow]")).click();

      Map<String, String> query = callback.get(15, TimeUnit.SECONDS);
      assertEquals("switch", query.get("state"));
      AuthorizationCode code =
          server.pinoauth().codes().find(TokenHasher.hash(query.get("code"))).orElseThrow().code();
      assertEquals("pinner2", code.username());
    } finally {
      browser.quit();
      app.stop(0);
    }
  }

  /** Signs in as {@code user} (password: the same) and waits for the consent page. */
  private static void signIn(WebDriver browser, String user) {
    assertEquals("Sign in to continue to Test app", browser.getTitle());
    browser.findElement(By.id("username")).sendKeys(user, Keys.TAB, user, Keys.ENTER);
    new WebDriverWait(browser, Duration.ofSeconds(15))
        .until(ExpectedConditions.titleIs("Allow Test app access?"));
  }

  /** The app's side: records the query of the first request to /callback. */
  private static HttpServer callbackServer(CompletableFuture<Map<String, String>> received)
      throws IOException {
    HttpServer app = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    app.createContext(
        "/callback",
        exchange -> {
          received.complete(parseQuery(exchange.getRequestURI().getRawQuery()));
          byte[] body = "Signed in. You can close this window.".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    app.start();
    return app;
  }

  private static Map<String, String> parseQuery(String query) {
    Map<String, String> values = new HashMap<>();
    for (String pair : query == null ? new String[0] : query.split("&")) {
      String[] nameValue = pair.split("=", 2);
      values.put(
          URLDecoder.decode(nameValue[0], StandardCharsets.UTF_8),
          nameValue.length > 1 ? URLDecoder.decode(nameValue[1], StandardCharsets.UTF_8) : "");
    }
    return values;
  }

  /** Saves what the user saw, for people reviewing the pages: target/screenshots/NAME.png. */
  private static void screenshot(WebDriver browser, String name) throws IOException {
    Path dir = Path.of("target", "screenshots");
    Files.createDirectories(dir);
    byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
    Files.write(dir.resolve(name + ".png"), png);
  }
}
