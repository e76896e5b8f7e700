package org.pinoauth.testing;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Collects every record that reaches the root {@code java.util.logging} logger while it is open
 * (pinoauth logs through {@link System.Logger}, Jetty, Flyway and HikariCP through SLF4J, all of
 * them ending in JUL here), each as one piece of text: the formatted message, the raw message when
 * it differs, each parameter (a message may leave some out), and the stack trace of its {@code
 * thrown}. pinoauth's own loggers are opened to every level meanwhile, so a debug line that leaks
 * is caught too; {@link #startAllLevels()} opens every logger of the JVM.
 */
public final class LogCapture extends Handler implements AutoCloseable {
  private static final Formatter FORMAT = new SimpleFormatter();

  private final Logger root = Logger.getLogger("");
  private final Logger pinoauth = Logger.getLogger("org.pinoauth");
  private final Level pinoauthLevel;
  private final Level rootLevel;
  private final List<Entry> entries = new ArrayList<>();

  /** One captured record: which logger, at which level, and all of its text. */
  public record Entry(String logger, Level level, String text) {}

  private LogCapture() {
    setLevel(Level.ALL);
    pinoauthLevel = pinoauth.getLevel();
    rootLevel = root.getLevel();
  }

  /** Starts capturing; close it to stop. */
  public static LogCapture start() {
    LogCapture capture = new LogCapture();
    capture.pinoauth.setLevel(Level.ALL);
    capture.root.addHandler(capture);
    return capture;
  }

  /**
   * Starts capturing with the root logger, and so every logger that does not set its own level
   * (Jetty's, HikariCP's, Flyway's, the JDK's), at {@link Level#ALL}; close it to restore them.
   */
  public static LogCapture startAllLevels() {
    LogCapture capture = start();
    capture.root.setLevel(Level.ALL);
    return capture;
  }

  @Override
  public void publish(LogRecord record) {
    String formatted = FORMAT.formatMessage(record);
    StringBuilder text = new StringBuilder(formatted);
    if (record.getMessage() != null && !record.getMessage().equals(formatted)) {
      text.append('\n').append(record.getMessage());
    }
    if (record.getParameters() != null) {
      for (Object parameter : record.getParameters()) {
        text.append('\n').append(parameter);
      }
    }
    if (record.getThrown() != null) {
      StringWriter trace = new StringWriter();
      record.getThrown().printStackTrace(new PrintWriter(trace));
      text.append('\n').append(trace);
    }
    synchronized (this) {
      entries.add(
          new Entry(String.valueOf(record.getLoggerName()), record.getLevel(), text.toString()));
      notifyAll();
    }
  }

  /** Everything captured so far, access log lines still queued included. */
  public List<Entry> entries() {
    // Outside this object's lock: the access log thread needs it to hand its lines over.
    org.pinoauth.http.RequestLog.awaitWritten(Duration.ofSeconds(10));
    synchronized (this) {
      return List.copyOf(entries);
    }
  }

  /**
   * Waits until {@code count} captured entries match, as a request's log line may be written just
   * after its response reached the client.
   *
   * @return the matching entries: {@code count} or more, or fewer when {@code timeout} passed
   */
  public synchronized List<Entry> await(Predicate<Entry> matching, int count, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      List<Entry> found = entries.stream().filter(matching).toList();
      long left = deadline - System.nanoTime();
      if (found.size() >= count || left <= 0) {
        return found;
      }
      try {
        wait(Math.max(1, left / 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for log records", e);
      }
    }
  }

  @Override
  public void flush() {}

  @Override
  public void close() {
    root.removeHandler(this);
    pinoauth.setLevel(pinoauthLevel);
    root.setLevel(rootLevel);
  }
}
