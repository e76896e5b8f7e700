package org.pinoauth.introspect;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.pinoauth.clientauth.ClientAuthFilter;
import org.pinoauth.error.OAuthError;
import org.pinoauth.http.Collaborators;
import org.pinoauth.http.Form;
import org.pinoauth.http.FormFilter;
import org.pinoauth.http.Json;

/**
 * {@code POST /v5/oauth/introspect} (CONTRACT §4, RFC 7662), client-authenticated by the filters in
 * front of it like the token endpoint. A public app is refused: it is no resource server.
 */
public final class IntrospectServlet extends HttpServlet {
  private TokenIntrospection introspection;

  @Override
  public void init() {
    introspection = Collaborators.get(getServletContext(), TokenIntrospection.class);
  }

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    if (ClientAuthFilter.app(request).isPublic()) {
      // Introspection is for resource servers, which hold a secret (CONTRACT §9).
      throw OAuthError.INVALID_CLIENT.exception("A public app may not introspect tokens.");
    }
    Form form = FormFilter.form(request);
    IntrospectionResponse answer =
        introspection.introspect(form.required("token"), form.optional("token_type_hint"));
    Json.write(response, HttpServletResponse.SC_OK, answer);
  }
}
