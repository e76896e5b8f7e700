package org.pinoauth.admin;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.List;
import org.pinoauth.client.BasicCredentials;
import org.pinoauth.client.ClientCredentials;
import org.pinoauth.error.OAuthError;
import org.pinoauth.error.OAuthException;
import org.pinoauth.limit.Lockouts;
import org.pinoauth.web.Pinoauth;

/**
 * Guards the admin API (CONTRACT §6): HTTP Basic checked against the container's realm with {@link
 * HttpServletRequest#login}, role {@code pinoauth-admin}. Done here rather than by a {@code
 * security-constraint} so that every refusal is pinoauth's JSON with an {@code x-pinterest-rid} on
 * every container (Jetty 12 answers a constraint's failures with its own pages, and a malformed
 * Basic header with a 500), and so that guessing operator passwords meets the same lockouts as
 * sign-in. Any realm the container offers (file, database, LDAP) works as before.
 */
public final class AdminAuthFilter extends HttpFilter {
  static final String ADMIN_ROLE = "pinoauth-admin";

  private Lockouts lockouts;

  @Override
  public void init() {
    lockouts = Pinoauth.from(getServletContext()).signInLockouts();
  }

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    String address = request.getRemoteAddr();
    lockouts
        .lockedFor(null, address)
        .ifPresent(
            remaining -> {
              throw Lockouts.slowDown(remaining);
            });
    ClientCredentials operator = operator(Collections.list(request.getHeaders("Authorization")));
    lockouts
        .lockedFor(operator.clientId(), address)
        .ifPresent(
            remaining -> {
              throw Lockouts.slowDown(remaining);
            });
    try {
      request.login(operator.clientId(), operator.secret().reveal());
    } catch (ServletException wrongCredentials) {
      lockouts.recordFailure(operator.clientId(), address);
      throw unauthenticated("The username or password is wrong.");
    }
    try {
      if (!request.isUserInRole(ADMIN_ROLE)) {
        throw OAuthError.ACCESS_DENIED.exception("This user lacks the role " + ADMIN_ROLE + ".");
      }
      chain.doFilter(request, response);
    } finally {
      request.logout();
    }
  }

  private static ClientCredentials operator(List<String> authorization) {
    if (authorization.size() != 1) {
      throw unauthenticated("Authenticate with HTTP Basic: one Authorization header.");
    }
    try {
      return BasicCredentials.parseUser(authorization.get(0));
    } catch (OAuthException malformed) {
      throw unauthenticated(malformed.getMessage());
    }
  }

  private static OAuthException unauthenticated(String message) {
    return OAuthError.UNAUTHENTICATED.exception(message);
  }
}
