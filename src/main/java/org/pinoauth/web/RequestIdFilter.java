package org.pinoauth.web;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.pinoauth.error.ErrorWriter;
import org.pinoauth.error.OAuthError;
import org.pinoauth.error.OAuthException;
import org.pinoauth.metrics.Metrics;
import org.pinoauth.store.StoreUnavailableException;

/**
 * The outermost filter: gives every request its {@code x-pinterest-rid} (CONTRACT §2.5), turns
 * whatever escaped the endpoints into a JSON error (an {@link OAuthException} as itself, a store
 * outage as 503, anything else as a logged 500 without a stack trace on the wire) and writes the
 * access log line. It also runs on the error dispatch of a request the container refused before any
 * filter ran (an unknown path's 404, a bad request), so that answer has an id and a log line too.
 */
public final class RequestIdFilter extends HttpFilter {
  private static final Logger LOG = System.getLogger(RequestIdFilter.class.getName());
  private static final Set<String> OWN_SERVLETS =
      Set.of(
          "token",
          "revoke",
          "introspect",
          "userAccount",
          "metadata",
          "authorize",
          "adminApps",
          "health",
          "metrics",
          "openapi",
          "error");

  private Metrics metrics;

  @Override
  public void init() {
    metrics = Pinoauth.from(getServletContext()).metrics();
  }

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (request.getDispatcherType() == DispatcherType.ERROR
        && request.getAttribute(RequestLog.REQUEST_ID) != null) {
      chain.doFilter(request, response); // This request already has its id and its log line.
      return;
    }
    long start = System.nanoTime();
    String requestId = newRequestId();
    request.setAttribute(RequestLog.REQUEST_ID, requestId);
    response.setHeader(RequestLog.REQUEST_ID_HEADER, requestId);
    try {
      chain.doFilter(request, response);
    } catch (OAuthException e) {
      ErrorWriter.write(request, response, e);
    } catch (StoreUnavailableException e) {
      LOG.log(Level.WARNING, "rid=" + requestId + " store unavailable: " + e.getMessage());
      ErrorWriter.write(request, response, OAuthError.TEMPORARILY_UNAVAILABLE.exception());
    } catch (RuntimeException | ServletException e) {
      LOG.log(Level.ERROR, "rid=" + requestId + " unexpected failure", e);
      ErrorWriter.write(request, response, OAuthError.SERVER_ERROR.exception());
    } finally {
      long nanos = System.nanoTime() - start;
      String endpoint = endpoint(request);
      // Meters first: whoever has read a request's log line then finds it counted too.
      if (metrics != null) {
        metrics.recordRequest(endpoint, response.getStatus(), RequestLog.error(request), nanos);
      }
      RequestLog.write(request, endpoint, response.getStatus(), nanos);
    }
  }

  /** The servlet that answered, by its web.xml name; "other" for the container's own. */
  private static String endpoint(HttpServletRequest request) {
    HttpServletMapping mapping = request.getHttpServletMapping();
    String name = mapping == null ? null : mapping.getServletName();
    return name == null || !OWN_SERVLETS.contains(name) ? "other" : name;
  }

  private static String newRequestId() {
    // A correlation id, not a secret: a fast non-cryptographic source is enough.
    return HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
  }
}
