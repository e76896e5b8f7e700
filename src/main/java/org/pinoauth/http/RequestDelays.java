package org.pinoauth.http;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes a request wait without holding a container thread while it waits: the request goes into
 * asynchronous mode ({@link HttpServletRequest#startAsync()}), its thread returns to the pool, and
 * one shared timer thread dispatches it back to the same servlet or filter once the delay has
 * passed ({@link AsyncContext#dispatch()}), where it carries on, marked so it waits only once. A
 * thousand waiting requests thus cost a thousand timer entries, not a thousand threads. The access
 * log line is still written once, when the request completes ({@link AsyncLogLine}).
 */
public final class RequestDelays implements AutoCloseable {
  private static final Logger LOG = System.getLogger(RequestDelays.class.getName());
  private static final String WAITED = RequestDelays.class.getName() + ".waited";

  /** Long enough for any delay and the dispatch after it; past it the container answers 500. */
  private static final long ASYNC_TIMEOUT_MILLIS = 30_000;

  private final ScheduledThreadPoolExecutor timer;
  private final AtomicInteger waiting = new AtomicInteger();
  private final AtomicBoolean warned = new AtomicBoolean();

  public RequestDelays() {
    timer =
        new ScheduledThreadPoolExecutor(
            1,
            runnable -> {
              Thread thread = new Thread(runnable, "pinoauth-request-delays");
              thread.setDaemon(true);
              return thread;
            });
    timer.setRemoveOnCancelPolicy(true);
  }

  /** Whether this request has had its wait: it is the dispatch that follows it. */
  public static boolean hasWaited(HttpServletRequest request) {
    return request.getAttribute(WAITED) != null;
  }

  /**
   * Makes {@code request} wait {@code delay} once. Returns true when the request was put aside: the
   * caller returns at once without writing anything, and runs again for it after the delay (an
   * {@code ASYNC} dispatch, on which {@link #hasWaited} is true). Returns false when there is
   * nothing to wait (no delay, or already waited) or, in a chain the container cannot run
   * asynchronously, after waiting on the request's own thread: the caller then carries on.
   */
  public boolean putAside(
      HttpServletRequest request, HttpServletResponse response, Duration delay) {
    if (delay.isZero() || delay.isNegative() || hasWaited(request)) {
      return false;
    }
    request.setAttribute(WAITED, Boolean.TRUE);
    if (!request.isAsyncSupported()) {
      waitOnThisThread(request, delay);
      return false;
    }
    AsyncContext async = request.startAsync();
    async.setTimeout(ASYNC_TIMEOUT_MILLIS);
    AsyncLogLine.logOnCompletion(async, request, response);
    waiting.incrementAndGet();
    Runnable dispatch =
        () -> {
          waiting.decrementAndGet();
          async.dispatch();
        };
    try {
      timer.schedule(dispatch, delay.toNanos(), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException shuttingDown) {
      dispatch.run();
    }
    return true;
  }

  /** Requests put aside and not yet dispatched again; for metrics. */
  public int waiting() {
    return waiting.get();
  }

  private void waitOnThisThread(HttpServletRequest request, Duration delay) {
    // Once tells the operator; under a flood, a line per request would flood the log too.
    if (warned.compareAndSet(false, true)) {
      LOG.log(
          Level.WARNING,
          "rid="
              + RequestLog.requestId(request)
              + " a request waits on its own thread: mark every filter and servlet of "
              + request.getRequestURI()
              + " <async-supported>true</async-supported>");
    }
    waiting.incrementAndGet();
    try {
      Thread.sleep(delay.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      waiting.decrementAndGet();
    }
  }

  /**
   * Stops the timer; requests still waiting are dispatched at once rather than left to time out.
   */
  @Override
  public void close() {
    for (Runnable pending : timer.shutdownNow()) {
      try {
        pending.run();
      } catch (RuntimeException contextGone) {
        // The application is stopping; the container ends what it cannot dispatch.
      }
    }
  }
}
