package org.pinoauth.admin;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import org.pinoauth.error.OAuthError;
import org.pinoauth.http.Collaborators;
import org.pinoauth.realm.RealmBasicLogin;

/**
 * Guards the admin API (CONTRACT §6): HTTP Basic checked against the container's realm, role {@code
 * pinoauth-admin}, by {@link RealmBasicLogin}, so that every refusal is pinoauth's JSON and
 * guessing operator passwords meets the same lockouts and slowdown as sign-in. Mapped for the
 * {@code ASYNC} dispatch too: a request the slowdown put aside comes back through here. A path
 * under {@code /admin/} that the API does not serve is a 404 before any password is checked: it
 * would otherwise be a way round the slowdown, and reach a container servlet that cannot wait
 * without holding its thread.
 */
public final class AdminAuthFilter extends HttpFilter {
  static final String ADMIN_ROLE = "pinoauth-admin";

  /** The admin API's servlets, by their web.xml names. */
  private static final Set<String> API_SERVLETS = Set.of("adminApps", "adminUserGrants");

  private RealmBasicLogin login;

  @Override
  public void init() {
    login = Collaborators.get(getServletContext(), RealmBasicLogin.class);
  }

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    HttpServletMapping mapping = request.getHttpServletMapping();
    if (mapping == null || !API_SERVLETS.contains(mapping.getServletName())) {
      throw OAuthError.NOT_FOUND.exception();
    }
    if (!login.login(request, response, ADMIN_ROLE)) {
      return; // Waiting before the password is checked; the ASYNC dispatch comes back here.
    }
    try {
      chain.doFilter(request, response);
    } finally {
      request.logout();
    }
  }
}
