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
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pinoauth.boot.Pinoauth;
import org.pinoauth.config.Config;
import org.pinoauth.config.Settings;
import org.pinoauth.testing.LogCapture;

/**
 * Which H2 durability each kind of H2 store gets (docs/configuration.md), the pool settings the
 * pool gets, and how opening waits for a database that cannot be reached (docs/postgresql.md).
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

  @Test
  void openWhenEmbeddedStoreThenGroupCommitPool(@TempDir Path dataDir) {
    DataSource dataSource =
        DataSources.open(
            config(Map.of("pinoauth.data.dir", dataDir.toString())), new SimpleMeterRegistry());
    try {
      assertInstanceOf(GroupCommitPool.class, dataSource);
      assertTrue(dataDir.resolve("pinoauth.mv.db").toFile().isFile());
    } finally {
      DataSources.close(dataSource);
    }
  }

  @Test
  void openWhenEmbeddedStoreInNewFolderThenFolderAndFilesPrivate(@TempDir Path tmp)
      throws IOException {
    assumeTrue(tmp.getFileSystem().supportedFileAttributeViews().contains("posix"));
    Path dataDir = tmp.resolve("store");

    DataSource dataSource =
        DataSources.open(
            config(Map.of("pinoauth.data.dir", dataDir.toString())), new SimpleMeterRegistry());
    try {
      assertEquals("rwx------", permissions(dataDir));
      assertEquals("rw-------", permissions(dataDir.resolve("pinoauth.mv.db")));
    } finally {
      DataSources.close(dataSource);
    }
  }

  @Test
  void openWhenEmbeddedStoreFilesOpenToOthersThenMadePrivate(@TempDir Path dataDir)
      throws IOException {
    assumeTrue(dataDir.getFileSystem().supportedFileAttributeViews().contains("posix"));
    DataSources.close(
        DataSources.open(
            config(Map.of("pinoauth.data.dir", dataDir.toString())), new SimpleMeterRegistry()));
    Path file = dataDir.resolve("pinoauth.mv.db");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

    DataSources.close(
        DataSources.open(
            config(Map.of("pinoauth.data.dir", dataDir.toString())), new SimpleMeterRegistry()));

    assertEquals("rw-------", permissions(file));
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
