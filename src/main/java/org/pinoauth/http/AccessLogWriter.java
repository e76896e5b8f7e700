package org.pinoauth.http;

import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Hands access log lines to a thread of its own, so that request threads do not queue for the log
 * handler's lock. The JDK console handler (Jetty's default) writes and flushes every record inside
 * one lock that every request thread shares; under load they formed a convoy there, and the p99
 * latency of client_credentials on Jetty went from 3 to 12-15 ms with the log on.
 *
 * <p>Nothing is dropped: when the queue is full the request thread writes its line itself, a
 * handler that throws costs its own line only, and {@link #close} (the application's end) writes
 * whatever is left; after it, every line is written by the thread that submits it. The writer
 * thread starts with the first line and ends a second after {@link #close}, or when idle for a
 * minute (the next line starts it again), so no thread outlives the application.
 *
 * <p>A request thread takes no lock here: the queue is lock-free, bounded by a counter, and the
 * writer thread, when it has nothing to do, parks until a request thread unparks it.
 */
final class AccessLogWriter {
  private static final long IDLE_SECONDS = 60;

  private final Queue<String> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger queued = new AtomicInteger();
  private final int capacity;
  private final Consumer<String> sink;
  private final AtomicLong pending = new AtomicLong();
  private volatile boolean closed;
  private volatile Thread thread; // started and cleared under this
  private volatile boolean parked;

  AccessLogWriter(int capacity, Consumer<String> sink) {
    this.capacity = capacity;
    this.sink = sink;
  }

  void submit(String line) {
    pending.incrementAndGet();
    if (closed) {
      write(line);
      return;
    }
    if (queued.incrementAndGet() > capacity) {
      queued.decrementAndGet();
      write(line);
      return;
    }
    queue.add(line);
    startIfNeeded();
    Thread writer = thread;
    if (parked && writer != null) {
      LockSupport.unpark(writer);
    }
    if (closed) {
      drain(); // close() may have emptied the queue just before this line went in
    }
  }

  /** Waits until every line submitted so far is written, at most {@code timeout}. */
  boolean awaitWritten(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (pending.get() > 0) {
      if (System.nanoTime() - deadline > 0) {
        return false;
      }
      try {
        TimeUnit.MILLISECONDS.sleep(1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }

  /** Lets the writer thread finish what it holds, then writes any line left here. */
  void close() {
    closed = true;
    Thread running;
    synchronized (this) {
      running = thread;
    }
    if (running != null) {
      LockSupport.unpark(running);
      try {
        running.join(TimeUnit.SECONDS.toMillis(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    drain();
  }

  /** Reads a volatile on the hot path; takes the lock only when the thread must start. */
  private void startIfNeeded() {
    if (thread == null) {
      start();
    }
  }

  private synchronized void start() {
    if (thread == null && !closed) {
      thread = new Thread(this::run, "pinoauth-access-log");
      thread.setDaemon(true);
      thread.start();
    }
  }

  private void run() {
    try {
      long idleSince = System.nanoTime();
      while (System.nanoTime() - idleSince < TimeUnit.SECONDS.toNanos(IDLE_SECONDS)) {
        String line = take();
        if (line != null) {
          idleSince = System.nanoTime();
          write(line);
        } else if (closed || Thread.currentThread().isInterrupted()) {
          return;
        }
      }
    } finally {
      synchronized (this) {
        thread = null;
      }
      if (!queue.isEmpty() && !closed) {
        startIfNeeded(); // a line came in as this thread was leaving
      }
    }
  }

  /** The next line, or null after waiting up to a second for one. */
  private String take() {
    String line = poll();
    if (line != null) {
      return line;
    }
    parked = true;
    try {
      line = poll(); // a line added before parked was seen would not unpark this thread
      if (line == null) {
        LockSupport.parkNanos(this, TimeUnit.SECONDS.toNanos(1));
        line = poll();
      }
    } finally {
      parked = false;
    }
    return line;
  }

  private String poll() {
    String line = queue.poll();
    if (line != null) {
      queued.decrementAndGet();
    }
    return line;
  }

  private void drain() {
    for (String line; (line = poll()) != null; ) {
      write(line);
    }
  }

  private void write(String line) {
    try {
      sink.accept(line);
    } catch (RuntimeException handlerFailed) {
      // The container's handler failed on this line; the next ones still get their chance.
    } finally {
      pending.decrementAndGet();
    }
  }
}
