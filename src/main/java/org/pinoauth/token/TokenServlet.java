package org.pinoauth.token;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.pinoauth.client.App;
import org.pinoauth.clientauth.ClientAuthFilter;
import org.pinoauth.error.OAuthError;
import org.pinoauth.http.Collaborators;
import org.pinoauth.http.FormFilter;
import org.pinoauth.http.Json;

/**
 * {@code POST /v5/oauth/token} (CONTRACT §2): parse → authenticate → dispatch → render. The filters
 * in front of it have checked method, media type and size, parsed the form and authenticated the
 * app; this servlet picks the grant and writes its answer.
 */
public final class TokenServlet extends HttpServlet {
  private Grants grants;
  private TokenIssued issued;

  @Override
  public void init() {
    grants = Collaborators.get(getServletContext(), Grants.class);
    issued = Collaborators.get(getServletContext(), TokenIssued.class);
  }

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    TokenRequest tokenRequest = TokenRequest.parse(FormFilter.form(request));
    App app = ClientAuthFilter.app(request);
    if (!app.allows(tokenRequest.grantType())) {
      throw OAuthError.UNAUTHORIZED_CLIENT.exception(
          "This app is not registered for grant_type " + tokenRequest.grantType().wireName() + ".");
    }
    TokenResponse answer = grants.of(tokenRequest.grantType()).handle(tokenRequest, app);
    Json.write(response, HttpServletResponse.SC_OK, answer);
    issued.tokenIssued(tokenRequest.grantType());
  }
}
