package org.pinoauth.web;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Hands access log lines to a thread of its own, so that request threads do not queue for the log
 * handler's lock. The JDK console handler (Jetty's default) writes and flushes every record inside
 * one lock that every request thread shares; under load they formed a convoy there, and the p99
 * latency of client_credentials on Jetty went from 3 to 12-15 ms with the log on. Nothing is
 * dropped: when the queue is full the request thread writes its line itself, and {@link #close}
 * writes whatever is left. The thread starts with the first line and stops at {@link #close} (the
 * application's end); a line after that starts it again.
 */
final class AccessLogWriter {
  private static final String STOP = new String("stop"); // compared by identity
  private static final int BATCH = 256;

  private final BlockingQueue<String> queue;
  private final Consumer<String> sink;
  private final AtomicLong pending = new AtomicLong();
  private volatile Thread thread; // started and stopped under this

  AccessLogWriter(int capacity, Consumer<String> sink) {
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.sink = sink;
  }

  void submit(String line) {
    pending.incrementAndGet();
    if (!running() || !queue.offer(line)) {
      write(line);
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

  /** Stops the thread once it has written what it holds; writes any line left here. */
  synchronized void close() {
    if (thread != null) {
      try {
        // A marker, not an interrupt: an interrupt during a FileChannel write closes the file.
        if (queue.offer(STOP, 5, TimeUnit.SECONDS)) {
          thread.join(TimeUnit.SECONDS.toMillis(5));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      thread = null;
    }
    for (String line; (line = queue.poll()) != null; ) {
      if (line != STOP) {
        write(line);
      }
    }
  }

  private boolean running() {
    if (thread != null) {
      return true;
    }
    synchronized (this) {
      if (thread == null) {
        Thread writer = new Thread(this::run, "pinoauth-access-log");
        writer.setDaemon(true);
        writer.start();
        thread = writer;
      }
    }
    return true;
  }

  private void run() {
    List<String> batch = new ArrayList<>(BATCH);
    try {
      while (true) {
        batch.add(queue.take());
        queue.drainTo(batch, BATCH - 1);
        for (String line : batch) {
          if (line == STOP) {
            return;
          }
          write(line);
        }
        batch.clear();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      // Lines taken after the marker go back to be written by close().
      boolean afterStop = false;
      for (String line : batch) {
        if (afterStop) {
          write(line);
        }
        afterStop |= line == STOP;
      }
    }
  }

  private void write(String line) {
    try {
      sink.accept(line);
    } finally {
      pending.decrementAndGet();
    }
  }
}
