package org.pinoauth.revoke;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.pinoauth.clientauth.ClientAuthFilter;
import org.pinoauth.http.Collaborators;
import org.pinoauth.http.Form;
import org.pinoauth.http.FormFilter;
import org.pinoauth.http.NoStore;

/**
 * {@code POST /v5/oauth/token/revoke} (CONTRACT §3): 200 with an empty body when the token was
 * revoked or is unknown. The filters in front check the request and authenticate the app.
 */
public final class RevokeServlet extends HttpServlet {
  private TokenRevocation revocation;

  @Override
  public void init() {
    revocation = Collaborators.get(getServletContext(), TokenRevocation.class);
  }

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response) {
    Form form = FormFilter.form(request);
    revocation.revoke(
        ClientAuthFilter.app(request), form.required("token"), form.optional("token_type_hint"));
    response.setStatus(HttpServletResponse.SC_OK);
    NoStore.setWithPragma(response);
    response.setContentLength(0);
  }
}
