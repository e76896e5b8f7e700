package org.pinoauth.metadata;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.pinoauth.config.Config;
import org.pinoauth.http.BaseUrl;
import org.pinoauth.http.Collaborators;
import org.pinoauth.http.GetOnlyServlet;
import org.pinoauth.http.Json;

/**
 * {@code GET /.well-known/oauth-authorization-server} (RFC 8414). The issuer is the {@code issuer}
 * setting when set (it should be, behind a proxy), else the URL this request came to, up to the
 * context path. Any page may read it ({@code Access-Control-Allow-Origin: *}, CONTRACT §9): it is
 * public, and browser apps discover the endpoints from it.
 */
public final class MetadataServlet extends GetOnlyServlet {
  private Optional<String> configuredIssuer;
  private List<String> scopes;
  private boolean issOnRedirects;

  @Override
  public void init() {
    Config config = Collaborators.get(getServletContext(), Config.class);
    configuredIssuer = config.issuer();
    scopes = List.copyOf(config.scopes().all().names());
    issOnRedirects = config.authorizationIss();
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String issuer = BaseUrl.of(request, configuredIssuer);
    response.setHeader("Access-Control-Allow-Origin", "*");
    Json.write(
        response, HttpServletResponse.SC_OK, ServerMetadata.of(issuer, scopes, issOnRedirects));
  }
}
