package org.pinoauth.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.pinoauth.crypto.TokenHasher;

/**
 * Holds the lock of one row in an open transaction, so that every write of that row waits behind
 * it. A race test uses it to make its contenders provably overlap: without it, most "parallel"
 * requests reach the server after the first one has committed, however the client threads happen to
 * be scheduled, and race nothing. A purge test uses it to keep a purge provably in progress.
 * Waiters are counted from the database's own view of its sessions (PostgreSQL's {@code
 * pg_stat_activity}, H2's {@code INFORMATION_SCHEMA.SESSIONS}), so the pool of the server under
 * test needs a connection for each waiter and two more, for this lock and for the counting.
 *
 * <p>SQLite has no row locks and one writer: there the holder takes the file's write lock ({@code
 * BEGIN IMMEDIATE}), so the server's writer waits for it with every unit it batched, and the
 * waiters are the threads of this JVM (the test server's) that wait in the writer's queue.
 */
public final class HeldRow implements AutoCloseable {
  private final DataSource dataSource;
  private final Connection holder;
  private final boolean sqlite;
  private boolean released;

  private HeldRow(DataSource dataSource, Connection holder, boolean sqlite) {
    this.dataSource = dataSource;
    this.holder = holder;
    this.sqlite = sqlite;
  }

  /** Locks the row of {@code refreshToken}, which must exist, until {@link #release}. */
  public static HeldRow refreshToken(DataSource dataSource, String refreshToken) {
    return of(dataSource, "refresh_token", "token_hash", TokenHasher.hash(refreshToken));
  }

  /**
   * Locks the row of {@code table} whose {@code keyColumn} is {@code key}, which must exist, until
   * {@link #release}. The table and column are the test's own constants, never input.
   */
  public static HeldRow of(DataSource dataSource, String table, String keyColumn, String key) {
    String select = "SELECT 1 FROM " + table + " WHERE " + keyColumn + " = ?";
    String sql = select + " FOR UPDATE";
    try {
      boolean sqlite = TestDatabases.isSqlite(dataSource);
      Connection holder = TestDatabases.writableConnection(dataSource);
      try {
        if (sqlite) {
          try (Statement begin = holder.createStatement()) {
            begin.execute("BEGIN IMMEDIATE");
          }
          sql = select;
        } else {
          holder.setAutoCommit(false);
        }
        try (PreparedStatement lock = holder.prepareStatement(sql)) {
          lock.setString(1, key);
          try (ResultSet row = lock.executeQuery()) {
            assertTrue(row.next(), "no such row to hold in " + table);
          }
        }
        return new HeldRow(dataSource, holder, sqlite);
      } catch (SQLException | RuntimeException | AssertionError e) {
        holder.close();
        throw e;
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Could not lock the row: " + sql, e);
    }
  }

  /** Waits until {@code count} sessions wait for a lock, failing after {@code timeout}. */
  public void awaitWaiters(int count, Duration timeout) {
    assertTrue(
        Eventually.within(timeout, () -> waiters() >= count),
        "fewer than " + count + " sessions came to wait for the held row; " + waiters() + " did");
  }

  private long waiters() {
    if (sqlite) {
      return Thread.getAllStackTraces().values().stream()
          .filter(
              stack ->
                  Arrays.stream(stack)
                      .anyMatch(
                          frame ->
                              frame.getClassName().endsWith(".SqliteWriter")
                                  && frame.getMethodName().equals("run")))
          .count();
    }
    try (Connection connection = dataSource.getConnection()) {
      String sql =
          connection.getMetaData().getDatabaseProductName().equals("PostgreSQL")
              ? "SELECT COUNT(*) FROM pg_stat_activity"
                  + " WHERE datname = current_database() AND wait_event_type = 'Lock'"
              : "SELECT COUNT(*) FROM information_schema.sessions WHERE blocker_id IS NOT NULL";
      try (PreparedStatement select = connection.prepareStatement(sql);
          ResultSet row = select.executeQuery()) {
        row.next();
        return row.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Could not count the waiting sessions", e);
    }
  }

  /** Ends the transaction without changing anything, so the waiters go on. */
  public void release() {
    if (released) {
      return;
    }
    released = true;
    try (holder) {
      if (sqlite) {
        try (Statement commit = holder.createStatement()) {
          commit.execute("COMMIT");
        }
      } else {
        holder.commit();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Could not release the row", e);
    }
  }

  /**
   * Sends {@code count} copies of {@code request} at once from threads of their own, waits until
   * every one of them waits on this row, releases it, and returns their answers in sending order: a
   * race whose contenders provably overlap.
   */
  public <T> List<T> race(int count, Callable<T> request) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(count);
    try {
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        futures.add(pool.submit(request));
      }
      awaitWaiters(count, Duration.ofSeconds(8));
      release();
      List<T> answers = new ArrayList<>();
      for (Future<T> future : futures) {
        answers.add(future.get(60, TimeUnit.SECONDS));
      }
      return answers;
    } finally {
      release();
      pool.shutdownNow();
      assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
    }
  }

  @Override
  public void close() {
    release();
  }
}
