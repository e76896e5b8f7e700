package org.pinoauth.dev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.pinoauth.testing.Chromium;
import org.pinoauth.testing.Http;
import org.pinoauth.testing.TestServerExtension;

/**
 * The README's first token, in a real browser (headless Chromium; skipped where it is missing,
 * failing under {@code CI=true}, as {@link Chromium} says): the authorization URL with the demo app
 * and {@code /dev/callback} as its redirect URI, sign in as {@code pinner}, Allow, and then the
 * page's Exchange, Refresh and Introspect buttons, and Exchange again. Nothing is copied from the
 * address bar: every value the test checks, it reads from the page.
 */
class DevCallbackBrowserIT {
  private static final Jsonb JSONB = JsonbBuilder.create();
  private static final Duration WAIT = Duration.ofSeconds(15);

  @RegisterExtension
  static final TestServerExtension server = TestServerExtension.of(DevRun::configure);

  private static String callback;

  @BeforeAll
  static void registerCallback() {
    callback = DevRun.registerCallback(server.get());
  }

  @Test
  void allowThenExchangeRefreshIntrospectAndASecondExchangeIsInvalidGrant(@TempDir Path profile)
      throws Exception {
    WebDriver browser = Chromium.require().start(profile);
    try {
      // As the README writes it: commas between scopes, the redirect URI not percent-encoded.
      browser.get(
          server
              .uri(
                  "/oauth/?response_type=code&client_id=1234567&redirect_uri="
                      + callback
                      + "&scope=boards:read,pins:read,user_accounts:read&state=first-token")
              .toString());
      signInAs(browser, "pinner");
      browser.findElement(By.cssSelector("button[value=allow]")).click();
      new WebDriverWait(browser, WAIT).until(ExpectedConditions.titleIs("Your authorization code"));

      String code = browser.findElement(By.id("code")).getText();
      assertTrue(browser.getCurrentUrl().startsWith(callback + "?code="), browser.getCurrentUrl());
      assertTrue(code.length() > 30, code);
      assertEquals("first-token", browser.findElement(By.id("state")).getText());
      String curl = browser.findElement(By.id("curl")).getText();
      assertTrue(curl.contains("--data-urlencode code=" + code), curl);
      assertTrue(curl.contains("--data-urlencode redirect_uri=" + callback), curl);

      Map<String, Object> exchanged = click(browser, "exchange", "HTTP 200");
      assertEquals("authorization_code", exchanged.get("response_type"));
      assertEquals("boards:read pins:read user_accounts:read", exchanged.get("scope"));
      String firstAccess = (String) exchanged.get("access_token");
      String firstRefresh = (String) exchanged.get("refresh_token");
      assertTrue(firstAccess.startsWith("pina_"), firstAccess);
      assertTrue(firstRefresh.startsWith("pinr_"), firstRefresh);
      screenshot(browser, "dev-callback-exchanged");

      Map<String, Object> refreshed = click(browser, "refresh", "HTTP 200");
      assertEquals("everlasting_refresh", refreshed.get("response_type"));
      assertNotEquals(firstAccess, refreshed.get("access_token"));
      assertNotEquals(firstRefresh, refreshed.get("refresh_token"));
      assertTrue(((String) refreshed.get("refresh_token")).startsWith("pinr_"));

      Map<String, Object> introspected = click(browser, "introspect", "HTTP 200");
      assertEquals(true, introspected.get("active"));
      assertEquals("1234567", introspected.get("client_id"));
      assertEquals("pinner", introspected.get("username"));
      screenshot(browser, "dev-callback-introspected");

      Map<String, Object> again = click(browser, "exchange", "HTTP 400 (an error answer)");
      assertEquals("invalid_grant", again.get("error"));
      // The replayed code revoked what it had given, the refreshed tokens too.
      assertEquals(Map.of("active", false), click(browser, "introspect", "HTTP 200"));
      assertNoAlert(browser);
    } finally {
      browser.quit();
    }
  }

  @Test
  void denyThenThePageShowsAccessDeniedAndTheState(@TempDir Path profile) throws Exception {
    WebDriver browser = Chromium.require().start(profile);
    try {
      browser.get(
          server
              .uri(
                  "/oauth/?response_type=code&client_id=1234567&redirect_uri="
                      + callback
                      + "&scope=pins:read&state=denied-here")
              .toString());
      signInAs(browser, "pinner");
      browser.findElement(By.cssSelector("button[value=deny]")).click();
      new WebDriverWait(browser, WAIT)
          .until(ExpectedConditions.titleIs("No code: the app got an error"));

      assertEquals("access_denied", browser.findElement(By.id("error")).getText());
      assertEquals("denied-here", browser.findElement(By.id("state")).getText());
      assertEquals(0, browser.findElements(By.id("exchange")).size());
      assertTrue(
          browser
              .findElement(By.id("start"))
              .getAttribute("href")
              .startsWith(server.uri("/oauth/?response_type=code&client_id=1234567").toString()));
    } finally {
      browser.quit();
    }
  }

  @Test
  void hostileCodeAndStateThenShownAsTextAndNoScriptRuns(@TempDir Path profile) throws Exception {
    String state = "<script>alert(1)</script>";
    String code = "\"><img src=x onerror=\"alert(2)\">";
    WebDriver browser = Chromium.require().start(profile);
    try {
      browser.get(
          server
              .uri("/dev/callback?code=" + Http.encode(code) + "&state=" + Http.encode(state))
              .toString());

      assertNoAlert(browser);
      assertEquals("Your authorization code", browser.getTitle());
      assertEquals(state, browser.findElement(By.id("state")).getText());
      assertEquals(code, browser.findElement(By.id("code")).getText());
      assertEquals(0, browser.findElements(By.cssSelector("main script, main img")).size());
      // The script sends the hostile code as data, and the answer is shown as text.
      Map<String, Object> answer = click(browser, "exchange", "HTTP 400 (an error answer)");
      assertEquals("invalid_grant", answer.get("error"));
      assertNoAlert(browser);
    } finally {
      browser.quit();
    }
  }

  private static void signInAs(WebDriver browser, String user) {
    assertEquals("Sign in to continue to pinoauth demo app", browser.getTitle());
    browser.findElement(By.id("username")).sendKeys(user, Keys.TAB, user, Keys.ENTER);
    new WebDriverWait(browser, WAIT)
        .until(ExpectedConditions.titleIs("Allow pinoauth demo app access?"));
  }

  /**
   * Clicks the button {@code step}, waits until its status line says {@code status}, and returns
   * the JSON the page shows under it.
   */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> click(WebDriver browser, String step, String status) {
    // The click handler sets the status to "Sending…" at once, so the wait below cannot pass on
    // the answer to the previous click.
    browser.findElement(By.id(step)).click();
    new WebDriverWait(browser, WAIT)
        .until(ExpectedConditions.textToBe(By.id(step + "-status"), status));
    return JSONB.fromJson(browser.findElement(By.id(step + "-answer")).getText(), Map.class);
  }

  private static void assertNoAlert(WebDriver browser) {
    assertThrows(NoAlertPresentException.class, () -> browser.switchTo().alert());
  }

  /** Saves what the user saw, for people reviewing the page: target/screenshots/NAME.png. */
  private static void screenshot(WebDriver browser, String name) throws IOException {
    Path dir = Path.of("target", "screenshots");
    Files.createDirectories(dir);
    Files.write(
        dir.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
  }
}
