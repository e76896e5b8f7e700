package org.pinoauth.store.jdbc;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.pinoauth.store.StoreException;
import org.pinoauth.store.StoreUnavailableException;

/**
 * Group commit for the SQLite store: the one thread that writes. SQLite has one writer at a time
 * and makes a commit durable with an fsync ({@code synchronous=FULL}), so one commit per request
 * would cost an fsync each, one after the other. Here requests queue their units of work; the
 * writer runs every unit queued so far in one transaction ({@code BEGIN IMMEDIATE}), each inside
 * its own {@code SAVEPOINT} so that a unit that fails rolls back alone and fails alone, then
 * commits once, and only after that {@code COMMIT} returned completes each unit: every answered
 * write is in the file. A failed {@code COMMIT} fails every unit of its batch with 503.
 *
 * <p>No lock is shared by the requests: each adds its unit to a lock-free queue, releases a
 * semaphore permit that wakes the writer, and waits for its own future, at most {@link
 * #WAIT_MILLIS}. With one writer there are no serialization failures, so nothing is run again.
 * Between batches the writer gives free pages back to the file system ({@code incremental_vacuum},
 * a bounded number at a time), so the file shrinks while the server runs.
 */
final class SqliteWriter implements AutoCloseable {
  private static final Logger LOG = System.getLogger(SqliteWriter.class.getName());

  /** How long a request waits for its unit to be committed before it answers 503. */
  static final long WAIT_MILLIS = TimeUnit.SECONDS.toMillis(30);

  /** The most units in one transaction: a bound on the work one failed commit throws away. */
  static final int MAX_BATCH = 512;

  /** Free pages above which the writer gives some back to the file system. */
  static final int FREE_PAGES_KEPT = 256;

  /**
   * The most pages one round gives back: bounded work between batches. Moving a page costs some 0.1
   * to 0.2 ms, so a round holds the writer up to about 50 ms, at most once per {@link
   * #VACUUM_CHECK_MILLIS}.
   */
  static final int VACUUM_PAGES = 256;

  /** How often, at most, the writer looks at the free pages, busy or idle. */
  static final long VACUUM_CHECK_MILLIS = 500;

  private static final long VACUUM_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(VACUUM_CHECK_MILLIS);

  /** Opens the connection the writer writes on; called again after one broke. */
  @FunctionalInterface
  interface Connector {
    Connection open() throws SQLException;
  }

  /** One queued unit of work and the future its caller waits on. */
  private record Pending<T>(Jdbc.Work<T> work, CompletableFuture<T> done) {
    void run(Connection connection, List<Runnable> completions) throws SQLException {
      T result = work.run(connection);
      completions.add(() -> done.complete(result));
    }
  }

  private final Connector connector;
  private final ConcurrentLinkedQueue<Pending<?>> queue = new ConcurrentLinkedQueue<>();
  private final Semaphore queued = new Semaphore(0);
  private final Thread thread;
  private volatile boolean closed;
  private Connection connection;
  private long lastVacuumCheck = System.nanoTime();

  SqliteWriter(Connector connector) {
    this.connector = connector;
    this.thread = new Thread(this::writeLoop, "pinoauth-sqlite-writer");
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Runs {@code work} on the writing connection, in a transaction shared with other units, and
   * returns its result once that transaction is committed.
   *
   * @throws StoreException what the work threw, translated as {@link Jdbc#translate} does; a {@link
   *     StoreUnavailableException} when the commit failed, took longer than {@link #WAIT_MILLIS} or
   *     the store is closed
   */
  <T> T run(Jdbc.Work<T> work) {
    if (closed) {
      throw new StoreUnavailableException("The store is closed", null);
    }
    CompletableFuture<T> done = new CompletableFuture<>();
    queue.add(new Pending<>(work, done));
    queued.release();
    if (closed) {
      // Closed while queuing: the writer may have failed what it found already; whether or not
      // it ran this unit, nobody will answer it.
      done.completeExceptionally(new StoreUnavailableException("The store is closed", null));
    }
    try {
      return done.get(WAIT_MILLIS, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw rethrown(e.getCause());
    } catch (TimeoutException e) {
      throw new StoreUnavailableException("The write was not committed in time", null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreUnavailableException("Interrupted while the write was committed", e);
    }
  }

  private static RuntimeException rethrown(Throwable failure) {
    if (failure instanceof RuntimeException runtime) {
      return runtime;
    }
    if (failure instanceof Error error) {
      throw error;
    }
    return new StoreException("The unit of work failed", failure);
  }

  private void writeLoop() {
    try {
      while (!closed) {
        if (queue.isEmpty() && !queued.tryAcquire(VACUUM_CHECK_MILLIS, TimeUnit.MILLISECONDS)) {
          giveBackFreePages(); // idle: the file shrinks after the load stopped too
          continue;
        }
        // Every unit queued releases a permit after queuing: those of the units taken now would
        // only wake the writer for nothing. One released late costs one empty turn.
        queued.drainPermits();
        if (closed) {
          break;
        }
        List<Pending<?>> batch = new ArrayList<>();
        for (Pending<?> next; batch.size() < MAX_BATCH && (next = queue.poll()) != null; ) {
          batch.add(next);
        }
        if (!batch.isEmpty()) {
          runBatch(batch);
          giveBackFreePages();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      closed = true;
      StoreUnavailableException gone = new StoreUnavailableException("The store is closed", null);
      for (Pending<?> left; (left = queue.poll()) != null; ) {
        left.done().completeExceptionally(gone);
      }
      closeConnection();
    }
  }

  /**
   * Runs {@code batch} in one transaction and completes each unit after the commit: with its
   * result, with its own failure (its savepoint rolled back), or with 503 when the transaction
   * could not be committed.
   */
  private void runBatch(List<Pending<?>> batch) {
    List<Runnable> completions = new ArrayList<>(batch.size());
    try {
      Connection writing = connection();
      execute(writing, "BEGIN IMMEDIATE");
      try {
        for (Pending<?> pending : batch) {
          runUnit(writing, pending, completions);
        }
        execute(writing, "COMMIT");
      } catch (SQLException | RuntimeException | Error e) {
        rollbackQuietly(writing, e);
        throw e;
      }
    } catch (SQLException | RuntimeException | Error e) {
      LOG.log(Level.WARNING, "A commit of " + batch.size() + " units failed; they answer 503", e);
      StoreUnavailableException failed =
          new StoreUnavailableException("The database could not commit the write", e);
      batch.forEach(pending -> pending.done().completeExceptionally(failed));
      closeConnection(); // a fresh one for the next batch, in case this one is broken
      if (e instanceof Error error) {
        throw error;
      }
      return;
    }
    completions.forEach(Runnable::run);
  }

  /**
   * Runs one unit inside its own savepoint. A unit that throws is rolled back to its savepoint and
   * fails alone (the batch goes on); a savepoint that cannot be rolled back fails the batch.
   */
  private static void runUnit(Connection writing, Pending<?> pending, List<Runnable> completions)
      throws SQLException {
    execute(writing, "SAVEPOINT unit");
    try {
      pending.run(writing, completions);
    } catch (SQLException | RuntimeException e) {
      execute(writing, "ROLLBACK TO unit");
      execute(writing, "RELEASE unit");
      RuntimeException failure =
          e instanceof SQLException sql ? Jdbc.translate(sql) : (RuntimeException) e;
      completions.add(() -> pending.done().completeExceptionally(failure));
      return;
    }
    execute(writing, "RELEASE unit");
  }

  /**
   * Gives free pages back to the file system, at most {@link #VACUUM_PAGES} at a time and at most
   * every {@link #VACUUM_CHECK_MILLIS}: between batches, so a request waits for it only when it
   * queued meanwhile. Needs {@code auto_vacuum=INCREMENTAL}, which the store sets at its creation.
   * Each {@code incremental_vacuum} step moves one page (sqlite-jdbc steps a statement once), so
   * the round steps it page by page in one transaction, then checkpoints the WAL without waiting
   * for readers, which cuts the database file to its new size.
   */
  private void giveBackFreePages() {
    long now = System.nanoTime();
    if (connection == null || now - lastVacuumCheck < VACUUM_CHECK_NANOS) {
      return; // nothing written yet, or looked at lately
    }
    lastVacuumCheck = now;
    try (Statement statement = connection.createStatement()) {
      long free;
      try (ResultSet row = statement.executeQuery("PRAGMA freelist_count")) {
        free = row.next() ? row.getLong(1) : 0;
      }
      if (free <= FREE_PAGES_KEPT) {
        return;
      }
      statement.execute("BEGIN IMMEDIATE");
      try {
        // Closed before the COMMIT, which a statement still stepping would hold up (SQLITE_BUSY).
        try (PreparedStatement step = connection.prepareStatement("PRAGMA incremental_vacuum(1)")) {
          for (long page = Math.min(free, VACUUM_PAGES); page > 0; page--) {
            step.execute();
          }
        }
        statement.execute("COMMIT");
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly(connection, e);
        throw e;
      }
      statement.execute("PRAGMA wal_checkpoint(PASSIVE)");
    } catch (SQLException | RuntimeException e) {
      LOG.log(Level.WARNING, "Giving free pages back to the file system failed", e);
      closeConnection();
    }
  }

  private Connection connection() throws SQLException {
    if (connection == null) {
      connection = connector.open();
    }
    return connection;
  }

  private void closeConnection() {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException ignored) {
        // Broken already: nothing to give back.
      }
      connection = null;
    }
  }

  private static void execute(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  private static void rollbackQuietly(Connection connection, Throwable cause) {
    try {
      execute(connection, "ROLLBACK");
    } catch (SQLException | RuntimeException rollbackFailure) {
      cause.addSuppressed(rollbackFailure);
    }
  }

  /** Stops the writer thread after the batch it runs; callers still waiting answer 503. */
  @Override
  public void close() {
    closed = true;
    queued.release(); // wakes the writer to see it
    try {
      thread.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
