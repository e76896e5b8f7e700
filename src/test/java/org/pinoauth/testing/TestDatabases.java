package org.pinoauth.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import javax.sql.DataSource;
import org.sqlite.SQLiteConfig;

/**
 * The store the integration tests run on, chosen by the system property {@code
 * pinoauth.test.store}: {@code sqlite} (the default: the embedded store as it ships), {@code h2}
 * (the embedded store with {@code data.engine=h2}) or {@code postgres}; failsafe runs the suite
 * once with each. PostgreSQL is one embedded server per test JVM (from Maven Central, via zonky),
 * with a database per data folder, so tests that restart a server on the same folder find their
 * data. Its version is that of zonky's binaries on the class path, or of the binaries jar that
 * {@code pinoauth.test.postgres.binaries} names (failsafe's postgres14 run: the oldest supported
 * one).
 */
public final class TestDatabases {
  private static EmbeddedPostgres postgres;

  private TestDatabases() {}

  public static boolean postgresSelected() {
    return store().equals("postgres");
  }

  /** Whether the suite runs on the embedded store's SQLite engine, the default. */
  public static boolean sqliteSelected() {
    return store().equals("sqlite");
  }

  /** Whether the suite runs on the embedded store's H2 engine ({@code data.engine=h2}). */
  public static boolean h2Selected() {
    return store().equals("h2");
  }

  /**
   * The {@code data.engine} of the embedded stores this run starts: {@code h2} on the H2 run,
   * {@code sqlite} otherwise (the PostgreSQL runs start embedded stores only where a test asks).
   */
  public static String embeddedEngine() {
    return h2Selected() ? "h2" : "sqlite";
  }

  /** The file of the embedded store in {@code dataDir} on this run's engine. */
  public static Path embeddedStoreFile(Path dataDir) {
    return dataDir.resolve(h2Selected() ? "pinoauth.mv.db" : "pinoauth.db");
  }

  /**
   * A JDBC URL that opens the store of {@code dataDir} from a test: the suite's PostgreSQL database
   * of it, or the embedded store's file, in the dialect pinoauth uses it in.
   */
  public static String urlFor(Path dataDir) {
    if (postgresSelected()) {
      return postgresUrlFor(dataDir);
    }
    if (h2Selected()) {
      return "jdbc:h2:file:"
          + dataDir.resolve("pinoauth").toAbsolutePath()
          + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
    }
    return "jdbc:sqlite:" + embeddedStoreFile(dataDir).toAbsolutePath();
  }

  /** Whether {@code dataSource} is a SQLite store (its reads run on read-only connections). */
  public static boolean isSqlite(DataSource dataSource) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      return connection.getMetaData().getDatabaseProductName().equals("SQLite");
    }
  }

  /**
   * A connection to the store of {@code dataSource} that may write, for a test that changes rows
   * behind the server's back: one of the pool's, or on SQLite, whose pool reads only, a connection
   * of its own to the same file (it waits its turn behind the server's writer).
   */
  public static Connection writableConnection(DataSource dataSource) throws SQLException {
    String url;
    try (Connection connection = dataSource.getConnection()) {
      if (!connection.getMetaData().getDatabaseProductName().equals("SQLite")) {
        return dataSource.getConnection();
      }
      url = connection.getMetaData().getURL();
    }
    SQLiteConfig config = new SQLiteConfig();
    config.setBusyTimeout(10_000);
    config.enforceForeignKeys(true);
    return DriverManager.getConnection(url, config.toProperties());
  }

  private static String store() {
    return System.getProperty("pinoauth.test.store", "sqlite").strip().toLowerCase(Locale.ROOT);
  }

  /** The JDBC URL of the PostgreSQL database that belongs to {@code dataDir}, created if new. */
  public static synchronized String postgresUrlFor(Path dataDir) {
    EmbeddedPostgres server = postgres();
    String name =
        "t" + HexFormat.of().formatHex(sha256(dataDir.toAbsolutePath().toString()), 0, 12);
    try (Connection admin = server.getPostgresDatabase().getConnection();
        Statement statement = admin.createStatement()) {
      boolean exists;
      try (ResultSet row =
          statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'")) {
        exists = row.next();
      }
      if (!exists) {
        statement.execute("CREATE DATABASE " + name);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot create test database " + name, e);
    }
    return server.getJdbcUrl("postgres", name);
  }

  private static EmbeddedPostgres postgres() {
    if (postgres == null) {
      try {
        postgres = embeddedPostgres().start();
      } catch (IOException e) {
        throw new UncheckedIOException("Embedded PostgreSQL did not start", e);
      }
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try {
                      postgres.close();
                    } catch (IOException ignored) {
                      // The JVM is going away either way.
                    }
                  }));
    }
    return postgres;
  }

  /**
   * A builder of an embedded PostgreSQL of this run's version: every test that starts one goes
   * through here, so that a run on another PostgreSQL version runs all of them on it.
   */
  public static EmbeddedPostgres.Builder embeddedPostgres() {
    EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
    String binaries = System.getProperty("pinoauth.test.postgres.binaries", "");
    if (!binaries.isBlank()) {
      Path jar = Path.of(binaries);
      builder.setPgBinaryResolver((system, hardware) -> binaryIn(jar, system, hardware));
    }
    return builder;
  }

  /**
   * The packed PostgreSQL of one of zonky's binaries jars. Jars of different versions carry it
   * under the same name, so only one version can come from the class path; the others are read from
   * their jar file.
   */
  private static InputStream binaryIn(Path jar, String system, String hardware) throws IOException {
    String name = ("postgres-" + system + "-" + hardware + ".txz").toLowerCase(Locale.ROOT);
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      ZipEntry entry = zip.getEntry(name);
      if (entry == null) {
        throw new IOException(jar + " has no " + name + " (binaries for another platform?)");
      }
      try (InputStream packed = zip.getInputStream(entry)) {
        return new ByteArrayInputStream(packed.readAllBytes());
      }
    }
  }

  private static byte[] sha256(String text) {
    try {
      return java.security.MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
