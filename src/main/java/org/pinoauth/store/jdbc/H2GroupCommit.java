package org.pinoauth.store.jdbc;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.RandomAccessStore;
import org.pinoauth.store.StoreUnavailableException;

/**
 * Group commit for the embedded H2 store. H2 keeps commits in memory and writes them to its file in
 * the background; {@code WRITE_DELAY=0} would write each commit on its own, and one commit at a
 * time is what limited every writing grant on H2 (each wrote a new copy-on-write chunk, serialized
 * by H2's store lock). Here a request that committed waits until a {@code CHECKPOINT} that began
 * after its commit has written the file, and one checkpoint serves everyone who committed before it
 * began. H2 writes committed versions in order, so after a killed process the file holds every
 * commit that was answered, and a prefix of those that were not.
 *
 * <p>The checkpoints run on a thread of this class's own, never on a request thread: H2's {@code
 * CHECKPOINT} returns early, with nothing written, when its thread is interrupted, and request and
 * purge threads do get interrupted (a container stopping, an executor shut down). No monitor is
 * shared by the requests: each takes the future of the next checkpoint (one atomic read), wakes the
 * writer (a semaphore permit) and waits for that future, so a request that writes costs the wait
 * for the file write and nothing more.
 *
 * <p>The same thread keeps the file small. H2 writes every checkpoint as a new chunk and frees a
 * superseded one at once ({@code RETENTION_TIME=0}, see {@link DataSources#H2_SETTINGS}), but it
 * gives the freed space back to the file system only when it moves the live chunks together, which
 * its own housekeeping rarely does: under sustained writes the file held about three times its live
 * data, as holes. So every few seconds while commits come, and once after they stop, the writer has
 * H2 move live chunks into the holes and truncate the file (at most {@link #MOVE_BYTES} a time, so
 * the store is held for a fraction of a second).
 */
final class H2GroupCommit implements CommitBarrier, AutoCloseable {
  private static final Logger LOG = System.getLogger(H2GroupCommit.class.getName());

  /** How long a request waits for its commit to be written before it answers 503. */
  private static final long WAIT_MILLIS = TimeUnit.SECONDS.toMillis(30);

  /** How often, at most, the writer compacts the file while commits keep coming. */
  private static final long COMPACT_EVERY_NANOS = TimeUnit.SECONDS.toNanos(5);

  /** A pause without commits this long counts as idle: then the writer compacts at once. */
  private static final long IDLE_MILLIS = 1_000;

  /** At most this much of the file is moved per compaction. */
  private static final long MOVE_BYTES = 16L << 20;

  /** The file is compacted only when at most this share of it (in percent) holds chunks. */
  private static final int COMPACT_BELOW_FILL_RATE = 90;

  private final DataSource dataSource;
  private final Thread writer;
  private long lastCompaction = System.nanoTime();
  private boolean writtenSinceCompaction;

  /**
   * Completes when the checkpoint that has not begun yet has written the file. The writer swaps in
   * a fresh one just before it starts a checkpoint, so whoever read this future after committing is
   * covered by a checkpoint that began after that commit.
   */
  private final AtomicReference<CompletableFuture<Void>> nextCheckpoint =
      new AtomicReference<>(new CompletableFuture<>());

  /** One permit per commit announced and not yet covered by a checkpoint that has begun. */
  private final Semaphore announced = new Semaphore(0);

  private volatile boolean closed;

  H2GroupCommit(DataSource dataSource) {
    this.dataSource = dataSource;
    this.writer = new Thread(this::writeLoop, "pinoauth-h2-group-commit");
    writer.setDaemon(true);
    writer.start();
  }

  @Override
  public void awaitDurable() {
    if (closed) {
      throw new StoreUnavailableException("The store is closed", null);
    }
    CompletableFuture<Void> checkpoint = nextCheckpoint.get();
    announced.release();
    try {
      checkpoint.get(WAIT_MILLIS, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new StoreUnavailableException("The commit could not be written to the file", null);
    } catch (TimeoutException e) {
      throw new StoreUnavailableException("The commit was not written in time", null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreUnavailableException("Interrupted while the commit was written", e);
    }
  }

  private void writeLoop() {
    try {
      while (!closed) {
        if (!announced.tryAcquire(IDLE_MILLIS, TimeUnit.MILLISECONDS)) {
          if (writtenSinceCompaction && !closed) {
            compact();
          }
          continue;
        }
        announced.drainPermits(); // one checkpoint serves every commit announced so far
        if (closed) {
          break;
        }
        CompletableFuture<Void> covered = nextCheckpoint.getAndSet(new CompletableFuture<>());
        boolean written = false;
        try {
          written = checkpoint();
        } finally {
          // Also when checkpoint() threw an Error: its callers answer 503 now, not in 30 s.
          if (written) {
            covered.complete(null);
          } else {
            covered.completeExceptionally(new IllegalStateException("CHECKPOINT failed"));
          }
        }
        writtenSinceCompaction = true;
        if (System.nanoTime() - lastCompaction >= COMPACT_EVERY_NANOS) {
          compact();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      // Nothing will be written any more: whoever waits, or comes late, answers 503.
      closed = true;
      nextCheckpoint.get().completeExceptionally(new IllegalStateException("closed"));
    }
  }

  private boolean checkpoint() {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("CHECKPOINT");
      return true;
    } catch (SQLException | RuntimeException e) {
      LOG.log(Level.WARNING, "CHECKPOINT failed; the commits waiting for it answer 503", e);
      return false;
    }
  }

  /**
   * Has H2 move live chunks into the file's free space and truncate the end, when at most {@link
   * #COMPACT_BELOW_FILL_RATE} percent of the file is in use. This is H2's own background move
   * ({@code RandomAccessStore.compactMoveChunks}), which syncs the file before and after it moves
   * anything; H2 offers it to SQL only at {@code SHUTDOWN COMPACT}. A connection that is not H2's
   * embedded one (a test's) is left alone.
   */
  private void compact() {
    lastCompaction = System.nanoTime();
    writtenSinceCompaction = false;
    try (Connection connection = dataSource.getConnection()) {
      if (!connection.isWrapperFor(JdbcConnection.class)
          || !(connection.unwrap(JdbcConnection.class).getSession()
              instanceof SessionLocal local)) {
        return;
      }
      MVStore store = local.getDatabase().getStore().getMvStore();
      if (store.getFileStore() instanceof RandomAccessStore file) {
        file.compactMoveChunks(COMPACT_BELOW_FILL_RATE, MOVE_BYTES, store);
      }
    } catch (SQLException | RuntimeException e) {
      LOG.log(Level.WARNING, "Compacting the H2 file failed; it is tried again later", e);
    }
  }

  /** Stops the writer thread; callers still waiting answer 503. */
  @Override
  public void close() {
    closed = true;
    announced.release(); // wakes the writer to see it
    try {
      writer.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
