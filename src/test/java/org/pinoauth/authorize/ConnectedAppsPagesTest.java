package org.pinoauth.authorize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import jakarta.servlet.ServletContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.pinoauth.scope.ScopeCatalog;
import org.pinoauth.scope.Scopes;
import org.pinoauth.store.Grant;

/**
 * The connected-apps page's markup: what an app registered (its name) and what it was granted are
 * text, never markup; scopes in words; dates to the hour; one Remove access form per app.
 */
class ConnectedAppsPagesTest {
  private static final String HOSTILE = "<script>alert(1)</script>\"'&";

  private final ConnectedAppsPages pages =
      new ConnectedAppsPages(context(), ScopeCatalog.pinterest());

  @Test
  void hostileAppNameThenShownAsEscapedText() {
    String html =
        pages.apps(
            "tok", "pinner", List.of(grant("42", HOSTILE, "pins:read")), false, Optional.empty());

    assertFalse(html.contains("<script>"), html);
    assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;"), html);
  }

  @Test
  void removedNoticeWithHostileNameThenEscaped() {
    String html = pages.apps("tok", "pinner", List.of(), false, Optional.of(HOSTILE));

    assertTrue(
        html.contains("Access removed for &lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;."),
        html);
    assertFalse(html.contains("<script>"), html);
    assertTrue(html.contains("No app has access"), html);
  }

  @Test
  void scopesInWordsDatesToTheHourAndNeverWhenUnused() {
    Grant used =
        new Grant(
            "42",
            "Planner",
            "pinner",
            Scopes.parse("pins:read,boards:read"),
            Instant.parse("2026-03-01T10:20:30Z"),
            Optional.of(Instant.parse("2026-03-02T11:00:00Z")));

    String html =
        pages.apps(
            "tok",
            "pinner",
            List.of(used, grant("43", "Other", "pins:read")),
            false,
            Optional.empty());

    assertTrue(html.contains("<span class=\"scope-words\">See your public Pins</span>"), html);
    assertTrue(html.contains("<code>boards:read</code>"), html);
    assertTrue(
        html.contains("First authorized 2026-03-01 10:00 UTC · last used 2026-03-02 11:00 UTC"),
        html);
    assertTrue(html.contains("last used never"), html);
    assertEquals(2, count(html, "value=\"remove\""));
    assertEquals(3, count(html, "<input type=\"hidden\" name=\"csrf\" value=\"tok\">"));
    assertTrue(html.contains("<input type=\"hidden\" name=\"client_id\" value=\"43\">"), html);
    assertFalse(html.contains("Only the first"), html);
  }

  @Test
  void moreThanListedThenNote() {
    String html =
        pages.apps("tok", "pinner", List.of(grant("1", "A", "pins:read")), true, Optional.empty());

    assertTrue(html.contains("Only the first 1 apps are shown"), html);
  }

  @Test
  void signInFormWithHostileUsernameAndFailureThenEscaped() {
    String html = pages.signIn("tok", HOSTILE, Optional.of("Sign-in failed <b>"));

    assertFalse(html.contains("<script>"), html);
    assertTrue(html.contains("Sign-in failed &lt;b&gt;"), html);
    assertTrue(html.contains("action=\"/oauth/apps\""), html);
  }

  private static Grant grant(String clientId, String name, String scopes) {
    return new Grant(
        clientId,
        name,
        "pinner",
        Scopes.parse(scopes),
        Instant.parse("2026-03-01T10:20:30Z"),
        Optional.empty());
  }

  private static int count(String html, String part) {
    return html.split(java.util.regex.Pattern.quote(part), -1).length - 1;
  }

  /** The real templates of webapp/, as the container would serve them. */
  private static ServletContext context() {
    ServletContext context = mock(ServletContext.class);
    when(context.getContextPath()).thenReturn("");
    when(context.getResourceAsStream(anyString()))
        .thenAnswer(
            call -> {
              String path = call.getArgument(0);
              try {
                InputStream in = Files.newInputStream(Path.of("webapp" + path));
                return in;
              } catch (IOException missing) {
                throw new UncheckedIOException(missing);
              }
            });
    return context;
  }
}
