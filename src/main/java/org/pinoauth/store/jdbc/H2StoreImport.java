package org.pinoauth.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.h2.jdbcx.JdbcDataSource;
import org.sqlite.SQLiteDataSource;

/**
 * Moves an embedded H2 store ({@code pinoauth.mv.db}, the only embedded engine before issue 15)
 * into a new SQLite store ({@code pinoauth.db}) at the first start on SQLite, so apps, tokens and
 * the token key keep working after the upgrade. Every row is copied in one transaction into a
 * temporary file, the counts are checked, and only then does the file take its final name by an
 * atomic rename, after which the H2 file is renamed to a backup. A crash or failure anywhere before
 * that rename leaves the H2 store as it was, and the next start imports again; a failure stops the
 * start.
 */
final class H2StoreImport {
  static final String SQLITE_FILE = "pinoauth.db";
  static final String H2_FILE = "pinoauth.mv.db";
  static final String TEMPORARY_FILE = "pinoauth.db.import";
  static final String BACKUP_SUFFIX = ".h2-backup";

  private static final String H2_TRACE_FILE = "pinoauth.trace.db";
  private static final String FLYWAY_TABLE = "flyway_schema_history";
  private static final int BATCH = 1_000;
  private static final Logger LOG = System.getLogger(H2StoreImport.class.getName());

  private final Path folder;

  private H2StoreImport(Path folder) {
    this.folder = folder;
  }

  /**
   * Imports the H2 store of {@code folder} into SQLite when the folder holds one and no SQLite
   * store.
   *
   * @return whether it imported
   * @throws IllegalStateException when the import failed (the H2 store is left in place)
   */
  static boolean runIfNeeded(Path folder) {
    if (Files.exists(folder.resolve(SQLITE_FILE)) || !Files.exists(folder.resolve(H2_FILE))) {
      return false;
    }
    new H2StoreImport(folder).run();
    return true;
  }

  private void run() {
    Path temporary = folder.resolve(TEMPORARY_FILE);
    Map<String, Long> counts;
    try {
      deleteTemporaryFiles();
      counts = copyIntoTemporary(temporary);
      Files.move(temporary, folder.resolve(SQLITE_FILE), StandardCopyOption.ATOMIC_MOVE);
      syncFolder();
    } catch (SQLException | IOException | RuntimeException e) {
      try {
        deleteTemporaryFiles();
      } catch (IOException alsoFailed) {
        e.addSuppressed(alsoFailed);
      }
      throw new IllegalStateException(
          "Cannot import the embedded H2 store "
              + folder.resolve(H2_FILE)
              + " into SQLite; it is left as it was, and the next start tries again"
              + " (data.engine=h2 keeps using it): "
              + e,
          e);
    }
    Path backup = backUpH2Files();
    EmbeddedStoreFolder.tightenFiles(folder);
    LOG.log(
        Level.INFO,
        "Store: imported the embedded H2 store into "
            + folder.resolve(SQLITE_FILE)
            + ", "
            + counts.values().stream().mapToLong(Long::longValue).sum()
            + " rows ("
            + counts.entrySet().stream()
                .map(count -> count.getKey() + " " + count.getValue())
                .collect(Collectors.joining(", "))
            + "); the H2 file is kept as "
            + backup);
  }

  /** Copies every row into a new SQLite store at {@code temporary}; returns the rows per table. */
  private Map<String, Long> copyIntoTemporary(Path temporary) throws SQLException {
    JdbcDataSource h2Source = new JdbcDataSource();
    h2Source.setURL("jdbc:h2:file:" + folder.resolve("pinoauth") + DataSources.H2_SETTINGS);
    String url = "jdbc:sqlite:" + temporary;
    // One H2 connection held open throughout, so H2 opens (and compacts at close) its file once.
    try (Connection h2 = h2Source.getConnection()) {
      DataSources.migrate(h2Source); // an older store first reaches the newest H2 schema
      EmbeddedStoreFolder.createPrivateFile(temporary);
      try (SqlitePool target = new SqlitePool(new HikariConfig(), url)) {
        target.migrate(); // as the store makes a new file: auto_vacuum, WAL, then the schema
      }
      SQLiteDataSource writing = new SQLiteDataSource(SqlitePool.writerConfig());
      writing.setUrl(url);
      try (Connection sqlite = writing.getConnection()) {
        h2.setAutoCommit(false);
        h2.setReadOnly(true);
        sqlite.setAutoCommit(false);
        Map<String, Long> counts = copyRows(h2, sqlite);
        sqlite.commit();
        sqlite.setAutoCommit(true);
        standAlone(sqlite);
        return counts;
      }
    }
  }

  /**
   * Folds the WAL into the file and ends it, so that the file alone is the store when it is
   * renamed; the store sets WAL again when it opens it.
   */
  private static void standAlone(Connection sqlite) throws SQLException {
    try (Statement statement = sqlite.createStatement();
        ResultSet mode = statement.executeQuery("PRAGMA journal_mode = DELETE")) {
      if (!mode.next() || !mode.getString(1).equalsIgnoreCase("delete")) {
        throw new IllegalStateException("SQLite kept its WAL after the import");
      }
    }
  }

  private static Map<String, Long> copyRows(Connection h2, Connection sqlite) throws SQLException {
    List<String> tables = tablesInForeignKeyOrder(sqlite);
    Set<String> h2Tables =
        names(
            h2,
            "SELECT table_name FROM information_schema.tables"
                + " WHERE table_schema = 'public' AND table_type = 'BASE TABLE'",
            "table_name");
    h2Tables.remove(FLYWAY_TABLE);
    requireSame("tables", h2Tables, tables);
    Map<String, Long> counts = new LinkedHashMap<>();
    for (String table : tables) {
      List<String> columns =
          new ArrayList<>(names(sqlite, "PRAGMA table_info(" + table + ")", "name"));
      requireSame(table + " columns", columnsInH2(h2, table), columns);
      counts.put(table, copyTable(h2, sqlite, table, columns));
    }
    carryIdentities(h2, sqlite);
    for (String table : tables) {
      long inH2 = count(h2, table);
      long inSqlite = count(sqlite, table);
      if (inH2 != counts.get(table) || inSqlite != inH2) {
        throw new IllegalStateException(
            table + ": H2 holds " + inH2 + " rows, SQLite " + inSqlite + " after the copy");
      }
    }
    return counts;
  }

  private static long copyTable(
      Connection h2, Connection sqlite, String table, List<String> columns) throws SQLException {
    String list = String.join(", ", columns);
    String parameters = String.join(", ", columns.stream().map(column -> "?").toList());
    long copied = 0;
    try (Statement read = h2.createStatement();
        ResultSet rows = read.executeQuery("SELECT " + list + " FROM " + table);
        PreparedStatement insert =
            sqlite.prepareStatement(
                "INSERT INTO " + table + " (" + list + ") VALUES (" + parameters + ")")) {
      while (rows.next()) {
        for (int i = 1; i <= columns.size(); i++) {
          insert.setObject(i, rows.getObject(i));
        }
        insert.addBatch();
        if (++copied % BATCH == 0) {
          insert.executeBatch();
        }
      }
      insert.executeBatch();
    }
    return copied;
  }

  /**
   * Continues SQLite's AUTOINCREMENT where H2's identity columns stood, so an id H2 gave out and
   * whose row is gone (a purged token family) is not given out again.
   */
  private static void carryIdentities(Connection h2, Connection sqlite) throws SQLException {
    try (Statement statement = h2.createStatement();
        ResultSet identity =
            statement.executeQuery(
                "SELECT table_name, identity_base FROM information_schema.columns"
                    + " WHERE table_schema = 'public' AND is_identity = 'YES'")) {
      while (identity.next()) {
        String table = identity.getString(1);
        long lastGiven = identity.getLong(2) - 1;
        try (PreparedStatement update =
            sqlite.prepareStatement(
                "UPDATE sqlite_sequence SET seq = MAX(seq, ?) WHERE name = ?")) {
          update.setLong(1, lastGiven);
          update.setString(2, table);
          if (update.executeUpdate() == 0) {
            try (PreparedStatement insert =
                sqlite.prepareStatement("INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)")) {
              insert.setString(1, table);
              insert.setLong(2, lastGiven);
              insert.executeUpdate();
            }
          }
        }
      }
    }
  }

  /** SQLite's tables, each after the tables its foreign keys reference. */
  private static List<String> tablesInForeignKeyOrder(Connection sqlite) throws SQLException {
    Set<String> tables =
        new TreeSet<>(
            names(
                sqlite,
                "SELECT name FROM sqlite_master WHERE type = 'table'"
                    + " AND name NOT LIKE 'sqlite_%'",
                "name"));
    tables.remove(FLYWAY_TABLE);
    Map<String, Set<String>> parents = new LinkedHashMap<>();
    for (String table : tables) {
      Set<String> referenced = new TreeSet<>();
      try (Statement statement = sqlite.createStatement();
          ResultSet keys = statement.executeQuery("PRAGMA foreign_key_list(" + table + ")")) {
        while (keys.next()) {
          referenced.add(keys.getString("table"));
        }
      }
      referenced.remove(table);
      parents.put(table, referenced);
    }
    List<String> ordered = new ArrayList<>();
    while (ordered.size() < tables.size()) {
      int before = ordered.size();
      for (String table : tables) {
        if (!ordered.contains(table) && ordered.containsAll(parents.get(table))) {
          ordered.add(table);
        }
      }
      if (ordered.size() == before) {
        throw new IllegalStateException("SQLite's foreign keys form a cycle: " + parents);
      }
    }
    return ordered;
  }

  private static Set<String> columnsInH2(Connection h2, String table) throws SQLException {
    try (PreparedStatement statement =
        h2.prepareStatement(
            "SELECT column_name FROM information_schema.columns"
                + " WHERE table_schema = 'public' AND table_name = ?")) {
      statement.setString(1, table);
      try (ResultSet rows = statement.executeQuery()) {
        Set<String> columns = new LinkedHashSet<>();
        while (rows.next()) {
          columns.add(rows.getString(1));
        }
        return columns;
      }
    }
  }

  /** The column {@code label} of every row {@code sql} selects. */
  private static Set<String> names(Connection connection, String sql, String label)
      throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      Set<String> names = new LinkedHashSet<>();
      while (rows.next()) {
        names.add(rows.getString(label));
      }
      return names;
    }
  }

  private static void requireSame(String what, Set<String> inH2, List<String> inSqlite) {
    Set<String> h2 = new TreeSet<>(inH2);
    Set<String> sqlite = new TreeSet<>(inSqlite);
    if (!h2.equals(sqlite)) {
      throw new IllegalStateException(
          "the H2 store's " + what + " " + h2 + " are not SQLite's " + sqlite);
    }
  }

  private static long count(Connection connection, String table) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("SELECT COUNT(*) FROM " + table)) {
      row.next();
      return row.getLong(1);
    }
  }

  /** Renames the closed H2 store's files to the first free backup name; returns the store's. */
  private Path backUpH2Files() {
    Path store = folder.resolve(H2_FILE);
    Path backup = freeBackupName(store);
    String suffix = backup.getFileName().toString().substring(H2_FILE.length());
    try {
      Files.move(store, backup);
      Path trace = folder.resolve(H2_TRACE_FILE);
      if (Files.exists(trace)) {
        Files.move(trace, folder.resolve(H2_TRACE_FILE + suffix));
      }
      syncFolder();
    } catch (IOException e) {
      // The rows are in SQLite by now, which the next start uses; the H2 file merely stays.
      LOG.log(Level.WARNING, "Cannot rename the imported H2 store " + store + ": " + e);
      return store;
    }
    return backup;
  }

  private static Path freeBackupName(Path store) {
    Path backup = store.resolveSibling(store.getFileName() + BACKUP_SUFFIX);
    for (int n = 2; Files.exists(backup); n++) {
      backup = store.resolveSibling(store.getFileName() + BACKUP_SUFFIX + "-" + n);
    }
    return backup;
  }

  /** Deletes what an import that stopped half-way may have left. */
  private void deleteTemporaryFiles() throws IOException {
    for (String suffix : new String[] {"", "-journal", "-wal", "-shm"}) {
      Files.deleteIfExists(folder.resolve(TEMPORARY_FILE + suffix));
    }
  }

  /** Makes the renames in the folder durable, where the file system lets a folder be synced. */
  private void syncFolder() {
    try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      // Windows cannot open a folder as a channel; its renames are durable on their own.
    }
  }
}
