package org.pinoauth.authorize;

import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.pinoauth.http.Form;
import org.pinoauth.http.NoStore;
import org.pinoauth.scope.ScopeCatalog;
import org.pinoauth.scope.Scopes;

/**
 * Renders the sign-in, consent and error pages with the headers CONTRACT §5 requires of every page:
 * no framing ({@code X-Frame-Options}, CSP {@code frame-ancestors}), no caching, no referrer.
 */
final class Pages {
  // No form-action: browsers apply it to the redirect after Allow, which goes to the app.
  private static final String CSP =
      "default-src 'none'; style-src 'self'; img-src 'self'; frame-ancestors 'none';"
          + " base-uri 'none'";

  private final Template signIn;
  private final Template consent;
  private final Template error;
  private final String contextPath;
  private final ScopeCatalog catalog;

  Pages(ServletContext context, ScopeCatalog catalog) {
    this.signIn = Template.load(context, "sign-in.html");
    this.consent = Template.load(context, "consent.html");
    this.error = Template.load(context, "error.html");
    this.contextPath = context.getContextPath();
    this.catalog = catalog;
  }

  void signIn(
      HttpServletResponse response,
      int status,
      AuthorizationRequest request,
      Form original,
      String csrfToken,
      String username,
      String failure)
      throws IOException {
    Map<String, Object> values = common(request, original, csrfToken);
    values.put("username", username);
    values.put(
        "failure",
        failure == null
            ? new Html("")
            : new Html("<p class=\"failure\" role=\"alert\">" + Html.escape(failure) + "</p>"));
    write(response, status, signIn.render(values));
  }

  void consent(
      HttpServletResponse response,
      AuthorizationRequest request,
      Form original,
      String csrfToken,
      String username,
      Scopes alreadyApproved)
      throws IOException {
    Map<String, Object> values = common(request, original, csrfToken);
    values.put("username", username);
    values.put("scopes", scopeList(request.scopes(), alreadyApproved));
    write(response, 200, consent.render(values));
  }

  void error(HttpServletResponse response, int status, String message) throws IOException {
    write(response, status, error.render(Map.of("message", message, "base", contextPath)));
  }

  private Map<String, Object> common(
      AuthorizationRequest request, Form original, String csrfToken) {
    Map<String, Object> values = new HashMap<>();
    values.put("base", contextPath);
    values.put("appName", request.app().name());
    values.put("csrf", csrfToken);
    values.put("hidden", hiddenFields(original));
    return values;
  }

  /** The authorization request's own parameters, carried through the form as it came. */
  private static Html hiddenFields(Form original) {
    StringBuilder out = new StringBuilder();
    for (String name : AuthorizationRequest.PARAMETERS) {
      original
          .optional(name)
          .ifPresent(
              value ->
                  out.append("<input type=\"hidden\" name=\"")
                      .append(name)
                      .append("\" value=\"")
                      .append(Html.escape(value))
                      .append("\">\n"));
    }
    return new Html(out.toString());
  }

  private Html scopeList(Scopes requested, Scopes alreadyApproved) {
    StringBuilder out = new StringBuilder("<ul class=\"scopes\">\n");
    for (String scope : requested.names()) {
      boolean approved = alreadyApproved.contains(scope);
      out.append("<li")
          .append(approved ? " class=\"approved\"" : "")
          .append("><span class=\"scope-words\">")
          .append(Html.escape(catalog.describe(scope).orElse(scope)))
          .append("</span> <code>")
          .append(Html.escape(scope))
          .append("</code>")
          .append(approved ? " <span class=\"badge\">already allowed</span>" : "")
          .append("</li>\n");
    }
    return new Html(out.append("</ul>").toString());
  }

  static void write(HttpServletResponse response, int status, String html) throws IOException {
    byte[] bytes = html.getBytes(StandardCharsets.UTF_8);
    response.setStatus(status);
    response.setContentType("text/html;charset=UTF-8");
    securityHeaders(response);
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
  }

  static void securityHeaders(HttpServletResponse response) {
    response.setHeader("X-Frame-Options", "DENY");
    response.setHeader("Content-Security-Policy", CSP);
    NoStore.setWithPragma(response);
    response.setHeader("Referrer-Policy", "no-referrer");
    response.setHeader("X-Content-Type-Options", "nosniff");
  }
}
