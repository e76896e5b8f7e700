package org.pinoauth.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/**
 * Measures the live data of an embedded store: the size of a compact copy of it (bench/README.md,
 * "Sustained writes"). It reads a copy of the store folder, never the server's own files: SQLite
 * ({@code pinoauth.db}, with its {@code -wal}) is written by {@code VACUUM INTO} to a new file; H2
 * ({@code pinoauth.mv.db}) is dumped by {@code SCRIPT} and replayed by {@code RUNSCRIPT} into a
 * fresh database, which {@code SHUTDOWN COMPACT} then closes. Prints {@code live_bytes=N
 * method=...}.
 *
 * <p>Usage: {@code LiveData STORE_COPY_DIR WORK_DIR}
 */
public final class LiveData {
  /** pinoauth's own H2 dialect settings (DataSources), so the script replays as it was written. */
  private static final String H2_MODE =
      ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";

  private LiveData() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: LiveData STORE_COPY_DIR WORK_DIR");
      System.exit(2);
    }
    Path store = Path.of(args[0]).toAbsolutePath();
    Path work = Path.of(args[1]).toAbsolutePath();
    Files.createDirectories(work);
    if (Files.exists(store.resolve("pinoauth.db"))) {
      sqlite(store.resolve("pinoauth.db"), work.resolve("live.db"));
    } else if (Files.exists(store.resolve("pinoauth.mv.db"))) {
      h2(store.resolve("pinoauth"), work);
    } else {
      System.err.println("no pinoauth.db or pinoauth.mv.db in " + store);
      System.exit(1);
    }
  }

  private static void sqlite(Path db, Path out) throws Exception {
    Files.deleteIfExists(out);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement()) {
      s.execute("VACUUM INTO '" + sql(out) + "'");
    }
    report(size(out), "SQLite VACUUM INTO a new file");
  }

  private static void h2(Path base, Path work) throws Exception {
    Path script = work.resolve("live.sql");
    Path fresh = work.resolve("live");
    Files.deleteIfExists(script);
    Files.deleteIfExists(work.resolve("live.mv.db"));
    try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + base + H2_MODE);
        Statement s = c.createStatement()) {
      s.execute("SCRIPT TO '" + sql(script) + "'");
    }
    try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + fresh + H2_MODE);
        Statement s = c.createStatement()) {
      s.execute("RUNSCRIPT FROM '" + sql(script) + "'");
      s.execute("SHUTDOWN COMPACT");
    }
    report(
        size(work.resolve("live.mv.db")),
        "H2 SCRIPT, RUNSCRIPT into a fresh database, SHUTDOWN COMPACT");
  }

  private static String sql(Path p) {
    return p.toString().replace("'", "''");
  }

  private static long size(Path p) {
    try {
      return Files.size(p);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("no compact copy at " + p, e);
    }
  }

  private static void report(long bytes, String method) {
    System.out.println("live_bytes=" + bytes + " method=" + method);
  }
}
