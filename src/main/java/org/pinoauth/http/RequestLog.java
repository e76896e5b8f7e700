package org.pinoauth.http;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The access log: one line per request keyed by its {@code x-pinterest-rid}, written at INFO to the
 * {@code java.util.logging} logger {@code org.pinoauth.access}, which every container's logging
 * picks up (and {@code org.pinoauth.access.level = WARNING} turns off). The request thread builds
 * the line; {@link AccessLogWriter}'s thread hands it to the logger, a moment later. What goes in
 * it is chosen here and only here: request id, method, path, endpoint, status, app id, latency and
 * the OAuth error with its client-safe message (which may quote a non-secret value the client sent,
 * such as an unknown scope name). Never a header value, token, code, secret or password.
 */
public final class RequestLog {
  public static final String REQUEST_ID_HEADER = "x-pinterest-rid";

  public static final String REQUEST_ID = "org.pinoauth.requestId";
  private static final String APP_ID = "org.pinoauth.log.appId";
  private static final String ERROR = "org.pinoauth.log.error";
  private static final String ERROR_MESSAGE = "org.pinoauth.log.errorMessage";
  /*
   * java.util.logging itself, not System.Logger like pinoauth's other (rare) lines: this line is
   * written on every request, and only JUL's logp names its source. Unnamed, the source is found
   * by walking the stack as soon as a formatter prints it (the JDK default SimpleFormatter does),
   * inside the handler's lock, which every request thread shares: 2.7 of the 5.7 µs a line cost
   * on the JDK default console handler (bench/jmh AccessLogBenchmark); on Jetty under load the
   * line cost some 16 µs of server CPU per request, 8 µs with the source named. System.Logger has
   * no way to pass a source. Naming JUL also keeps what operators are told true on any container:
   * the line always reaches the JUL logger org.pinoauth.access and its .level setting, whereas a
   * System.LoggerFinder installed by a container could send System.Logger lines to a backend where
   * that setting does nothing; containers with logging of their own (Tomcat's JULI, JBoss
   * LogManager) plug it in as JUL's LogManager, so the line reaches it all the same. The source
   * named is the one the stack walk found, so formatted lines read exactly as before.
   */
  private static final Logger LOG = Logger.getLogger("org.pinoauth.access");
  private static final String SOURCE_CLASS = RequestLog.class.getName();
  private static final String SOURCE_METHOD = "write";

  /** Up to this many lines wait for the writer thread; beyond, request threads write their own. */
  private static final int QUEUED_LINES = 16_384;

  private static final AccessLogWriter WRITER =
      new AccessLogWriter(
          QUEUED_LINES, line -> LOG.logp(Level.INFO, SOURCE_CLASS, SOURCE_METHOD, line));

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
  public static String error(HttpServletRequest request) {
    return (String) request.getAttribute(ERROR);
  }

  public static void write(HttpServletRequest request, String endpoint, int status, long nanos) {
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
    WRITER.submit(line.toString());
  }

  /**
   * Waits until every line handed over so far is written (tests read the log; at most {@code
   * timeout}).
   */
  public static boolean awaitWritten(java.time.Duration timeout) {
    return WRITER.awaitWritten(timeout);
  }

  /** Writes the lines still queued and stops the writer thread: at the application's end. */
  public static void close() {
    WRITER.close();
  }
}
