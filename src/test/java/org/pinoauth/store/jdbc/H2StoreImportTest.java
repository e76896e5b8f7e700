package org.pinoauth.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pinoauth.testing.LogCapture;

/**
 * The import of an embedded H2 store made by pinoauth 0.1.0 (src/test/resources/upgrade/h2-0.1.0)
 * into SQLite: every row, or nothing and the H2 file untouched.
 */
class H2StoreImportTest {
  private static final List<String> TABLES =
      List.of(
          "app",
          "app_allowed_origin",
          "app_grant_type",
          "app_redirect_uri",
          "app_scope",
          "authorization_code",
          "consent",
          "refresh_token",
          "revoked_access_token",
          "token_family",
          "token_key",
          "user_grant");

  @TempDir Path dataDir;

  @Test
  void runWhenH2StoreAndNoSqliteStoreThenEveryRowCopiedAndH2KeptAsBackup() throws Exception {
    copyFixture();
    String[][] before = dump(h2(dataDir.resolve("pinoauth")));

    try (LogCapture log = LogCapture.start()) {
      assertTrue(H2StoreImport.runIfNeeded(dataDir));

      List<LogCapture.Entry> imported =
          log.entries().stream().filter(e -> e.text().contains("imported")).toList();
      assertEquals(1, imported.size(), imported.toString());
      assertEquals(Level.INFO, imported.get(0).level());
      assertTrue(imported.get(0).text().contains("token_family 2"), imported.toString());
      assertTrue(
          imported.get(0).text().contains("kept as " + dataDir.resolve("pinoauth.mv.db.h2-backup")),
          imported.toString());
    }

    assertFalse(Files.exists(dataDir.resolve("pinoauth.mv.db")));
    assertTrue(Files.exists(dataDir.resolve("pinoauth.mv.db.h2-backup")));
    assertFalse(Files.exists(dataDir.resolve(H2StoreImport.TEMPORARY_FILE)));
    String[][] after = dump(sqlite());
    assertArrayEquals(before[0], after[0], "row counts per table");
    assertArrayEquals(before[1], after[1], "rows");
    try (Connection sqlite = sqlite()) {
      assertEquals(2, query(sqlite, "PRAGMA auto_vacuum"), "auto_vacuum=INCREMENTAL");
      assertEquals(2, query(sqlite, "SELECT seq FROM sqlite_sequence WHERE name = 'token_family'"));
    }
    if (dataDir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      assertEquals("rw-------", permissions(dataDir.resolve("pinoauth.db")));
      assertEquals("rw-------", permissions(dataDir.resolve("pinoauth.mv.db.h2-backup")));
    }
  }

  @Test
  void runWhenH2GaveOutIdsWhoseRowsAreGoneThenSqliteNeverGivesThemAgain() throws Exception {
    copyFixture();
    try (Connection h2 = h2(dataDir.resolve("pinoauth"));
        Statement statement = h2.createStatement()) {
      statement.execute("DELETE FROM token_family WHERE id = 2");
    }

    assertTrue(H2StoreImport.runIfNeeded(dataDir));

    try (Connection sqlite = sqlite();
        Statement statement = sqlite.createStatement()) {
      statement.execute(
          "INSERT INTO token_family (client_id, username, created_at)"
              + " VALUES ('upgrade-public', 'pinner', 0)");
      assertEquals(3, query(sqlite, "SELECT MAX(id) FROM token_family"));
    }
  }

  @Test
  void runWhenH2StoreAtAnOlderSchemaThenMigratedFirstThenImported() throws Exception {
    String url = "jdbc:h2:file:" + dataDir.resolve("pinoauth") + DataSources.H2_SETTINGS;
    Flyway.configure()
        .dataSource(url, null, null)
        .locations("classpath:db/migration")
        .target("2")
        .load()
        .migrate();
    try (Connection h2 = DriverManager.getConnection(url);
        Statement statement = h2.createStatement()) {
      statement.execute(
          "INSERT INTO app (client_id, name, secret_hash, refresh_mode, owner_username,"
              + " created_at) VALUES ('old', 'Old app', 'hash', 'continuous', 'pinner', 1)");
    }

    assertTrue(H2StoreImport.runIfNeeded(dataDir));

    try (Connection sqlite = sqlite();
        Statement statement = sqlite.createStatement();
        ResultSet app =
            statement.executeQuery(
                "SELECT name, token_endpoint_auth_method FROM app WHERE client_id = 'old'")) {
      assertTrue(app.next());
      assertEquals("Old app", app.getString(1));
      assertEquals("client_secret_basic", app.getString(2), "V3's default, from H2's migration");
    }
  }

  @Test
  void runWhenSqliteStoreExistsThenNothingImported() throws Exception {
    copyFixture();
    Files.writeString(dataDir.resolve("pinoauth.db"), "");

    assertFalse(H2StoreImport.runIfNeeded(dataDir));

    assertTrue(Files.exists(dataDir.resolve("pinoauth.mv.db")));
    assertEquals(0, Files.size(dataDir.resolve("pinoauth.db")));
  }

  @Test
  void runWhenNoH2StoreThenNothingImported() {
    assertFalse(H2StoreImport.runIfNeeded(dataDir));

    assertFalse(Files.exists(dataDir.resolve("pinoauth.db")));
  }

  @Test
  void runWhenAnEarlierImportStoppedHalfWayThenItsFilesReplaced() throws Exception {
    copyFixture();
    Files.writeString(dataDir.resolve(H2StoreImport.TEMPORARY_FILE), "not a database");
    Files.writeString(dataDir.resolve(H2StoreImport.TEMPORARY_FILE + "-journal"), "half");

    assertTrue(H2StoreImport.runIfNeeded(dataDir));

    assertFalse(Files.exists(dataDir.resolve(H2StoreImport.TEMPORARY_FILE + "-journal")));
    try (Connection sqlite = sqlite()) {
      assertEquals(2, query(sqlite, "SELECT COUNT(*) FROM app"));
    }
  }

  @Test
  void runWhenBackupNameTakenThenNextFreeName() throws Exception {
    copyFixture();
    Files.writeString(dataDir.resolve("pinoauth.mv.db.h2-backup"), "an earlier backup");

    assertTrue(H2StoreImport.runIfNeeded(dataDir));

    assertEquals(
        "an earlier backup", Files.readString(dataDir.resolve("pinoauth.mv.db.h2-backup")));
    assertTrue(Files.exists(dataDir.resolve("pinoauth.mv.db.h2-backup-2")));
  }

  @Test
  void runWhenTargetCannotBeWrittenThenFailsAndH2Untouched() throws Exception {
    copyFixture();
    byte[] h2 = Files.readAllBytes(dataDir.resolve("pinoauth.mv.db"));
    // A folder where the temporary file goes, holding a file: neither deleted nor opened.
    Files.createDirectories(dataDir.resolve(H2StoreImport.TEMPORARY_FILE).resolve("x"));

    IllegalStateException failure =
        assertThrows(IllegalStateException.class, () -> H2StoreImport.runIfNeeded(dataDir));

    assertTrue(
        failure
            .getMessage()
            .startsWith(
                "Cannot import the embedded H2 store "
                    + dataDir.resolve("pinoauth.mv.db")
                    + " into SQLite; it is left as it was"),
        failure.getMessage());
    assertArrayEquals(h2, Files.readAllBytes(dataDir.resolve("pinoauth.mv.db")));
    assertFalse(Files.exists(dataDir.resolve("pinoauth.db")));
    assertFalse(Files.exists(dataDir.resolve("pinoauth.mv.db.h2-backup")));
  }

  @Test
  void runWhenH2HasATableSqliteLacksThenFailsAndNothingLeftBehind() throws Exception {
    copyFixture();
    try (Connection h2 = h2(dataDir.resolve("pinoauth"));
        Statement statement = h2.createStatement()) {
      statement.execute("CREATE TABLE notes (id INT PRIMARY KEY)");
    }

    IllegalStateException failure =
        assertThrows(IllegalStateException.class, () -> H2StoreImport.runIfNeeded(dataDir));

    assertTrue(failure.getMessage().contains("notes"), failure.getMessage());
    assertTrue(Files.exists(dataDir.resolve("pinoauth.mv.db")));
    try (Stream<Path> files = Files.list(dataDir)) {
      assertEquals(
          List.of("pinoauth.mv.db"),
          files
              .map(f -> f.getFileName().toString())
              .filter(n -> !n.endsWith(".trace.db"))
              .toList());
    }
  }

  @Test
  void runWhenH2FileCorruptThenFailsAndItStaysAsItWas() throws Exception {
    Path h2 = dataDir.resolve("pinoauth.mv.db");
    Files.writeString(h2, "H:2,block:2,blockSize:1000,chunk:1 and then nothing H2 can read");
    byte[] corrupt = Files.readAllBytes(h2);

    assertThrows(IllegalStateException.class, () -> H2StoreImport.runIfNeeded(dataDir));

    assertArrayEquals(corrupt, Files.readAllBytes(h2));
    assertFalse(Files.exists(dataDir.resolve("pinoauth.db")));
    assertFalse(Files.exists(dataDir.resolve(H2StoreImport.TEMPORARY_FILE)));
  }

  private void copyFixture() throws IOException {
    try (InputStream fixture =
        H2StoreImportTest.class.getResourceAsStream("/upgrade/h2-0.1.0/pinoauth.mv.db")) {
      Files.copy(fixture, dataDir.resolve("pinoauth.mv.db"));
    }
  }

  private static Connection h2(Path file) throws SQLException {
    return DriverManager.getConnection("jdbc:h2:file:" + file + DataSources.H2_SETTINGS);
  }

  private Connection sqlite() throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("pinoauth.db"));
  }

  /** Row counts per table, then every row of every table in key order, as text; closes it. */
  private static String[][] dump(Connection connection) throws SQLException {
    try (connection) {
      String[] counts = new String[TABLES.size()];
      StringBuilder rows = new StringBuilder();
      for (int t = 0; t < TABLES.size(); t++) {
        String table = TABLES.get(t);
        counts[t] = table + " " + query(connection, "SELECT COUNT(*) FROM " + table);
        try (Statement statement = connection.createStatement();
            ResultSet row = statement.executeQuery("SELECT * FROM " + table + " ORDER BY 1, 2")) {
          while (row.next()) {
            Map<String, Object> columns = new TreeMap<>();
            for (int c = 1; c <= row.getMetaData().getColumnCount(); c++) {
              Object value = row.getObject(c);
              // SQLite keeps a BOOLEAN as 0 or 1, and any whole number as it fits.
              columns.put(
                  row.getMetaData().getColumnName(c).toLowerCase(Locale.ROOT),
                  value instanceof Boolean b ? (b ? "1" : "0") : String.valueOf(value));
            }
            rows.append(table).append(' ').append(columns).append('\n');
          }
        }
      }
      return new String[][] {counts, rows.toString().split("\n")};
    }
  }

  private static long query(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery(sql)) {
      assertTrue(row.next(), sql);
      return row.getLong(1);
    }
  }

  private static String permissions(Path path) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
  }
}
