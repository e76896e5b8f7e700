package org.pinoauth.store.jdbc;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import org.pinoauth.store.Change;

/**
 * Writes the {@code change_log} table: one row per transaction that changes what a node may cache,
 * inserted as the transaction's last statement, so that between the row's id being allocated and
 * its being visible there is only the commit (the {@link JdbcChangeFeed} re-reads ids it skipped
 * for a while, in case they commit out of order). On PostgreSQL the same transaction also sends a
 * {@code NOTIFY}, which the database delivers only on commit, to wake the other nodes' feeds at
 * once; polling alone keeps the bound where there is no such push.
 */
final class JdbcChangeLog {
  /** The channel of the change notifications; what each feed {@code LISTEN}s on. */
  static final String CHANNEL = "pinoauth_changes";

  private static final String INSERT =
      "INSERT INTO change_log (kind, client_id, subject, created_at) VALUES (?, ?, ?, ?)";

  private JdbcChangeLog() {}

  /** Records {@code change} in {@code transaction}: call it last, after the change's statements. */
  static void record(Transaction transaction, Change change) throws SQLException {
    try (PreparedStatement insert = transaction.connection().prepareStatement(INSERT)) {
      insert.setString(1, change.kind().wireName());
      insert.setString(2, change.clientId());
      insert.setString(3, change.subject());
      insert.setLong(4, System.currentTimeMillis());
      insert.executeUpdate();
    }
    if (isPostgreSql(transaction)) {
      try (Statement notify = transaction.connection().createStatement()) {
        notify.execute("NOTIFY " + CHANNEL);
      }
    }
  }

  private static boolean isPostgreSql(Transaction transaction) throws SQLException {
    return transaction.dialect() == Dialect.STANDARD
        && "PostgreSQL".equals(transaction.connection().getMetaData().getDatabaseProductName());
  }
}
