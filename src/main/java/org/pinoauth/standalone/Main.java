package org.pinoauth.standalone;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import sun.misc.Signal;

/**
 * {@code java -jar pinoauth-standalone.jar}: pinoauth without a servlet container
 * (docs/standalone.md). Parses the command line, reads the users file, serves the WAR ({@link
 * WarServer}) until SIGTERM or SIGINT, then stops gracefully and exits 0. Bad arguments, and a
 * users or bootstrap file that cannot be used, exit 2; a start that fails (port taken, WAR not
 * deployed) exits 1; each with one line on standard error saying why.
 */
public final class Main {
  static final String NAME = "pinoauth-standalone";

  /** One line per record, so that a log line can be found with grep. */
  private static final String LOG_FORMAT = "%1$tF %1$tT.%1$tL %4$s %3$s: %5$s%6$s%n";

  private Main() {}

  public static void main(String[] args) {
    System.exit(run(Arrays.asList(args)));
  }

  private static int run(List<String> args) {
    if (!args.isEmpty() && args.get(0).equals("hash-password")) {
      return HashPassword.run(
          args.subList(1, args.size()),
          System.console(),
          System.in,
          System.out,
          System.err,
          new SecureRandom());
    }
    Options options;
    try {
      options = Options.parse(args);
    } catch (Options.Invalid e) {
      System.err.println(NAME + ": " + e.getMessage() + " (--help lists the options)");
      return 2;
    }
    if (options.help()) {
      System.out.print(Options.USAGE);
      return 0;
    }
    if (options.bootstrap().isPresent() && !Files.isReadable(options.bootstrap().get())) {
      System.err.println(
          NAME + ": bootstrap file " + options.bootstrap().get() + ": cannot read it");
      return 2;
    }
    Map<String, UsersFile.User> users;
    try {
      users = options.users().isPresent() ? UsersFile.read(options.users().get()) : Map.of();
    } catch (UsersFile.Invalid e) {
      System.err.println(NAME + ": " + e.getMessage());
      return 2;
    }
    return serve(options, users);
  }

  private static int serve(Options options, Map<String, UsersFile.User> users) {
    oneLineLogs();
    Logger log = System.getLogger(Main.class.getName());
    CountDownLatch stopAsked = new CountDownLatch(1);
    AtomicBoolean serving = new AtomicBoolean();
    stopOnSignal(serving, stopAsked);
    options
        .bootstrap()
        .ifPresent(
            file -> System.setProperty("pinoauth.bootstrap", file.toAbsolutePath().toString()));
    if (options.users().isPresent()) {
      log.log(
          Level.INFO,
          "Users: "
              + users.size()
              + " from "
              + options.users().get()
              + " (realm "
              + WarServer.REALM
              + ")");
    } else {
      log.log(
          Level.INFO,
          "No users file (--users): nobody can sign in at /oauth/ or use the admin API; only the"
              + " token endpoint's app grants work");
    }
    WarServer server;
    try {
      server = WarServer.start(options, new UsersLoginService(WarServer.REALM, users));
      serving.set(true);
    } catch (Exception | Error e) {
      System.err.println(NAME + ": could not start: " + causeOf(e));
      return 1;
    }
    log.log(
        Level.INFO,
        "pinoauth serves "
            + server.uri()
            + (options.forwarded() ? " (trusting forwarded headers)" : "")
            + "; up "
            + ManagementFactory.getRuntimeMXBean().getUptime()
            + " ms after the JVM started");
    try {
      stopAsked.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    log.log(Level.INFO, "Stopping (waiting at most " + WarServer.STOP_TIMEOUT.toSeconds() + " s)");
    try {
      server.stop();
    } catch (Exception e) {
      System.err.println(NAME + ": did not stop cleanly: " + causeOf(e));
      return 1;
    }
    log.log(Level.INFO, "Stopped");
    return 0;
  }

  /**
   * SIGTERM and SIGINT stop the server and exit 0; left to the JVM they would run the shutdown
   * hooks too, but exit 143 or 130, which service managers report as a failure. One that arrives
   * during the start (which may wait for a database) exits at once; Jetty's shutdown hook stops
   * what had started.
   */
  private static void stopOnSignal(AtomicBoolean serving, CountDownLatch stopAsked) {
    for (String signal : List.of("TERM", "INT")) {
      Signal.handle(
          new Signal(signal),
          received -> {
            if (serving.get()) {
              stopAsked.countDown();
            } else {
              System.exit(0);
            }
          });
    }
  }

  /** Sets java.util.logging's one-line format, unless the user configured logging. */
  private static void oneLineLogs() {
    if (System.getProperty("java.util.logging.config.file") == null
        && System.getProperty("java.util.logging.config.class") == null
        && System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
      System.setProperty("java.util.logging.SimpleFormatter.format", LOG_FORMAT);
    }
  }

  /** The exception in one line, with its root cause when that says more. */
  static String causeOf(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String top = describe(e);
    return root == e ? top : top + " (cause: " + describe(root) + ")";
  }

  private static String describe(Throwable e) {
    String message = e.getMessage();
    String text = e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    return text.replaceAll("\\s*\\R\\s*", " ");
  }
}
