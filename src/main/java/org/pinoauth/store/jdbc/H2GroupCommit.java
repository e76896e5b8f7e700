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
import org.pinoauth.store.StoreUnavailableException;

/**
 * Group commit for the embedded H2 store. H2 keeps commits in memory and writes them to its file in
 * the background; {@code WRITE_DELAY=0} would write each commit on its own, and one commit at a
 * time is what limited every writing grant on H2 (each wrote a new copy-on-write chunk, serialized
 * by H2's store lock). Here a request that committed waits until a {@code CHECKPOINT SYNC} that
 * began after its commit has written the file and synced it to the disk (a plain {@code CHECKPOINT}
 * only hands the writes to the operating system: a killed process loses nothing, a power loss
 * could), and one checkpoint serves everyone who committed before it began. H2 writes committed
 * versions in order, so after a crash the file holds every commit that was answered, and a prefix
 * of those that were not; with {@code RETENTION_TIME=0} the sync is also what keeps H2 from
 * overwriting a chunk the disk may not have yet.
 *
 * <p>The checkpoints run on a thread of this class's own, never on a request thread: H2's {@code
 * CHECKPOINT} returns early, with nothing written, when its thread is interrupted, and request and
 * purge threads do get interrupted (a container stopping, an executor shut down). No monitor is
 * shared by the requests: each takes the future of the next checkpoint (one atomic read), wakes the
 * writer (a semaphore permit) and waits for that future, so a request that writes costs the wait
 * for the file write and nothing more.
 */
final class H2GroupCommit implements CommitBarrier, AutoCloseable {
  private static final Logger LOG = System.getLogger(H2GroupCommit.class.getName());

  /** How long a request waits for its commit to be written before it answers 503. */
  private static final long WAIT_MILLIS = TimeUnit.SECONDS.toMillis(30);

  private final DataSource dataSource;
  private final Thread writer;

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
        announced.acquire();
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
      statement.execute("CHECKPOINT SYNC");
      return true;
    } catch (SQLException | RuntimeException e) {
      LOG.log(Level.WARNING, "CHECKPOINT failed; the commits waiting for it answer 503", e);
      return false;
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
