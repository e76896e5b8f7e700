package org.pinoauth.dev;

import static org.pinoauth.authorize.Html.escape;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The HTML of {@code /dev/callback}: the code and state received (or the error), the {@link
 * ExchangeCurl curl} that exchanges the code, and the Exchange, Refresh and Introspect buttons that
 * {@code callback.js} drives. Every value from the query is escaped here; the script reads the
 * values it needs from data attributes and writes answers as text, never as markup.
 */
final class CallbackPage {
  static final String PATH = "/dev/callback";

  /** The scopes of the README's first example: enough for the demo app to call the account. */
  private static final String FIRST_SCOPES = "boards:read,pins:read,user_accounts:read";

  private final String clientId;
  private final String clientSecret;

  CallbackPage(String clientId, String clientSecret) {
    this.clientId = clientId;
    this.clientSecret = clientSecret;
  }

  /**
   * The page for what {@code received} holds; {@code baseUrl} is the scheme, host and port the
   * browser reached this page at plus {@code contextPath}, so {@code baseUrl + PATH} is the
   * redirect URI the authorization request named.
   */
  String render(Received received, String baseUrl, String contextPath) {
    String redirectUri = baseUrl + PATH;
    if (received.code().isPresent()) {
      return codePage(received, baseUrl, contextPath, redirectUri);
    }
    if (received.error().isPresent()) {
      return errorPage(received, contextPath, redirectUri);
    }
    return page(
        "No code here yet",
        contextPath,
        "",
        "<p class=\"lead\">This page shows the code the demo app receives after you allow it. Start"
            + " the authorization here:</p>\n"
            + startLink(contextPath, redirectUri));
  }

  private String codePage(
      Received received, String baseUrl, String contextPath, String redirectUri) {
    String code = received.code().orElseThrow();
    String data =
        " data-code=\""
            + escape(code)
            + "\" data-redirect-uri=\""
            + escape(redirectUri)
            + "\" data-client-id=\""
            + escape(clientId)
            + "\" data-client-secret=\""
            + escape(clientSecret)
            + "\" data-token-endpoint=\""
            + escape(contextPath + "/v5/oauth/token")
            + "\" data-introspect-endpoint=\""
            + escape(contextPath + "/v5/oauth/introspect")
            + "\"";
    String body =
        "<p class=\"lead\">The demo app <code>"
            + escape(clientId)
            + "</code> received this redirect from <code>/oauth/</code>. The code works once,"
            + " within 10 minutes.</p>\n"
            + "<dl>\n"
            + "<dt>code</dt><dd><code id=\"code\">"
            + escape(code)
            + "</code></dd>\n"
            + "<dt>state</dt><dd>"
            + state(received)
            + "</dd>\n"
            + "</dl>\n"
            + "<h2>Exchange it with curl</h2>\n"
            + "<pre id=\"curl\">"
            + escape(ExchangeCurl.of(baseUrl, clientId, clientSecret, code, redirectUri))
            + "</pre>\n"
            + "<h2>Or with these buttons</h2>\n"
            + "<p class=\"hint\">Each button sends one request from this page to the server and"
            + " shows its JSON answer. Click Exchange a second time to see that a code works"
            + " once: the answer is <code>invalid_grant</code>, and the tokens of the first"
            + " exchange are revoked.</p>\n"
            + step(
                "exchange",
                "Exchange",
                "POST /v5/oauth/token grant_type=authorization_code",
                "primary",
                false)
            + step(
                "refresh",
                "Refresh",
                "POST /v5/oauth/token grant_type=refresh_token",
                "secondary",
                true)
            + step(
                "introspect",
                "Introspect",
                "POST /v5/oauth/introspect with the access token",
                "secondary",
                true);
    return page("Your authorization code", contextPath, data, body);
  }

  private static String step(String id, String label, String what, String style, boolean disabled) {
    return "<section class=\"step\">\n<p><button type=\"button\" id=\""
        + id
        + "\" class=\""
        + style
        + "\""
        + (disabled ? " disabled" : "")
        + ">"
        + label
        + "</button> <code>"
        + escape(what)
        + "</code></p>\n<p id=\""
        + id
        + "-status\" class=\"status\"></p>\n<pre id=\""
        + id
        + "-answer\" aria-live=\"polite\"></pre>\n</section>\n";
  }

  private String errorPage(Received received, String contextPath, String redirectUri) {
    String body =
        "<p class=\"lead\" role=\"alert\">The authorization endpoint sent the demo app an error"
            + " instead of a code (you clicked Deny, or the request was refused).</p>\n"
            + "<dl>\n"
            + "<dt>error</dt><dd><code id=\"error\">"
            + escape(received.error().orElseThrow())
            + "</code></dd>\n"
            + received
                .errorDescription()
                .map(
                    text ->
                        "<dt>error_description</dt><dd id=\"error-description\">"
                            + escape(text)
                            + "</dd>\n")
                .orElse("")
            + "<dt>state</dt><dd>"
            + state(received)
            + "</dd>\n"
            + "</dl>\n"
            + "<p>Start again:</p>\n"
            + startLink(contextPath, redirectUri);
    return page("No code: the app got an error", contextPath, "", body);
  }

  private static String state(Received received) {
    return received
        .state()
        .map(state -> "<code id=\"state\">" + escape(state) + "</code>")
        .orElse("<span id=\"state\" class=\"none\">(none sent)</span>");
  }

  /** A link to the authorization request the README's first example opens. */
  private String startLink(String contextPath, String redirectUri) {
    String url =
        contextPath
            + "/oauth/?response_type=code&client_id="
            + URLEncoder.encode(clientId, StandardCharsets.UTF_8)
            + "&redirect_uri="
            + URLEncoder.encode(redirectUri, StandardCharsets.UTF_8)
            + "&scope="
            + FIRST_SCOPES
            + "&state=first-token";
    return "<p><a id=\"start\" href=\""
        + escape(url)
        + "\">Sign in and allow the demo app</a></p>\n";
  }

  private static String page(String title, String contextPath, String mainData, String body) {
    String base = escape(contextPath);
    return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        + "<title>"
        + escape(title)
        + "</title>\n"
        + "<link rel=\"stylesheet\" href=\""
        + base
        + "/static/pinoauth.css\">\n"
        + "<link rel=\"stylesheet\" href=\""
        + base
        + "/dev/callback.css\">\n"
        + "<script src=\""
        + base
        + "/dev/callback.js\" defer></script>\n"
        + "</head>\n<body>\n<main class=\"card dev\" id=\"callback\" aria-labelledby=\"title\""
        + mainData
        + ">\n<p class=\"dev-badge\">Development run only</p>\n<h1 id=\"title\">"
        + escape(title)
        + "</h1>\n"
        + body
        + "</main>\n</body>\n</html>\n";
  }
}
