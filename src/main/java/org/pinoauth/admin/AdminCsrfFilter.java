package org.pinoauth.admin;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.pinoauth.config.Config;
import org.pinoauth.error.OAuthError;
import org.pinoauth.http.BaseUrl;
import org.pinoauth.http.Collaborators;

/**
 * Keeps other sites from driving the admin API with an operator's browser, which keeps Basic
 * credentials and sends them with any request a page makes (CONTRACT §6). A POST, PATCH or DELETE
 * is refused with 403 when its {@code Origin} is present and not the server's own (the {@code
 * issuer} setting's origin, else the request's, see {@link BaseUrl}) or its {@code Sec-Fetch-Site}
 * is {@code cross-site}; then with 415 unless it says {@code Content-Type: application/json}, body
 * or not, which a page can send to another site only after a CORS preflight that pinoauth never
 * grants (every other method but GET and HEAD needs one too). Mapped before {@link
 * AdminAuthFilter}, so a refused request's credentials are neither tried nor counted as a failure.
 */
public final class AdminCsrfFilter extends HttpFilter {
  private static final Set<String> CHANGING_METHODS = Set.of("POST", "PATCH", "DELETE");
  private static final String JSON = "application/json";

  private Optional<String> configuredIssuer;

  @Override
  public void init() {
    configuredIssuer = Collaborators.get(getServletContext(), Config.class).issuer();
  }

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (CHANGING_METHODS.contains(request.getMethod())) {
      if (isFromAnotherSite(request)) {
        throw OAuthError.ACCESS_DENIED.exception(
            "The admin API refuses requests sent from another site's page.");
      }
      if (!isJson(Collections.list(request.getHeaders("Content-Type")))) {
        throw OAuthError.UNSUPPORTED_MEDIA_TYPE.exception(
            "Send Content-Type: application/json with every POST, PATCH and DELETE to the admin"
                + " API, also without a body.");
      }
    }
    chain.doFilter(request, response);
  }

  private boolean isFromAnotherSite(HttpServletRequest request) {
    for (String site : Collections.list(request.getHeaders("Sec-Fetch-Site"))) {
      if (site.trim().equalsIgnoreCase("cross-site")) {
        return true;
      }
    }
    List<String> origins = Collections.list(request.getHeaders("Origin"));
    if (origins.isEmpty()) {
      return false; // not from a browser, or a browser that sends no Origin on this request
    }
    Optional<Origin> own = Origin.ofUrl(BaseUrl.of(request, configuredIssuer));
    return origins.size() != 1 || own.isEmpty() || !own.equals(Origin.ofHeader(origins.get(0)));
  }

  /**
   * Whether the only {@code Content-Type} header names JSON (parameters such as charset allowed).
   */
  static boolean isJson(List<String> contentTypes) {
    if (contentTypes.size() != 1) {
      return false;
    }
    String type = contentTypes.get(0);
    int semicolon = type.indexOf(';');
    String mediaType = semicolon < 0 ? type : type.substring(0, semicolon);
    return mediaType.trim().toLowerCase(Locale.ROOT).equals(JSON);
  }
}
