package org.pinoauth.authorize;

import jakarta.servlet.ServletContext;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.pinoauth.scope.ScopeCatalog;
import org.pinoauth.store.Grant;

/**
 * Renders the connected-apps page {@code /oauth/apps} and its sign-in form: each app the user
 * authorized with its scopes in words (as on the consent page), when it was first authorized and
 * last used, to the hour, and a "Remove access" form. Every value from an app (its name, its
 * scopes) is text, escaped; the pages' headers are those of {@link Pages}.
 */
final class ConnectedAppsPages {
  private static final DateTimeFormatter HOUR =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:00 'UTC'").withZone(ZoneOffset.UTC);

  private final Template signIn;
  private final Template apps;
  private final String contextPath;
  private final ScopeCatalog catalog;

  ConnectedAppsPages(ServletContext context, ScopeCatalog catalog) {
    this.signIn = Template.load(context, "apps-sign-in.html");
    this.apps = Template.load(context, "apps.html");
    this.contextPath = context.getContextPath();
    this.catalog = catalog;
  }

  String signIn(String csrfToken, String username, Optional<String> failure) {
    Map<String, Object> values = new HashMap<>();
    values.put("base", contextPath);
    values.put("csrf", csrfToken);
    values.put("username", username);
    values.put(
        "failure",
        new Html(
            failure
                .map(text -> "<p class=\"failure\" role=\"alert\">" + Html.escape(text) + "</p>")
                .orElse("")));
    return signIn.render(values);
  }

  /**
   * The page of {@code user}: {@code grants} in order, a note when {@code more} were left off, and
   * {@code removed} (an app's name) when the user just removed one.
   */
  String apps(
      String csrfToken, String user, List<Grant> grants, boolean more, Optional<String> removed) {
    Map<String, Object> values = new HashMap<>();
    values.put("base", contextPath);
    values.put("csrf", csrfToken);
    values.put("username", user);
    values.put(
        "notice",
        new Html(
            removed
                .map(
                    app ->
                        "<p class=\"notice\" role=\"status\">Access removed for "
                            + Html.escape(app)
                            + ".</p>")
                .orElse("")));
    values.put("apps", list(csrfToken, grants, more));
    return apps.render(values);
  }

  private Html list(String csrfToken, List<Grant> grants, boolean more) {
    if (grants.isEmpty()) {
      return new Html("<p class=\"empty\">No app has access to your account.</p>");
    }
    StringBuilder out = new StringBuilder("<ul class=\"apps\">\n");
    for (Grant grant : grants) {
      out.append("<li class=\"app\">\n<h2>")
          .append(Html.escape(grant.appName()))
          .append("</h2>\n<ul class=\"scopes\">\n");
      for (String scope : grant.scopes().names()) {
        out.append("<li><span class=\"scope-words\">")
            .append(Html.escape(catalog.describe(scope).orElse(scope)))
            .append("</span> <code>")
            .append(Html.escape(scope))
            .append("</code></li>\n");
      }
      out.append("</ul>\n<p class=\"dates\">First authorized ")
          .append(hour(grant.firstAuthorizedAt()))
          .append(" · last used ")
          .append(grant.lastUsedAt().map(ConnectedAppsPages::hour).orElse("never"))
          .append("</p>\n<form method=\"post\" action=\"")
          .append(Html.escape(contextPath))
          .append("/oauth/apps\" class=\"remove\">\n<input type=\"hidden\" name=\"csrf\" value=\"")
          .append(Html.escape(csrfToken))
          .append("\">\n<input type=\"hidden\" name=\"client_id\" value=\"")
          .append(Html.escape(grant.clientId()))
          .append("\">\n<button type=\"submit\" name=\"action\" value=\"remove\"")
          .append(" class=\"secondary\">Remove access</button>\n</form>\n</li>\n");
    }
    out.append("</ul>");
    if (more) {
      out.append("\n<p class=\"more\">Only the first ")
          .append(grants.size())
          .append(" apps are shown; remove some to see the rest.</p>");
    }
    return new Html(out.toString());
  }

  /** To the hour: last use is kept to the hour, and so first authorization is shown. */
  private static String hour(Instant instant) {
    return HOUR.format(instant.truncatedTo(ChronoUnit.HOURS));
  }
}
