package org.pinoauth.realm;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Collections;
import java.util.List;
import org.pinoauth.client.BasicCredentials;
import org.pinoauth.client.ClientCredentials;
import org.pinoauth.error.OAuthError;
import org.pinoauth.error.OAuthException;
import org.pinoauth.http.RequestDelays;
import org.pinoauth.limit.Lockouts;
import org.pinoauth.limit.SignInSlowdown;

/**
 * HTTP Basic credentials of a person (an operator of the admin API, a scraper of {@code /metrics})
 * checked against the container's realm with {@link HttpServletRequest#login}, under the sign-in
 * lockouts and slowdown of {@code /oauth/} (CONTRACT §2.6), then for a role. Done by pinoauth
 * rather than by a {@code security-constraint} so that every refusal is pinoauth's JSON with an
 * {@code x-pinterest-rid} on every container (Jetty 12 answers a constraint's failures with its own
 * pages, and a malformed Basic header with a 500). Any realm the container offers works.
 */
public final class RealmBasicLogin {
  private final Lockouts lockouts;
  private final SignInSlowdown slowdown;
  private final RequestDelays delays;

  public RealmBasicLogin(Lockouts lockouts, SignInSlowdown slowdown, RequestDelays delays) {
    this.lockouts = lockouts;
    this.slowdown = slowdown;
    this.delays = delays;
  }

  /**
   * Logs the request's user in and checks that it has {@code role}. Returns false when the request
   * was put aside to wait before its password is checked ({@link RequestDelays#putAside}): the
   * caller returns at once and is called again for it. After true, the caller logs the user out
   * when it is done.
   *
   * @throws OAuthException 429 {@code slow_down} while locked out, 401 without credentials or with
   *     wrong ones, 403 for a user without {@code role}
   */
  public boolean login(HttpServletRequest request, HttpServletResponse response, String role) {
    String address = request.getRemoteAddr();
    lockouts
        .lockedFor(null, address)
        .ifPresent(
            remaining -> {
              throw Lockouts.slowDown(remaining);
            });
    ClientCredentials user = credentials(Collections.list(request.getHeaders("Authorization")));
    String username = user.clientId();
    lockouts
        .lockedFor(username, address)
        .ifPresent(
            remaining -> {
              throw Lockouts.slowDown(remaining);
            });
    if (delays.putAside(request, response, slowdown.delayFor(username, address))) {
      return false;
    }
    // Parallel guesses get no more tries than sequential ones; an address this user signed in
    // from before (a script calling in parallel) is not held to it.
    boolean bounded = !slowdown.isKnown(username, address);
    if (bounded) {
      lockouts
          .beginCheck(username, address)
          .ifPresent(
              remaining -> {
                throw Lockouts.slowDown(remaining);
              });
    }
    boolean failed = true;
    try {
      request.login(username, user.secret().reveal());
      failed = false;
    } catch (ServletException wrongCredentials) {
      slowdown.recordFailure(username);
      throw unauthenticated("The username or password is wrong.");
    } finally {
      if (bounded) {
        lockouts.endCheck(username, address, failed);
      } else if (failed) {
        lockouts.recordFailure(username, address);
      }
    }
    slowdown.recordSuccess(username, address);
    if (!request.isUserInRole(role)) {
      logoutQuietly(request);
      throw OAuthError.ACCESS_DENIED.exception("This user lacks the role " + role + ".");
    }
    return true;
  }

  private static ClientCredentials credentials(List<String> authorization) {
    if (authorization.size() != 1) {
      throw unauthenticated("Authenticate with HTTP Basic: one Authorization header.");
    }
    try {
      return BasicCredentials.parseUser(authorization.get(0));
    } catch (OAuthException malformed) {
      throw unauthenticated(malformed.getMessage());
    }
  }

  private static void logoutQuietly(HttpServletRequest request) {
    try {
      request.logout();
    } catch (ServletException ignored) {
      // Nothing was established worth undoing.
    }
  }

  private static OAuthException unauthenticated(String message) {
    return OAuthError.UNAUTHENTICATED.exception(message);
  }
}
