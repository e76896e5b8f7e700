package org.pinoauth.metadata;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.pinoauth.web.GetOnlyServlet;
import org.pinoauth.web.Json;
import org.pinoauth.web.Pinoauth;

/**
 * {@code GET /.well-known/oauth-authorization-server} (RFC 8414). The issuer is the {@code issuer}
 * setting when set (it should be, behind a proxy), else the URL this request came to, up to the
 * context path.
 */
public final class MetadataServlet extends GetOnlyServlet {
  private Optional<String> configuredIssuer;
  private List<String> scopes;

  @Override
  public void init() {
    Pinoauth pinoauth = Pinoauth.from(getServletContext());
    configuredIssuer = pinoauth.config().issuer().map(MetadataServlet::withoutTrailingSlash);
    scopes = List.copyOf(pinoauth.config().scopes().all().names());
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String issuer = configuredIssuer.orElseGet(() -> requestIssuer(request));
    Json.write(response, HttpServletResponse.SC_OK, ServerMetadata.of(issuer, scopes));
  }

  private static String requestIssuer(HttpServletRequest request) {
    StringBuffer url = request.getRequestURL();
    return url.substring(0, url.length() - request.getRequestURI().length())
        + request.getContextPath();
  }

  private static String withoutTrailingSlash(String issuer) {
    return issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
  }
}
