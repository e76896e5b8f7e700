package org.pinoauth.http;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Where a request's one access-log line is written when the request goes asynchronous ({@link
 * RequestDelays}): at its completion, when its status is known, instead of when its first dispatch
 * returns. The outermost filter marks each request's start and installs the listener that writes
 * the line; whoever puts a request aside calls {@link #logOnCompletion}. It lives on this floor so
 * that the HTTP helpers need nothing from the filter that installs it.
 */
public final class AsyncLogLine {
  private static final String START_NANOS = "org.pinoauth.startNanos";
  private static final String LOG_ON_COMPLETION = "org.pinoauth.logOnCompletion";
  private static final String COMPLETION_LISTENER = AsyncLogLine.class.getName() + ".listener";

  private AsyncLogLine() {}

  /** Installs {@code writer} as the listener that writes a completed request's line. */
  public static void install(ServletContext context, AsyncListener writer) {
    context.setAttribute(COMPLETION_LISTENER, writer);
  }

  /** Marks {@code request} as started at {@code nanos} ({@link System#nanoTime}). */
  public static void markStart(HttpServletRequest request, long nanos) {
    request.setAttribute(START_NANOS, nanos);
  }

  /** The {@link System#nanoTime} at which {@link #markStart} saw {@code request}. */
  public static long startOf(HttpServletRequest request) {
    return (Long) request.getAttribute(START_NANOS);
  }

  /** Whether the line of {@code request} waits for its completion. */
  public static boolean isDeferred(HttpServletRequest request) {
    return request.getAttribute(LOG_ON_COMPLETION) != null;
  }

  /**
   * Moves the log line of a request that has just gone asynchronous to its completion, when its
   * status is known. Called by whoever started it, before anything can dispatch it.
   */
  public static void logOnCompletion(
      AsyncContext async, HttpServletRequest request, HttpServletResponse response) {
    if (request.getAttribute(START_NANOS) instanceof Long
        && request.getServletContext().getAttribute(COMPLETION_LISTENER)
            instanceof AsyncListener listener) {
      async.addListener(listener, request, response);
      request.setAttribute(LOG_ON_COMPLETION, Boolean.TRUE);
    }
  }
}
