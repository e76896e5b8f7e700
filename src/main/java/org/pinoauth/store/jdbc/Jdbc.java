package org.pinoauth.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.pinoauth.store.StoreException;
import org.pinoauth.store.StoreUnavailableException;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * Runs work on a pooled connection, either as one transaction (committed as a whole or rolled back
 * as a whole) or as a single auto-committed statement, and turns {@link SQLException}s into the
 * store's two failure kinds: unreachable (503, retry) or broken (500). Work that writes returns
 * only once it is durable ({@link CommitBarrier}). A change that spans tables is one unit of work,
 * {@link #inTransaction}: each table's store method it calls takes the unit's {@link Transaction}
 * and runs its statements in it, so the unit commits, reruns and waits for durability as a whole.
 *
 * <p>Work the database aborted to settle a conflict with concurrent work (a serialization failure
 * under REPEATABLE READ or SERIALIZABLE isolation, or a deadlock, which READ COMMITTED has too) is
 * run again, from the start on a fresh transaction, up to {@link #ATTEMPTS} times in all; then it
 * answers 503. So work must have no effect outside its connection: it reads and writes the
 * database, and builds its result from what it read.
 *
 * <p>On SQLite ({@link SqlitePool}) every unit that writes ({@link #transaction}, {@link
 * #inTransaction}, {@link #write}) runs on the store's one writing connection, batched with
 * concurrent units by the {@link SqliteWriter}, each in its own savepoint; it is durable when it
 * returns, and never run again (one writer has no conflicts to settle). Reads run on read-only
 * connections of the pool.
 */
final class Jdbc {
  /**
   * Runs of one unit of work the database aborted to settle a conflict, the first included. Under
   * SERIALIZABLE, PostgreSQL aborts on page-level read locks too, so a burst of unrelated writes to
   * small tables (a dozen rotations beside an app's deletion) may abort the same unit several times
   * in a row on a loaded machine; four runs were seen to run out there.
   */
  static final int ATTEMPTS = 10;

  /** The longest pause before one run, in milliseconds: all pauses together stay under 0.6 s. */
  static final long MAX_PAUSE_MILLIS = 100;

  /** Work on a connection; may throw {@link SQLException}. */
  @FunctionalInterface
  interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  /** Waits before run number {@code attempt} (2 or more) of aborted work. */
  @FunctionalInterface
  interface Pause {
    void before(int attempt) throws InterruptedException;
  }

  /**
   * A random pause that doubles its bound with every run (4 ms before the second, up to {@link
   * #MAX_PAUSE_MILLIS}): concurrent work that collided once does not collide again at once.
   */
  static final Pause RANDOM_BACKOFF =
      attempt -> Thread.sleep(ThreadLocalRandom.current().nextLong(1, pauseBound(attempt) + 1));

  /** The longest pause before run number {@code attempt}, in milliseconds. */
  static long pauseBound(int attempt) {
    return Math.min(MAX_PAUSE_MILLIS, 1L << Math.min(attempt, 20));
  }

  /** A unit of work: statements of several tables' stores in one {@link Transaction}. */
  @FunctionalInterface
  interface Unit<T> {
    T run(Transaction transaction) throws SQLException;
  }

  @FunctionalInterface
  private interface Attempt<T> {
    T run() throws SQLException;
  }

  private final DataSource dataSource;
  private final CommitBarrier barrier;
  private final Pause pause;
  private final Dialect dialect;

  /** The writer of a SQLite store, or null: the others write on pooled connections. */
  private final SqliteWriter writer;

  /** Whether the store is PostgreSQL; null until {@link #isPostgres} first asks the driver. */
  private volatile Boolean postgres;

  Jdbc(DataSource dataSource) {
    this(dataSource, RANDOM_BACKOFF);
  }

  Jdbc(DataSource dataSource, Pause pause) {
    this.dataSource = dataSource;
    this.barrier =
        dataSource instanceof GroupCommitPool pool ? pool.commitBarrier() : CommitBarrier.NONE;
    this.pause = pause;
    this.dialect = Dialect.of(dataSource);
    this.writer = dataSource instanceof SqlitePool sqlite ? sqlite.writer() : null;
  }

  /** The SQL dialect of the store, for the few statements that differ by engine. */
  Dialect dialect() {
    return dialect;
  }

  /**
   * Whether the store is PostgreSQL, whose statements may change data in {@code WITH} clauses (H2
   * and SQLite cannot), so that a unit of work spanning tables can be one auto-committed statement
   * ({@link #write}). The driver's name for its database answers, once, without a statement.
   */
  boolean isPostgres() {
    Boolean known = postgres;
    if (known == null) {
      known =
          dialect == Dialect.STANDARD
              && read(c -> "PostgreSQL".equals(c.getMetaData().getDatabaseProductName()));
      postgres = known;
    }
    return known;
  }

  /** Runs {@code work} as one transaction: all of it is committed, durably, or none of it. */
  <T> T transaction(Work<T> work) {
    if (writer != null) {
      return writer.run(work);
    }
    T result = rerunWhenAborted(() -> transactionOnConnection(work));
    barrier.awaitDurable();
    return result;
  }

  /**
   * Runs {@code unit} as one transaction that the stores it calls join: committed, durably, as a
   * whole or rolled back as a whole, and run again from its start when the database aborted it.
   */
  <T> T inTransaction(Unit<T> unit) {
    return transaction(connection -> unit.run(new Transaction(connection, dialect)));
  }

  private <T> T transactionOnConnection(Work<T> work) throws SQLException {
    try (Connection connection = connect()) {
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
    }
  }

  /** Runs {@code work} that writes on an auto-commit connection: single statements, durably. */
  <T> T write(Work<T> work) {
    if (writer != null) {
      return writer.run(work);
    }
    T result = read(work);
    barrier.awaitDurable();
    return result;
  }

  /** Runs {@code work} that only reads on an auto-commit connection. */
  <T> T read(Work<T> work) {
    return rerunWhenAborted(
        () -> {
          try (Connection connection = connect()) {
            return work.run(connection);
          }
        });
  }

  /**
   * Only an abort is run again: it rolled everything back. After a lost connection nobody knows
   * whether a commit happened, so that answers 503 at once.
   */
  private <T> T rerunWhenAborted(Attempt<T> attempt) {
    for (int run = 1; ; run++) {
      try {
        return attempt.run();
      } catch (SQLException e) {
        if (!isAbortedByConflict(e)) {
          throw translate(e);
        }
        if (run == ATTEMPTS) {
          throw new StoreUnavailableException(
              "The database aborted the work " + ATTEMPTS + " times to settle conflicts", e);
        }
        try {
          pause.before(run + 1);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw new StoreUnavailableException("Interrupted before running aborted work again", e);
        }
      }
    }
  }

  /**
   * A connection from the pool. A pool that cannot give one, because it is exhausted or the
   * database is down, often says so in a plain {@link SQLException} without a SQLState (Tomcat's
   * DBCP: "Cannot get a connection, pool error Timeout waiting for idle object"; Payara wraps every
   * allocation failure so): whatever the reason, no statement ran, and the answer is 503, as {@code
   * /healthz} says DOWN.
   */
  private Connection connect() {
    try {
      return dataSource.getConnection();
    } catch (SQLException e) {
      throw new StoreUnavailableException(
          "No connection from the pool (" + e.getClass().getName() + ", SQLState " + state(e) + ")",
          e);
    }
  }

  /** The first SQLState in the exception's causes, which a wrapping pool may hide. */
  private static String state(SQLException e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof SQLException sql && sql.getSQLState() != null) {
        return sql.getSQLState();
      }
    }
    return "none";
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

  /**
   * {@code statement}, a statement on a user's rows, narrowed to one app by one more parameter,
   * last, when {@code clientId} is not null: the statements that remove one grant or all of a
   * user's.
   */
  static String ofApp(String statement, String clientId) {
    return clientId == null ? statement : statement + " AND client_id = ?";
  }

  static StoreException translate(SQLException e) {
    if (isConnectionFailure(e)) {
      return new StoreUnavailableException("The database cannot be reached", e);
    }
    if (isLockTimeout(e) || isSqliteBusy(e)) {
      return new StoreUnavailableException("The database timed out waiting for a lock", e);
    }
    if (isStatementTimeout(e)) {
      return new StoreUnavailableException("The database cancelled a statement", e);
    }
    return new StoreException("The database failed a statement", e);
  }

  static boolean isConnectionFailure(SQLException e) {
    for (SQLException next = e; next != null; next = next.getNextException()) {
      String state = next.getSQLState();
      if (next instanceof SQLTransientConnectionException
          || next instanceof SQLRecoverableException
          || (state != null
              && (state.startsWith("08") || state.startsWith("57P") || state.equals("25P03")))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Serialization failure (40001, also H2's deadlock), deadlock (PostgreSQL's 40P01) and H2's
   * "concurrent update" (90131, its serialization failure under REPEATABLE READ): the database
   * rolled the transaction back, and the same work may well succeed on a fresh one.
   */
  static boolean isAbortedByConflict(SQLException e) {
    return hasState(e, "40001", "40P01", "90131");
  }

  /**
   * A lock not granted in time (H2's HYT00 after its LOCK_TIMEOUT, PostgreSQL's 55P03 under a
   * lock_timeout): the database is busy. Answered 503 without running the work again, which would
   * wait that long once more.
   */
  private static boolean isLockTimeout(SQLException e) {
    return hasState(e, "HYT00", "55P03");
  }

  /**
   * PostgreSQL's {@code query_canceled} (57014): a {@code statement_timeout}, which
   * docs/postgresql.md recommends setting on pinoauth's role, ran out, or an operator cancelled the
   * statement ({@code pg_cancel_backend}). The database is slow or busy, not the request wrong:
   * 503, not run again.
   */
  private static boolean isStatementTimeout(SQLException e) {
    return hasState(e, "57014");
  }

  /**
   * SQLite's {@code SQLITE_BUSY} (also in its extended codes): a lock not granted within the busy
   * timeout, which in WAL mode only a checkpoint or a recovery holds that long.
   */
  private static boolean isSqliteBusy(SQLException e) {
    return e instanceof SQLiteException sqlite
        && (sqlite.getResultCode().code & 0xff) == SQLiteErrorCode.SQLITE_BUSY.code;
  }

  private static boolean hasState(SQLException e, String... states) {
    for (SQLException next = e; next != null; next = next.getNextException()) {
      for (String state : states) {
        if (state.equals(next.getSQLState())) {
          return true;
        }
      }
    }
    return false;
  }
}
