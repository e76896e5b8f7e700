package org.pinoauth.introspect;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.pinoauth.boot.Pinoauth;
import org.pinoauth.http.Form;
import org.pinoauth.http.FormFilter;
import org.pinoauth.http.Json;

/**
 * {@code POST /v5/oauth/introspect} (CONTRACT §4, RFC 7662), client-authenticated by the filters in
 * front of it like the token endpoint.
 */
public final class IntrospectServlet extends HttpServlet {
  private TokenIntrospection introspection;

  @Override
  public void init() {
    Pinoauth pinoauth = Pinoauth.from(getServletContext());
    introspection =
        new TokenIntrospection(pinoauth.accessTokens(), pinoauth.tokens(), pinoauth.clock());
  }

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    Form form = FormFilter.form(request);
    IntrospectionResponse answer =
        introspection.introspect(form.required("token"), form.optional("token_type_hint"));
    Json.write(response, HttpServletResponse.SC_OK, answer);
  }
}
