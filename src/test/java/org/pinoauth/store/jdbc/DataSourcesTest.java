package org.pinoauth.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pinoauth.boot.Pinoauth;
import org.pinoauth.config.Config;
import org.pinoauth.config.Settings;
import org.pinoauth.testing.LogCapture;

/**
 * Which engine and file the embedded store gets (SQLite by default, H2 with data.engine=h2), with
 * SQLite's pragmas, which H2 durability each kind of H2 store gets (docs/configuration.md), the
 * pool settings the pool gets, and how opening waits for a database that cannot be reached
 * (docs/postgresql.md).
 */
class DataSourcesTest {

  private static StoreSettings config(Map<String, String> settings) {
    return Pinoauth.storeSettings(Config.from(new Settings(key -> null, Map.of(), settings::get)));
  }

  @Test
  void withH2SettingsWhenUrlChoosesNoModeThenPostgresModeAndEveryCommitWritten() {
    String url = DataSources.withH2Settings("jdbc:h2:file:/tmp/x/pinoauth");

    assertTrue(url.contains(";MODE=PostgreSQL;"), url);
    assertTrue(url.endsWith(";WRITE_DELAY=0"), url);
  }

  @Test
  void withH2SettingsWhenUrlChoosesModeThenUsedAsItIs() {
    String own = "jdbc:h2:file:/tmp/x/pinoauth;MODE=PostgreSQL;WRITE_DELAY=500";

    assertEquals(own, DataSources.withH2Settings(own));
  }

  /** The settings of an embedded store in {@code dataDir} on {@code engine}. */
  private static Map<String, String> embedded(Path dataDir, String engine) {
    return Map.of("pinoauth.data.dir", dataDir.toString(), "pinoauth.data.engine", engine);
  }

  private static String storeFile(String engine) {
    return engine.equals("h2") ? "pinoauth.mv.db" : "pinoauth.db";
  }

  @Test
  void openWhenEmbeddedH2ThenGroupCommitPool(@TempDir Path dataDir) {
    DataSource dataSource = DataSources.open(config(embedded(dataDir, "h2")), registry());
    try {
      assertInstanceOf(GroupCommitPool.class, dataSource);
      assertTrue(dataDir.resolve("pinoauth.mv.db").toFile().isFile());
    } finally {
      DataSources.close(dataSource);
    }
  }

  @Test
  void openWhenEmbeddedStoreAndNoEngineThenSqliteFileInWalWithIncrementalVacuum(
      @TempDir Path dataDir) throws SQLException {
    DataSource dataSource =
        DataSources.open(config(Map.of("pinoauth.data.dir", dataDir.toString())), registry());
    try {
      assertInstanceOf(SqlitePool.class, dataSource);
      assertTrue(dataDir.resolve("pinoauth.db").toFile().isFile());
      assertFalse(dataDir.resolve("pinoauth.mv.db").toFile().exists());
      try (Connection connection = dataSource.getConnection();
          Statement statement = connection.createStatement()) {
        assertEquals("wal", pragma(statement, "journal_mode"));
        assertEquals("2", pragma(statement, "auto_vacuum"), "INCREMENTAL");
        assertEquals("6", pragma(statement, "(SELECT max(version) FROM flyway_schema_history)"));
      }
    } finally {
      DataSources.close(dataSource);
    }
  }

  @Test
  void openWhenSqliteThenWritesGoThroughTheWriterAndReadersAreReadOnly(@TempDir Path dataDir)
      throws SQLException {
    DataSource dataSource = DataSources.open(config(embedded(dataDir, "sqlite")), registry());
    try {
      Jdbc jdbc = new Jdbc(dataSource);
      jdbc.write(
          connection -> {
            try (Statement statement = connection.createStatement()) {
              assertEquals("1", pragma(statement, "foreign_keys"));
              assertEquals("2", pragma(statement, "synchronous"), "FULL");
              assertEquals(
                  String.valueOf(SqlitePool.JOURNAL_SIZE_LIMIT),
                  pragma(statement, "journal_size_limit"));
              return statement.executeUpdate(
                  "INSERT INTO token_key (id, key_value, created_at) VALUES (1, 'k', 0)");
            }
          });
      assertEquals("k", jdbc.read(connection -> pragma(connection, "key_value FROM token_key")));
      try (Connection reader = dataSource.getConnection();
          Statement statement = reader.createStatement()) {
        assertThrows(SQLException.class, () -> statement.execute("DELETE FROM token_key"));
      }
    } finally {
      DataSources.close(dataSource);
    }
  }

  @Test
  void openWhenSqliteDbUrlThenSqlitePoolOnThatFileAndDataDirUntouched(@TempDir Path tmp) {
    Path file = tmp.resolve("elsewhere.db");
    Path dataDir = tmp.resolve("unused");
    DataSource dataSource =
        DataSources.open(
            config(
                Map.of(
                    "pinoauth.db.url",
                    "jdbc:sqlite:" + file,
                    "pinoauth.data.dir",
                    dataDir.toString())),
            registry());
    try {
      assertInstanceOf(SqlitePool.class, dataSource);
      assertTrue(file.toFile().isFile());
      assertFalse(dataDir.toFile().exists());
    } finally {
      DataSources.close(dataSource);
    }
  }

  @Test
  void describeWhenEmbeddedThenEngineAndFile() {
    assertEquals(
        "embedded SQLite at /var/lib/pinoauth/pinoauth.db",
        DataSources.describe(config(Map.of("pinoauth.data.dir", "/var/lib/pinoauth"))));
    assertEquals(
        "embedded H2 at /var/lib/pinoauth/pinoauth.mv.db",
        DataSources.describe(config(embedded(Path.of("/var/lib/pinoauth"), "h2"))));
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "h2"})
  void openWhenEmbeddedStoreInNewFolderThenFolderAndFilesPrivate(String engine, @TempDir Path tmp)
      throws IOException {
    assumeTrue(tmp.getFileSystem().supportedFileAttributeViews().contains("posix"));
    Path dataDir = tmp.resolve("store");

    DataSource dataSource = DataSources.open(config(embedded(dataDir, engine)), registry());
    try {
      assertEquals("rwx------", permissions(dataDir));
      try (Stream<Path> files = Files.list(dataDir)) {
        List<Path> all = files.toList();
        assertTrue(all.contains(dataDir.resolve(storeFile(engine))), all.toString());
        for (Path file : all) {
          assertEquals("rw-------", permissions(file), file.toString());
        }
      }
    } finally {
      DataSources.close(dataSource);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "h2"})
  void openWhenEmbeddedStoreFilesOpenToOthersThenMadePrivate(String engine, @TempDir Path dataDir)
      throws IOException {
    assumeTrue(dataDir.getFileSystem().supportedFileAttributeViews().contains("posix"));
    DataSources.close(DataSources.open(config(embedded(dataDir, engine)), registry()));
    Path file = dataDir.resolve(storeFile(engine));
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

    DataSources.close(DataSources.open(config(embedded(dataDir, engine)), registry()));

    assertEquals("rw-------", permissions(file));
  }

  private static SimpleMeterRegistry registry() {
    return new SimpleMeterRegistry();
  }

  /** The one value {@code SELECT <what>} answers, as text ({@code PRAGMA x} when a bare name). */
  private static String pragma(Statement statement, String what) throws SQLException {
    String sql = what.matches("[a-z_]+") ? "PRAGMA " + what : "SELECT " + what;
    try (ResultSet row = statement.executeQuery(sql)) {
      assertTrue(row.next(), sql);
      return row.getString(1);
    }
  }

  private static String pragma(Connection connection, String what) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      return pragma(statement, what);
    }
  }

  private static String permissions(Path path) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
  }

  @Test
  void openWhenH2DbUrlThenPlainPoolWithoutGroupCommit(@TempDir Path dataDir) {
    String url = "jdbc:h2:file:" + dataDir.resolve("other");
    DataSource dataSource =
        DataSources.open(config(Map.of("pinoauth.db.url", url)), new SimpleMeterRegistry());
    try {
      assertFalse(dataSource instanceof GroupCommitPool);
    } finally {
      DataSources.close(dataSource);
    }
  }

  @Test
  void openWhenPoolSettingsSetThenThePoolUsesThem(@TempDir Path dataDir) {
    String url = "jdbc:h2:file:" + dataDir.resolve("other");
    DataSource dataSource =
        DataSources.open(
            config(
                Map.of(
                    "pinoauth.db.url", url,
                    "pinoauth.db.pool.size", "3",
                    "pinoauth.db.pool.timeout", "1234")),
            new SimpleMeterRegistry());
    try {
      HikariDataSource pool = assertInstanceOf(HikariDataSource.class, dataSource);
      assertEquals(3, pool.getMaximumPoolSize());
      assertEquals(1234, pool.getConnectionTimeout());
    } finally {
      DataSources.close(dataSource);
    }
  }

  @Test
  void openWhenEmbeddedStoreThenThePoolUsesThePoolSettings(@TempDir Path dataDir) {
    DataSource dataSource =
        DataSources.open(
            config(
                Map.of(
                    "pinoauth.data.dir", dataDir.toString(),
                    "pinoauth.db.pool.size", "4",
                    "pinoauth.db.pool.timeout", "2500")),
            new SimpleMeterRegistry());
    try {
      HikariDataSource pool = assertInstanceOf(HikariDataSource.class, dataSource);
      assertEquals(4, pool.getMaximumPoolSize());
      assertEquals(2500, pool.getConnectionTimeout());
    } finally {
      DataSources.close(dataSource);
    }
  }

  @Test
  void openWhenDatabaseRefusesConnectionsAndNoStartWaitThenFailsWithoutWaiting()
      throws IOException {
    Map<String, String> settings = unreachablePostgres("0");

    try (LogCapture logs = LogCapture.start()) {
      assertThrows(
          RuntimeException.class,
          () -> DataSources.open(config(settings), new SimpleMeterRegistry()));

      assertEquals(List.of(), startWaitLines(logs));
    }
  }

  @Test
  void openWhenDatabaseRefusesConnectionsThenWarnsOnEachAttemptAndFailsAfterTheWait()
      throws IOException {
    Map<String, String> settings = unreachablePostgres("1");

    try (LogCapture logs = LogCapture.start()) {
      RuntimeException e =
          assertThrows(
              RuntimeException.class,
              () -> DataSources.open(config(settings), new SimpleMeterRegistry()));

      assertTrue(StartWait.unreachable(e).isPresent(), "failed for the unreachable database");
      List<LogCapture.Entry> warnings = startWaitLines(logs);
      assertFalse(warnings.isEmpty(), "one warning per attempt");
      for (LogCapture.Entry warning : warnings) {
        assertEquals(Level.WARNING, warning.level());
        assertTrue(warning.text().contains("SQLState 08001"), warning.text());
        assertFalse(warning.text().contains("hunter2"), "no password: " + warning.text());
        assertFalse(warning.text().contains("jdbc:"), "no URL: " + warning.text());
      }
    }
  }

  /** Settings for a PostgreSQL nobody listens for, with a password that must not be logged. */
  private static Map<String, String> unreachablePostgres(String startWaitSeconds)
      throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    return Map.of(
        "pinoauth.db.url",
        "jdbc:postgresql://127.0.0.1:" + port + "/pinoauth?password=hunter2",
        "pinoauth.db.password",
        "hunter2",
        "pinoauth.db.pool.timeout",
        "250",
        "pinoauth.db.start.wait",
        startWaitSeconds);
  }

  private static List<LogCapture.Entry> startWaitLines(LogCapture logs) {
    return logs.entries().stream()
        .filter(entry -> entry.logger().equals(StartWait.class.getName()))
        .toList();
  }
}
