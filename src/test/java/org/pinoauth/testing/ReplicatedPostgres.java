package org.pinoauth.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * Two real PostgreSQL servers of Debian's {@code postgresql} package on free ports of 127.0.0.1, in
 * a temporary folder: a primary and a synchronous streaming standby made from it with {@code
 * pg_basebackup -R}, set up as docs/postgresql.md tells an operator to, for the failover test.
 * Every commit on the primary waits until the standby has it on disk ({@code synchronous_commit=on}
 * with {@code synchronous_standby_names} naming the standby), so a promoted standby holds every
 * answered commit. PostgreSQL refuses to run as root, and CI runs as root: then every program runs
 * as the {@code postgres} user ({@code runuser}), in a folder it owns. Where the binaries are
 * missing the test is skipped, saying so; under CI ({@code CI=true}) it fails instead, as {@code
 * .ci/run} installs them ({@link Chromium} does the same). {@link #close} stops both servers and
 * deletes the folder; a shutdown hook does it too if the JVM ends first.
 */
public final class ReplicatedPostgres implements AutoCloseable {
  /** The standby's {@code application_name}, which {@code synchronous_standby_names} names. */
  public static final String STANDBY_NAME = "standby";

  /** The role and the database pinoauth uses; trusted from 127.0.0.1, as the test needs. */
  public static final String DATABASE = "pinoauth";

  static final Path PACKAGE_ROOT = Path.of("/usr/lib/postgresql");
  static final List<String> PROGRAMS = List.of("initdb", "pg_ctl", "pg_basebackup", "postgres");
  static final String INSTALL = "apt-get install postgresql";
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);

  private final Path bin;
  private final Path dir;
  private final boolean asPostgresUser;
  private final int primaryPort;
  private final int standbyPort;
  private final Thread shutdownHook;
  private Duration setupTime;

  private ReplicatedPostgres(Path bin, Path dir, boolean asPostgresUser) throws IOException {
    this.bin = bin;
    this.dir = dir;
    this.asPostgresUser = asPostgresUser;
    this.primaryPort = freePort();
    int port = freePort();
    while (port == primaryPort) {
      port = freePort();
    }
    this.standbyPort = port;
    this.shutdownHook = new Thread(this::stopAndDelete, "replicated-postgres-cleanup");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /**
   * Starts the primary and its standby, waits until the standby streams and is the synchronous one,
   * and creates the role and the database {@value #DATABASE}. Skips or fails the calling test when
   * PostgreSQL's binaries are missing.
   */
  public static ReplicatedPostgres start() {
    Path bin = requireBinaries(System.getenv(), PACKAGE_ROOT);
    long started = System.nanoTime();
    ReplicatedPostgres servers;
    try {
      boolean root = "root".equals(System.getProperty("user.name"));
      servers = new ReplicatedPostgres(bin, privateFolder(root), root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      servers.setUp();
    } catch (Exception e) {
      servers.close();
      throw new IllegalStateException("The replicated PostgreSQL did not start: " + e, e);
    }
    servers.setupTime = Duration.ofNanos(System.nanoTime() - started);
    return servers;
  }

  /**
   * The {@code bin} folder of the newest PostgreSQL under {@code root} that has every program the
   * test runs; skips the test when there is none, or fails it under {@code CI=true}.
   */
  static Path requireBinaries(Map<String, String> environment, Path root) {
    Optional<Path> found = binaries(root);
    if (found.isPresent()) {
      return found.get();
    }
    String what =
        "PostgreSQL's "
            + String.join(", ", PROGRAMS)
            + " not found in "
            + root
            + "/<version>/bin ("
            + INSTALL
            + ")";
    if ("true".equalsIgnoreCase(environment.getOrDefault("CI", ""))) {
      return fail(what + ": under CI=true the failover test must run, and .ci/run installs them");
    }
    return Assumptions.abort(what + ": skipping the failover test");
  }

  static Optional<Path> binaries(Path root) {
    if (!Files.isDirectory(root)) {
      return Optional.empty();
    }
    try (Stream<Path> versions = Files.list(root)) {
      return versions
          .filter(version -> version.getFileName().toString().matches("\\d+"))
          .sorted(
              Comparator.comparingInt(
                      (Path version) -> Integer.parseInt(version.getFileName().toString()))
                  .reversed())
          .map(version -> version.resolve("bin"))
          .filter(
              bin ->
                  PROGRAMS.stream()
                      .map(bin::resolve)
                      .allMatch(program -> Files.isExecutable(program)))
          .findFirst();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  public int primaryPort() {
    return primaryPort;
  }

  public int standbyPort() {
    return standbyPort;
  }

  /** How long {@link #start} took: both servers made, started, replicating synchronously. */
  public Duration setupTime() {
    return setupTime;
  }

  /**
   * The multi-host URL of the database {@value #DATABASE}: the primary first, the standby second,
   * connecting only to whichever is the primary ({@code targetServerType=primary}), then {@code
   * parameters} (e.g. {@code connectTimeout=2&socketTimeout=10}).
   */
  public String url(String parameters) {
    return "jdbc:postgresql://127.0.0.1:"
        + primaryPort
        + ",127.0.0.1:"
        + standbyPort
        + "/"
        + DATABASE
        + "?targetServerType=primary"
        + (parameters.isEmpty() ? "" : "&" + parameters);
  }

  /**
   * A connection as the superuser to {@code database} on one server, by its port, for the test's
   * own checks.
   */
  public Connection connect(int port, String database) throws SQLException {
    return DriverManager.getConnection(
        "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=postgres&connectTimeout=5");
  }

  /**
   * The primary's immediate shutdown ({@code pg_ctl stop -m immediate}): every backend ends at
   * once, connections cut, no checkpoint, as if the machine died.
   */
  public void stopPrimaryImmediately() {
    pgCtl("stop", "-D", primary().toString(), "-m", "immediate", "-w");
  }

  /**
   * What the operator does on failover: promotes the standby ({@code pg_ctl promote}), then clears
   * {@code synchronous_standby_names} on it, which it inherited from the primary: with no standby
   * of its own, every commit on the new primary would wait forever.
   */
  public void promoteStandby() throws SQLException {
    pgCtl("promote", "-D", standby().toString(), "-w");
    try (Connection connection = connect(standbyPort, "postgres");
        Statement statement = connection.createStatement()) {
      statement.execute("ALTER SYSTEM SET synchronous_standby_names = ''");
      statement.execute("SELECT pg_reload_conf()");
    }
  }

  /** Stops both servers (immediate) and deletes the folder; idempotent. */
  @Override
  public void close() {
    stopAndDelete();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException shuttingDown) {
      // The hook runs, or ran, on its own.
    }
  }

  private void setUp() throws Exception {
    run(bin.resolve("initdb").toString(), "-D", primary().toString(), "-U", "postgres")
        .add("-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync")
        .run();
    // initdb's pg_hba.conf trusts 127.0.0.1 for every database and for replication already;
    // stated here too, as the docs tell an operator to (there with scram-sha-256).
    append(
        primary().resolve("pg_hba.conf"),
        "host all all 127.0.0.1/32 trust",
        "host replication all 127.0.0.1/32 trust");
    append(
        primary().resolve("postgresql.conf"),
        "listen_addresses = '127.0.0.1'",
        "port = " + primaryPort,
        "unix_socket_directories = '" + dir + "'",
        "wal_level = replica",
        "max_wal_senders = 4",
        "synchronous_commit = on",
        "synchronous_standby_names = '" + STANDBY_NAME + "'");
    pgCtl("start", "-D", primary().toString(), "-l", dir.resolve("primary.log").toString(), "-w");
    run(bin.resolve("pg_basebackup").toString(), "-d")
        .add(
            "host=127.0.0.1 port="
                + primaryPort
                + " user=postgres application_name="
                + STANDBY_NAME)
        .add("-D", standby().toString(), "-R", "-X", "stream", "-c", "fast")
        .run();
    // The standby's copy of postgresql.conf says the primary's port; a later line wins.
    append(standby().resolve("postgresql.conf"), "port = " + standbyPort);
    pgCtl("start", "-D", standby().toString(), "-l", dir.resolve("standby.log").toString(), "-w");
    awaitSynchronousStandby();
    try (Connection connection = connect(primaryPort, "postgres");
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE ROLE " + DATABASE + " LOGIN");
      statement.execute("CREATE DATABASE " + DATABASE + " OWNER " + DATABASE);
      // The role's bounds docs/postgresql.md recommends: no statement, and no transaction left
      // open by a vanished client, holds rows or a connection for long.
      statement.execute("ALTER ROLE " + DATABASE + " SET statement_timeout = '2s'");
      statement.execute(
          "ALTER ROLE " + DATABASE + " SET idle_in_transaction_session_timeout = '10s'");
    }
  }

  /** Until the primary reports the standby streaming as its synchronous standby. */
  private void awaitSynchronousStandby() throws SQLException {
    try (Connection connection = connect(primaryPort, "postgres")) {
      boolean sync =
          Eventually.within(
              Duration.ofSeconds(30),
              () -> {
                try (Statement statement = connection.createStatement();
                    ResultSet row =
                        statement.executeQuery(
                            "SELECT state, sync_state FROM pg_stat_replication"
                                + " WHERE application_name = '"
                                + STANDBY_NAME
                                + "'")) {
                  return row.next()
                      && row.getString(1).equals("streaming")
                      && row.getString(2).equals("sync");
                } catch (SQLException e) {
                  throw new IllegalStateException(e);
                }
              });
      if (!sync) {
        throw new IllegalStateException("The standby is not streaming as the synchronous one");
      }
    }
  }

  private synchronized void stopAndDelete() {
    if (!Files.isDirectory(dir)) {
      return;
    }
    for (Path data : List.of(standby(), primary())) {
      if (Files.exists(data.resolve("postmaster.pid"))) {
        try {
          pgCtl("stop", "-D", data.toString(), "-m", "immediate", "-w");
        } catch (RuntimeException alreadyStopped) {
          // Its postmaster.pid outlived it (an immediate stop leaves none, a crash may).
        }
      }
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      // Left in the temporary folder; nothing runs from it any more.
    }
  }

  private Path primary() {
    return dir.resolve("primary");
  }

  private Path standby() {
    return dir.resolve("standby");
  }

  private void pgCtl(String... arguments) {
    run(bin.resolve("pg_ctl").toString()).add(arguments).run();
  }

  private Command run(String... command) {
    return new Command(command);
  }

  /** One of PostgreSQL's programs, as the {@code postgres} user when this JVM is root. */
  private final class Command {
    private final List<String> line = new ArrayList<>();

    Command(String... command) {
      if (asPostgresUser) {
        line.addAll(List.of("runuser", "-u", "postgres", "--"));
      }
      line.addAll(List.of(command));
    }

    Command add(String... arguments) {
      line.addAll(List.of(arguments));
      return this;
    }

    void run() {
      try {
        Process process =
            new ProcessBuilder(line).directory(dir.toFile()).redirectErrorStream(true).start();
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
          process.destroyForcibly();
          throw new IllegalStateException(String.join(" ", line) + " did not end");
        }
        if (process.exitValue() != 0) {
          throw new IllegalStateException(
              String.join(" ", line)
                  + " exited with "
                  + process.exitValue()
                  + ": "
                  + new String(output, StandardCharsets.UTF_8));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  /**
   * A new folder only its owner may enter: the {@code postgres} user when this JVM is root, which
   * PostgreSQL requires of its data folders' parents' owner too (it creates them 0700 itself).
   */
  private static Path privateFolder(boolean root) throws IOException {
    Path dir =
        Files.createTempDirectory(
            "pinoauth-replicated",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    if (root) {
      UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
      PosixFileAttributeView view = Files.getFileAttributeView(dir, PosixFileAttributeView.class);
      view.setOwner(users.lookupPrincipalByName("postgres"));
      view.setGroup(users.lookupPrincipalByGroupName("postgres"));
    }
    return dir;
  }

  private static void append(Path file, String... lines) throws IOException {
    Files.writeString(file, "\n" + String.join("\n", lines) + "\n", StandardOpenOption.APPEND);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
