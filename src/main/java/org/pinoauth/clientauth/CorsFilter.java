package org.pinoauth.clientauth;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.pinoauth.client.AllowedOrigin;
import org.pinoauth.client.BasicCredentials;
import org.pinoauth.error.OAuthException;
import org.pinoauth.http.Collaborators;
import org.pinoauth.http.Form;
import org.pinoauth.http.FormFilter;
import org.pinoauth.http.RequestBody;
import org.pinoauth.store.AppStore;
import org.pinoauth.store.StoreException;

/**
 * CORS for the token and revocation endpoints (CONTRACT §9), mapped in front of the form and
 * client-authentication filters. A preflight names no app, so it is answered here with 204, never
 * reaching client authentication or its failure counters, and allowed when any app registered the
 * origin. Any other request's answer, success or error, lets the origin read it only when the
 * request's {@code client_id} registered that origin: the decision is taken just before the answer
 * is written, when {@link FormFilter} has parsed the body (or failed to). Every answer carries
 * {@code Vary: Origin}; none carries {@code Access-Control-Allow-Credentials}, since these
 * endpoints take no cookies.
 */
public final class CorsFilter extends HttpFilter {
  static final String ALLOW_ORIGIN = "Access-Control-Allow-Origin";

  private AppStore apps;

  @Override
  public void init() {
    apps = Collaborators.get(getServletContext(), AppStore.class);
  }

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    response.setHeader("Vary", "Origin");
    Optional<String> origin = AllowedOrigin.ofHeader(request.getHeader("Origin"));
    if (isPreflight(request)) {
      if (origin.isPresent() && apps.anyAllowsOrigin(origin.get())) {
        response.setHeader(ALLOW_ORIGIN, origin.get());
        response.setHeader("Access-Control-Allow-Methods", "POST");
        response.setHeader("Access-Control-Allow-Headers", "Authorization, Content-Type");
        response.setHeader("Access-Control-Max-Age", "600");
      }
      RequestBody.answerWithoutReading(
          request, response, () -> response.setStatus(HttpServletResponse.SC_NO_CONTENT));
      return;
    }
    if (origin.isEmpty()) {
      chain.doFilter(request, response);
      return;
    }
    OriginOfApp answer = new OriginOfApp(request, response, origin.get());
    try {
      chain.doFilter(request, answer);
    } finally {
      // An OAuthException thrown behind this filter is written by RequestIdFilter, in front of it:
      // the header goes on now, before that answer is written.
      answer.allowIfRegistered();
    }
  }

  private static boolean isPreflight(HttpServletRequest request) {
    return "OPTIONS".equals(request.getMethod())
        && request.getHeader("Origin") != null
        && request.getHeader("Access-Control-Request-Method") != null;
  }

  /**
   * The app the request names, read as the client-auth filter reads it, without judging it: the
   * single Authorization header's Basic id, else the body's {@code client_id}.
   */
  static Optional<String> clientId(List<String> authorizationHeaders, Optional<Form> form) {
    if (!authorizationHeaders.isEmpty()) {
      if (authorizationHeaders.size() > 1) {
        return Optional.empty();
      }
      try {
        return Optional.of(BasicCredentials.parse(authorizationHeaders.get(0)).clientId());
      } catch (OAuthException malformed) {
        return Optional.empty();
      }
    }
    try {
      return form.flatMap(body -> body.optional("client_id"));
    } catch (OAuthException repeated) {
      return Optional.empty();
    }
  }

  /** Adds the allow header, once, before the first byte of the answer can leave. */
  private final class OriginOfApp extends HttpServletResponseWrapper {
    private final HttpServletRequest request;
    private final String origin;
    private boolean decided;

    OriginOfApp(HttpServletRequest request, HttpServletResponse response, String origin) {
      super(response);
      this.request = request;
      this.origin = origin;
    }

    void allowIfRegistered() {
      if (decided || isCommitted()) {
        return;
      }
      decided = true;
      Optional<String> clientId =
          clientId(
              Collections.list(request.getHeaders("Authorization")), FormFilter.parsed(request));
      try {
        if (clientId.isPresent() && apps.allowsOrigin(clientId.get(), origin)) {
          setHeader(ALLOW_ORIGIN, origin);
        }
      } catch (StoreException unavailable) {
        // The answer (perhaps this very outage's 503) still goes out; unreadable to the page.
      }
    }

    @Override
    public PrintWriter getWriter() throws IOException {
      allowIfRegistered();
      return super.getWriter();
    }

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
      allowIfRegistered();
      return super.getOutputStream();
    }

    @Override
    public void flushBuffer() throws IOException {
      allowIfRegistered();
      super.flushBuffer();
    }

    @Override
    public void sendError(int status) throws IOException {
      allowIfRegistered();
      super.sendError(status);
    }

    @Override
    public void sendError(int status, String message) throws IOException {
      allowIfRegistered();
      super.sendError(status, message);
    }

    @Override
    public void sendRedirect(String location) throws IOException {
      allowIfRegistered();
      super.sendRedirect(location);
    }
  }
}
