package org.pinoauth.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import javax.sql.DataSource;
import org.pinoauth.store.StoreException;
import org.pinoauth.store.StoreUnavailableException;

/**
 * Runs work on a pooled connection, either as one transaction (committed as a whole or rolled back
 * as a whole) or as a single auto-committed statement, and turns {@link SQLException}s into the
 * store's two failure kinds: unreachable (503, retry) or broken (500). Work that writes returns
 * only once it is durable ({@link CommitBarrier}).
 */
final class Jdbc {

  /** Work on a connection; may throw {@link SQLException}. */
  @FunctionalInterface
  interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  private final DataSource dataSource;
  private final CommitBarrier barrier;

  Jdbc(DataSource dataSource) {
    this.dataSource = dataSource;
    this.barrier =
        dataSource instanceof GroupCommitPool pool ? pool.commitBarrier() : CommitBarrier.NONE;
  }

  /** Runs {@code work} as one transaction: all of it is committed, durably, or none of it. */
  <T> T transaction(Work<T> work) {
    T result = transactionOnConnection(work);
    barrier.awaitDurable();
    return result;
  }

  private <T> T transactionOnConnection(Work<T> work) {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try {
        T result = work.run(connection);
        connection.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly(connection, e);
        throw e;
      } finally {
        restoreAutoCommit(connection);
      }
    } catch (SQLException e) {
      throw translate(e);
    }
  }

  /** Runs {@code work} that writes on an auto-commit connection: single statements, durably. */
  <T> T write(Work<T> work) {
    T result = read(work);
    barrier.awaitDurable();
    return result;
  }

  /** Runs {@code work} that only reads on an auto-commit connection. */
  <T> T read(Work<T> work) {
    try (Connection connection = dataSource.getConnection()) {
      return work.run(connection);
    } catch (SQLException e) {
      throw translate(e);
    }
  }

  /** Container pools may not reset it on return; a broken connection is the pool's to discard. */
  private static void restoreAutoCommit(Connection connection) {
    try {
      connection.setAutoCommit(true);
    } catch (SQLException ignored) {
      // The connection is broken; the original outcome stands.
    }
  }

  private static void rollbackQuietly(Connection connection, Exception cause) {
    try {
      connection.rollback();
    } catch (SQLException rollbackFailure) {
      cause.addSuppressed(rollbackFailure);
    }
  }

  static StoreException translate(SQLException e) {
    if (isConnectionFailure(e)) {
      return new StoreUnavailableException("The database cannot be reached", e);
    }
    return new StoreException("The database failed a statement", e);
  }

  private static boolean isConnectionFailure(SQLException e) {
    for (SQLException next = e; next != null; next = next.getNextException()) {
      String state = next.getSQLState();
      if (next instanceof SQLTransientConnectionException
          || next instanceof SQLRecoverableException
          || (state != null && (state.startsWith("08") || state.startsWith("57P")))) {
        return true;
      }
    }
    return false;
  }
}
