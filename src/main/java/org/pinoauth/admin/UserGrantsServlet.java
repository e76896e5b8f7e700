package org.pinoauth.admin;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.pinoauth.audit.AuditLog;
import org.pinoauth.config.Config;
import org.pinoauth.error.OAuthError;
import org.pinoauth.error.OAuthException;
import org.pinoauth.http.BaseUrl;
import org.pinoauth.http.Collaborators;
import org.pinoauth.http.NoStore;
import org.pinoauth.store.Grant;
import org.pinoauth.store.GrantRemoval;
import org.pinoauth.store.GrantStore;

/**
 * People's grants in the admin API (CONTRACT §6), behind the same filters as {@link AppsServlet}
 * (role {@code pinoauth-admin}; JSON content type and same-origin on DELETE). The username is the
 * path segment as the container decoded it, once; a username with {@code /} cannot be named in a
 * path (containers refuse an encoded slash), which docs/protocol.md says. Each removal is written
 * to the audit log with the operator, the user, the app and the families revoked.
 *
 * <pre>
 * GET    /admin/users/{username}/grants              the user's grants, paged
 * DELETE /admin/users/{username}/grants/{client_id}  remove one; 204, 404 when there is none
 * DELETE /admin/users/{username}/grants              remove all of them; 204
 * </pre>
 */
public final class UserGrantsServlet extends HttpServlet {
  static final String KIND = "user-grants";

  private GrantStore grants;
  private AuditLog audit;
  private Optional<String> issuer;

  @Override
  public void init() {
    grants = Collaborators.get(getServletContext(), GrantStore.class);
    audit = Collaborators.get(getServletContext(), AuditLog.class);
    issuer = Collaborators.get(getServletContext(), Config.class).issuer();
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String info = request.getPathInfo();
    String[] path = info == null ? new String[0] : info.substring(1).split("/", -1);
    // No username or client id holds a control character, and PostgreSQL refuses a NUL in text.
    if (path.length < 2
        || path[0].isEmpty()
        || !path[1].equals("grants")
        || info.chars().anyMatch(Character::isISOControl)) {
      throw OAuthError.NOT_FOUND.exception();
    }
    String username = path[0];
    String method = request.getMethod();
    if (path.length == 2) {
      switch (method) {
        case "GET" -> list(request, response, username);
        case "DELETE" -> removeAll(request, response, username);
        default -> throw notAllowed("GET, DELETE");
      }
    } else if (path.length == 3 && !path[2].isEmpty()) {
      if (!method.equals("DELETE")) {
        throw notAllowed("DELETE");
      }
      remove(request, response, username, path[2]);
    } else {
      throw OAuthError.NOT_FOUND.exception();
    }
  }

  private void list(HttpServletRequest request, HttpServletResponse response, String username)
      throws IOException {
    Paging paging =
        Paging.parse(
            KIND, request.getParameterValues("limit"), request.getParameterValues("cursor"));
    String url = BaseUrl.of(request, issuer) + "/admin/users/" + segment(username) + "/grants";
    PageWriter.write(
        response,
        grants.ofUser(username, paging.after(), paging.limit() + 1),
        paging,
        KIND,
        url,
        Grant::clientId,
        GrantView::of);
  }

  private void remove(
      HttpServletRequest request, HttpServletResponse response, String username, String clientId) {
    GrantRemoval removal = grants.remove(username, clientId);
    if (removal.isEmpty()) {
      throw OAuthError.NOT_FOUND.exception("That user has no grant of that app.");
    }
    audit.grantRemoved(
        request.getRemoteAddr(), request.getRemoteUser(), username, clientId, removal.families());
    noContent(response);
  }

  private void removeAll(
      HttpServletRequest request, HttpServletResponse response, String username) {
    GrantRemoval removal = grants.removeAll(username);
    for (Map.Entry<String, Integer> app : removal.familiesByApp().entrySet()) {
      audit.grantRemoved(
          request.getRemoteAddr(), request.getRemoteUser(), username, app.getKey(), app.getValue());
    }
    audit.grantsRemovedAll(
        request.getRemoteAddr(),
        request.getRemoteUser(),
        username,
        !removal.isEmpty(),
        removal.familiesByApp().size(),
        removal.families());
    noContent(response);
  }

  private static void noContent(HttpServletResponse response) {
    response.setStatus(HttpServletResponse.SC_NO_CONTENT);
    NoStore.set(response);
  }

  /** {@code value} as one path segment: percent-encoded UTF-8, a space as {@code %20}. */
  static String segment(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static OAuthException notAllowed(String allow) {
    return OAuthError.METHOD_NOT_ALLOWED
        .exception("This address answers " + allow + ".")
        .withHeader("Allow", allow);
  }
}
