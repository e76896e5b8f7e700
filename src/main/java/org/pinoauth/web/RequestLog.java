package org.pinoauth.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * The access log: one line per request keyed by its {@code x-pinterest-rid}, written through the
 * JDK's {@link System.Logger} so every container's logging picks it up. What goes in it is chosen
 * here and only here: request id, method, path, endpoint, status, app id, latency and the OAuth
 * error with its client-safe message. Never a parameter value, header value, token, code or secret.
 */
public final class RequestLog {
  public static final String REQUEST_ID_HEADER = "x-pinterest-rid";

  static final String REQUEST_ID = "org.pinoauth.requestId";
  private static final String APP_ID = "org.pinoauth.log.appId";
  private static final String ERROR = "org.pinoauth.log.error";
  private static final String ERROR_MESSAGE = "org.pinoauth.log.errorMessage";
  private static final Logger LOG = System.getLogger("org.pinoauth.access");

  private RequestLog() {}

  public static String requestId(HttpServletRequest request) {
    return (String) request.getAttribute(REQUEST_ID);
  }

  /** Names the app the request authenticated as, for its log line. */
  public static void recordAppId(HttpServletRequest request, String clientId) {
    request.setAttribute(APP_ID, clientId);
  }

  /** Notes the OAuth error answered; {@code message} must be client-safe (it was shown anyway). */
  public static void recordError(HttpServletRequest request, String error, String message) {
    request.setAttribute(ERROR, error);
    request.setAttribute(ERROR_MESSAGE, message);
  }

  /** The OAuth error this request answered, or null. */
  static String error(HttpServletRequest request) {
    return (String) request.getAttribute(ERROR);
  }

  static void write(HttpServletRequest request, String endpoint, int status, long nanos) {
    if (!LOG.isLoggable(Level.INFO)) {
      return;
    }
    StringBuilder line = new StringBuilder(160);
    line.append("rid=").append(requestId(request));
    line.append(" method=").append(request.getMethod());
    Object original = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
    line.append(" path=").append(original != null ? original : request.getRequestURI());
    line.append(" endpoint=").append(endpoint);
    line.append(" status=").append(status);
    Object appId = request.getAttribute(APP_ID);
    if (appId != null) {
      line.append(" app=").append(appId);
    }
    Object error = request.getAttribute(ERROR);
    if (error != null) {
      line.append(" error=").append(error);
      line.append(" message=\"").append(request.getAttribute(ERROR_MESSAGE)).append('"');
    }
    line.append(" ms=").append(nanos / 1_000_000);
    LOG.log(Level.INFO, line.toString());
  }
}
