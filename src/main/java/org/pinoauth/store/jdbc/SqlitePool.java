package org.pinoauth.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;
import org.sqlite.SQLiteOpenMode;

/**
 * The SQLite store: a pool of read-only connections (WAL readers, which never wait for the writer)
 * for {@link Jdbc#read}, and the {@link SqliteWriter}, whose one connection does every write. The
 * file runs in WAL mode with {@code synchronous=FULL} (a commit is in the file when it returns),
 * foreign keys enforced, {@code auto_vacuum=INCREMENTAL} (set before the first table, so free pages
 * can be given back while the server runs) and a {@code journal_size_limit}, so the WAL file is cut
 * back after a checkpoint.
 */
final class SqlitePool extends HikariDataSource {
  /** The WAL file is truncated to this after a checkpoint that emptied it. */
  static final long JOURNAL_SIZE_LIMIT = 64L * 1024 * 1024;

  /** How long a connection waits for a lock another holds (a checkpoint, a recovery). */
  static final int BUSY_TIMEOUT_MILLIS = 10_000;

  /** The writer's page cache, KiB (the default is 2 MiB). */
  private static final int WRITER_CACHE_KIB = 16 * 1024;

  private final String url;
  private final SqliteWriter writer;

  /**
   * A pool on {@code url} ({@code jdbc:sqlite:<file>}) with the pool settings of {@code config}.
   * Nothing is opened until {@link #migrate} or the first connection.
   */
  SqlitePool(HikariConfig config, String url) {
    config.copyStateTo(this);
    this.url = url;
    setJdbcUrl(null);
    setDriverClassName(null);
    setDataSource(StatementCache.caching(dataSource(url, readerConfig())));
    setReadOnly(true);
    this.writer =
        new SqliteWriter(
            () ->
                StatementCache.wrap(
                    dataSource(url, writerConfig()).getConnection(), StatementCache.CAPACITY));
  }

  SqliteWriter writer() {
    return writer;
  }

  /**
   * Creates the schema or migrates it to the newest version (Flyway's {@code db/sqlite}). A new
   * file gets {@code auto_vacuum=INCREMENTAL} and WAL before its first table.
   */
  void migrate() {
    SQLiteDataSource writing = dataSource(url, writerConfig());
    try (Connection connection = dataSource(url, creatorConfig()).getConnection();
        Statement statement = connection.createStatement()) {
      if (!hasTables(statement)) {
        statement.execute("PRAGMA auto_vacuum = INCREMENTAL");
      }
      statement.execute("PRAGMA journal_mode = WAL");
    } catch (SQLException e) {
      throw Jdbc.translate(e);
    }
    Flyway.configure(SqlitePool.class.getClassLoader())
        .dataSource(writing)
        .locations("classpath:db/sqlite")
        .load()
        .migrate();
  }

  private static boolean hasTables(Statement statement) throws SQLException {
    try (ResultSet row = statement.executeQuery("SELECT count(*) FROM sqlite_schema")) {
      return row.next() && row.getLong(1) > 0;
    }
  }

  private static SQLiteDataSource dataSource(String url, SQLiteConfig config) {
    SQLiteDataSource dataSource = new SQLiteDataSource(config);
    dataSource.setUrl(url);
    return dataSource;
  }

  /** For the first connection to a file that may be new: nothing set that writes the file yet. */
  private static SQLiteConfig creatorConfig() {
    SQLiteConfig config = new SQLiteConfig();
    config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
    return config;
  }

  static SQLiteConfig writerConfig() {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    config.enforceForeignKeys(true);
    config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
    config.setJournalSizeLimit(Math.toIntExact(JOURNAL_SIZE_LIMIT));
    config.setCacheSize(-WRITER_CACHE_KIB);
    return config;
  }

  private static SQLiteConfig readerConfig() {
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(true);
    config.enforceForeignKeys(true);
    config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
    return config;
  }

  /**
   * Closes the readers' pool, then stops the writer (callers still waiting answer 503). In this
   * order the writer's connection is the last one to the file: SQLite checkpoints the WAL into the
   * file and deletes {@code -wal} and {@code -shm} only when the last connection that closes can
   * write. Readers never write, so nothing is lost by closing them first. A writer that never wrote
   * has no connection, so one is opened and closed for that last checkpoint.
   */
  @Override
  public void close() {
    super.close();
    writer.close();
    SQLiteConfig last = writerConfig();
    last.resetOpenMode(SQLiteOpenMode.CREATE); // a file deleted meanwhile is not made again
    try {
      dataSource(url, last).getConnection().close();
    } catch (SQLException e) {
      // -wal and -shm stay, as after a crash: the next start recovers them, nothing is lost.
    }
  }
}
