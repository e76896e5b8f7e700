package org.pinoauth.dev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The HTML of {@code /dev/callback}: what the query brought, escaped wherever it appears. */
class CallbackPageTest {
  private static final String BASE = "http://localhost:8080";
  private static final String HOSTILE = "<script>alert(1)</script>\"'&";
  private static final String HOSTILE_ESCAPED =
      "&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;";

  private final CallbackPage page = new CallbackPage("1234567", "dev-secret");

  @Test
  void renderWhenCodeThenCodeStateCurlAndButtons() {
    String html = page.render(received("AbC-12_x", "first-token", null, null), BASE, "");

    assertTrue(html.contains("<code id=\"code\">AbC-12_x</code>"), html);
    assertTrue(html.contains("<code id=\"state\">first-token</code>"), html);
    assertTrue(html.contains("data-code=\"AbC-12_x\""), html);
    assertTrue(html.contains("data-redirect-uri=\"http://localhost:8080/dev/callback\""), html);
    assertTrue(html.contains("curl -u 1234567:dev-secret &quot;$PINOAUTH/v5/oauth/token&quot;"));
    assertTrue(html.contains("--data-urlencode code=AbC-12_x"), html);
    for (String button : new String[] {"exchange", "refresh", "introspect"}) {
      assertTrue(html.contains("id=\"" + button + "\""), button);
    }
  }

  @Test
  void renderWhenCodeAndStateHostileThenOnlyEscapedEverywhere() {
    String html = page.render(received(HOSTILE, HOSTILE, null, null), BASE, "");

    assertFalse(html.contains("<script>alert"), html);
    assertFalse(html.contains("\"'&"), html);
    assertTrue(html.contains("<code id=\"state\">" + HOSTILE_ESCAPED + "</code>"), html);
    assertTrue(html.contains("data-code=\"" + HOSTILE_ESCAPED + "\""), html);
    // The only script is the page's own file.
    assertEquals(1, html.split("<script", -1).length - 1, html);
  }

  @Test
  void renderWhenErrorThenErrorDescriptionStateAndStartLinkNoButtons() {
    String html =
        page.render(received(null, HOSTILE, "access_denied", "The user said <b>no</b>"), BASE, "");

    assertTrue(html.contains("<code id=\"error\">access_denied</code>"), html);
    assertTrue(html.contains("The user said &lt;b&gt;no&lt;/b&gt;"), html);
    assertTrue(html.contains("<code id=\"state\">" + HOSTILE_ESCAPED + "</code>"), html);
    assertFalse(html.contains("id=\"exchange\""), html);
    assertTrue(html.contains("id=\"start\""), html);
  }

  @Test
  void renderWhenNothingReceivedThenLinkToTheFirstTokenUrl() {
    String html = page.render(received(null, null, null, null), BASE, "");

    assertTrue(
        html.contains(
            "href=\"/oauth/?response_type=code&amp;client_id=1234567&amp;redirect_uri="
                + "http%3A%2F%2Flocalhost%3A8080%2Fdev%2Fcallback&amp;scope=boards:read,pins:read,"
                + "user_accounts:read&amp;state=first-token\""),
        html);
    assertFalse(html.contains("id=\"exchange\""), html);
  }

  @Test
  void renderWhenStateMissingThenSaysNoneSent() {
    String html = page.render(received("c", null, null, null), BASE, "");

    assertTrue(html.contains("(none sent)"), html);
  }

  @Test
  void renderWhenContextPathThenLinksAndEndpointsUnderIt() {
    String html = page.render(received("c", null, null, null), BASE + "/auth", "/auth");

    assertTrue(html.contains("href=\"/auth/static/pinoauth.css\""), html);
    assertTrue(html.contains("src=\"/auth/dev/callback.js\""), html);
    assertTrue(html.contains("data-token-endpoint=\"/auth/v5/oauth/token\""), html);
    assertTrue(html.contains("data-redirect-uri=\"http://localhost:8080/auth/dev/callback\""));
  }

  private static Received received(
      String code, String state, String error, String errorDescription) {
    return new Received(
        Optional.ofNullable(code),
        Optional.ofNullable(state),
        Optional.ofNullable(error),
        Optional.ofNullable(errorDescription));
  }
}
