package org.pinoauth.bench.jmh;

import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.util.concurrent.TimeUnit;
import java.util.function.ToIntFunction;
import java.util.logging.ConsoleHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What one access log line costs, and which part costs what (bench/README.md). The line is the one
 * {@code RequestLog} writes for a client_credentials request; it goes to the logger {@code
 * org.pinoauth.access} either as {@code RequestLog} wrote it before (through {@link System.Logger},
 * so that java.util.logging finds the caller by walking the stack) or as it writes it now ({@link
 * Logger#logp} with the source named). The {@code sink} says what the root logger's one handler
 * does with the record:
 *
 * <ul>
 *   <li>{@code discard}: nothing — the logger, the record and the level checks;
 *   <li>{@code source}: asks the record for its source class, as a formatter printing it does (with
 *       {@code System.Logger} that is the stack walk);
 *   <li>{@code format}: {@link SimpleFormatter#format}, the JDK default layout (date, source,
 *       level, message), without writing;
 *   <li>{@code console}: the JDK's default configuration, a {@link ConsoleHandler} with its
 *       SimpleFormatter and its flush after every record, its stderr a {@code PrintStream} on
 *       {@code /dev/null} (one write system call per line, as a container's stderr file has).
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class AccessLogBenchmark {
  private static final String LINE =
      "rid=5f0c2a9e8b7d4c31 method=POST path=/v5/oauth/token endpoint=token status=200"
          + " app=9000001 ms=0";
  private static final String SOURCE_CLASS = "org.pinoauth.http.RequestLog";

  @Param({"discard", "source", "format", "console"})
  public String sink;

  private final Logger root = Logger.getLogger("");
  private Handler[] rootHandlers;
  private Level rootLevel;
  private PrintStream stderr;
  private PrintStream devNull;
  private Handler handler;
  private System.Logger systemLogger;
  private Logger julLogger;

  @Setup
  public void setUp() throws IOException {
    rootHandlers = root.getHandlers();
    rootLevel = root.getLevel();
    for (Handler h : rootHandlers) {
      root.removeHandler(h);
    }
    stderr = System.err;
    // Built as the JVM builds System.err: autoflush, a 128-byte buffer over the file descriptor.
    devNull =
        new PrintStream(new BufferedOutputStream(new FileOutputStream("/dev/null"), 128), true);
    System.setErr(devNull);
    handler =
        switch (sink) {
          case "discard" -> new Sink(record -> 0);
          case "source" -> new Sink(record -> record.getSourceClassName().length());
          case "format" -> {
            SimpleFormatter formatter = new SimpleFormatter();
            yield new Sink(record -> formatter.format(record).length());
          }
          case "console" -> new ConsoleHandler(); // takes System.err as it is now
          default -> throw new IllegalArgumentException(sink);
        };
    root.addHandler(handler);
    root.setLevel(Level.INFO);
    systemLogger = System.getLogger("org.pinoauth.access");
    julLogger = Logger.getLogger("org.pinoauth.access");
  }

  @TearDown
  public void tearDown() {
    root.removeHandler(handler);
    handler.close();
    for (Handler h : rootHandlers) {
      root.addHandler(h);
    }
    root.setLevel(rootLevel);
    System.setErr(stderr);
    devNull.close();
  }

  /** As RequestLog wrote it before: the caller is found by a stack walk when asked for. */
  @Benchmark
  public void systemLogger() {
    if (systemLogger.isLoggable(System.Logger.Level.INFO)) {
      systemLogger.log(System.Logger.Level.INFO, LINE);
    }
  }

  /** As RequestLog writes it now: java.util.logging with the source named, nothing to infer. */
  @Benchmark
  public void julLogpWithSource() {
    if (julLogger.isLoggable(Level.INFO)) {
      julLogger.logp(Level.INFO, SOURCE_CLASS, "write", LINE);
    }
  }

  /** A handler that only does {@code work} with each record, so each step can be priced alone. */
  private static final class Sink extends Handler {
    private final ToIntFunction<LogRecord> work;
    private int blackhole;

    Sink(ToIntFunction<LogRecord> work) {
      this.work = work;
    }

    @Override
    public void publish(LogRecord record) {
      if (isLoggable(record)) {
        blackhole += work.applyAsInt(record);
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }
}
