package org.pinoauth.clientauth;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.pinoauth.client.App;
import org.pinoauth.client.BasicCredentials;
import org.pinoauth.client.ClientCredentials;
import org.pinoauth.client.Secret;
import org.pinoauth.error.OAuthError;
import org.pinoauth.error.OAuthException;
import org.pinoauth.http.Collaborators;
import org.pinoauth.http.Form;
import org.pinoauth.http.FormFilter;
import org.pinoauth.http.RequestLog;

/**
 * Authenticates the app of a token, revocation or introspection request (CONTRACT §2.1) and hands
 * it to the servlet as {@link #app}. Exactly one method: HTTP Basic (scheme in any case, RFC 7617)
 * or {@code client_id} + {@code client_secret} in the body. A {@code client_id} alone in the body
 * beside Basic is allowed when it names the same app, as RFC 6749 §4.1.3 clients send it. A public
 * app sends its {@code client_id} alone in the body, and nothing else (CONTRACT §9).
 */
public final class ClientAuthFilter extends HttpFilter {
  private static final String APP = "org.pinoauth.app";

  private ClientAuthenticator authenticator;

  @Override
  public void init() {
    authenticator = Collaborators.get(getServletContext(), ClientAuthenticator.class);
  }

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    String address = request.getRemoteAddr();
    authenticator.requireNotLockedOut(address);
    List<String> headers = Collections.list(request.getHeaders("Authorization"));
    Form form = FormFilter.form(request);
    Optional<String> idAlone;
    ClientCredentials credentials = null;
    try {
      idAlone = idAlone(headers, form);
      if (idAlone.isEmpty()) {
        credentials = credentials(headers, form);
      }
    } catch (OAuthException malformed) {
      authenticator.recordMalformed(address);
      throw malformed;
    }
    App app =
        idAlone.isPresent()
            ? authenticator.authenticatePublic(idAlone.get(), address)
            : authenticator.authenticate(credentials, address);
    request.setAttribute(APP, app);
    RequestLog.recordAppId(request, app.clientId());
    chain.doFilter(request, response);
  }

  /** The app {@link ClientAuthFilter} authenticated for this request. */
  public static App app(HttpServletRequest request) {
    App app = (App) request.getAttribute(APP);
    if (app == null) {
      throw new IllegalStateException("ClientAuthFilter is not mapped in front of this servlet");
    }
    return app;
  }

  /**
   * The {@code client_id} of a request that presents nothing else: no Authorization header and no
   * {@code client_secret}. That is how a public app authenticates (CONTRACT §9); for any other app
   * {@link ClientAuthenticator#authenticatePublic} refuses it.
   *
   * @throws OAuthException {@code invalid_request} for a repeated parameter
   */
  static Optional<String> idAlone(List<String> authorizationHeaders, Form form) {
    if (!authorizationHeaders.isEmpty() || form.optional("client_secret").isPresent()) {
      return Optional.empty();
    }
    return form.optional("client_id").filter(id -> !id.isEmpty());
  }

  /**
   * The one set of credentials this request presents.
   *
   * @throws OAuthException {@code invalid_client} for none, both methods, or a malformed header
   */
  static ClientCredentials credentials(List<String> authorizationHeaders, Form form) {
    if (authorizationHeaders.size() > 1) {
      throw invalidClient("Send a single Authorization header.");
    }
    Optional<String> bodyId = form.optional("client_id");
    Optional<String> bodySecret = form.optional("client_secret");
    if (authorizationHeaders.isEmpty()) {
      if (bodyId.isEmpty() || bodySecret.isEmpty()) {
        throw invalidClient(
            "Authenticate the app with HTTP Basic, or with client_id and client_secret.");
      }
      if (bodyId.get().isEmpty()) {
        throw invalidClient("client_id must not be empty.");
      }
      return new ClientCredentials(bodyId.get(), new Secret(bodySecret.get()));
    }
    if (bodySecret.isPresent()) {
      throw invalidClient(
          "Use one client authentication method: HTTP Basic or the body, not both.");
    }
    ClientCredentials basic = BasicCredentials.parse(authorizationHeaders.get(0));
    if (bodyId.isPresent() && !bodyId.get().equals(basic.clientId())) {
      throw invalidClient("client_id in the body names another app than the Authorization header.");
    }
    return basic;
  }

  private static OAuthException invalidClient(String message) {
    return OAuthError.INVALID_CLIENT.exception(message);
  }
}
