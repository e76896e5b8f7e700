package org.pinoauth.boot;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.pinoauth.error.OAuthError;
import org.pinoauth.error.OAuthException;
import org.pinoauth.http.AsyncLogLine;
import org.pinoauth.http.Collaborators;
import org.pinoauth.http.ErrorWriter;
import org.pinoauth.http.RequestLog;
import org.pinoauth.metrics.Metrics;
import org.pinoauth.store.StoreUnavailableException;

/**
 * The outermost filter: gives every request its {@code x-pinterest-rid} (CONTRACT §2.5), turns
 * whatever escaped the endpoints into a JSON error (an {@link OAuthException} as itself, a store
 * outage as 503, anything else as a logged 500 without a stack trace on the wire) and writes the
 * access log line. It also runs on the error dispatch of a request the container refused before any
 * filter ran (an unknown path's 404, a bad request), so that answer has an id and a log line too. A
 * request that went asynchronous ({@link RequestDelays}) keeps its id on its {@code ASYNC}
 * dispatch, has its errors rendered there alike, and gets its one log line when it completes.
 */
public final class RequestIdFilter extends HttpFilter {
  private static final Logger LOG = System.getLogger(RequestIdFilter.class.getName());

  /** Servlets whose class is in this package or below are pinoauth's own endpoints. */
  private static final String OWN_CLASSES = "org.pinoauth.";

  private Metrics metrics;
  private Set<String> ownServlets = Set.of();

  @Override
  public void init() {
    metrics = Collaborators.get(getServletContext(), Metrics.class);
    ownServlets = ownServlets(getServletContext());
    AsyncLogLine.install(getServletContext(), new LogWhenComplete());
  }

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    String existing = RequestLog.requestId(request);
    if (existing != null) {
      if (request.getDispatcherType() == DispatcherType.ASYNC) {
        answer(request, response, chain, existing); // Its line is written when it completes.
      } else {
        chain.doFilter(request, response); // An error dispatch: it has its id and its log line.
      }
      return;
    }
    long start = System.nanoTime();
    String requestId = newRequestId();
    request.setAttribute(RequestLog.REQUEST_ID, requestId);
    AsyncLogLine.markStart(request, start);
    response.setHeader(RequestLog.REQUEST_ID_HEADER, requestId);
    try {
      answer(request, response, chain, requestId);
    } finally {
      if (!AsyncLogLine.isDeferred(request)) {
        log(request, response, start);
      }
    }
  }

  /** Runs the chain and renders whatever escaped it as a JSON error. */
  private static void answer(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain, String rid)
      throws IOException {
    try {
      chain.doFilter(request, response);
    } catch (OAuthException e) {
      ErrorWriter.write(request, response, e);
    } catch (StoreUnavailableException e) {
      LOG.log(Level.WARNING, "rid=" + rid + " store unavailable: " + e.getMessage());
      ErrorWriter.write(request, response, OAuthError.TEMPORARILY_UNAVAILABLE.exception());
    } catch (RuntimeException | ServletException e) {
      LOG.log(Level.ERROR, "rid=" + rid + " unexpected failure", e);
      ErrorWriter.write(request, response, OAuthError.SERVER_ERROR.exception());
    }
  }

  private void log(HttpServletRequest request, HttpServletResponse response, long start) {
    long nanos = System.nanoTime() - start;
    String endpoint = endpoint(request, ownServlets);
    // Meters first: whoever has read a request's log line then finds it counted too.
    if (metrics != null) {
      metrics.recordRequest(endpoint, response.getStatus(), RequestLog.error(request), nanos);
    }
    RequestLog.write(request, endpoint, response.getStatus(), nanos);
  }

  /** Writes the log line of an asynchronous request once it has its final status. */
  private final class LogWhenComplete implements AsyncListener {
    @Override
    public void onComplete(AsyncEvent event) {
      HttpServletRequest request = (HttpServletRequest) event.getSuppliedRequest();
      log(
          request,
          (HttpServletResponse) event.getSuppliedResponse(),
          AsyncLogLine.startOf(request));
    }

    @Override
    public void onTimeout(AsyncEvent event) {
      // The container answers with an error dispatch; the line follows on completion.
    }

    @Override
    public void onError(AsyncEvent event) {
      // As for a timeout.
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
      // Listeners are dropped when a request goes asynchronous again; pinoauth never does that.
    }
  }

  /**
   * The names web.xml gives pinoauth's servlets, told from the container's own (its default and JSP
   * servlets) by their class, so the names are written down once, in web.xml.
   */
  static Set<String> ownServlets(ServletContext context) {
    Set<String> names = new HashSet<>();
    for (ServletRegistration registration : context.getServletRegistrations().values()) {
      String className = registration.getClassName();
      if (className != null && className.startsWith(OWN_CLASSES)) {
        names.add(registration.getName());
      }
    }
    return Set.copyOf(names);
  }

  /** The servlet that answered, by its web.xml name; "other" for the container's own. */
  static String endpoint(HttpServletRequest request, Set<String> ownServlets) {
    HttpServletMapping mapping = request.getHttpServletMapping();
    String name = mapping == null ? null : mapping.getServletName();
    return name == null || !ownServlets.contains(name) ? "other" : name;
  }

  private static String newRequestId() {
    // A correlation id, not a secret: a fast non-cryptographic source is enough.
    return HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
  }
}
