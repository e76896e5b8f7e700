package org.pinoauth.store.jdbc;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
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
 * purge threads do get interrupted (a container stopping, an executor shut down). The counters are
 * guarded by one monitor, held only to read and bump them; the wait is for the file write, which H2
 * serializes anyway.
 */
final class H2GroupCommit implements CommitBarrier, AutoCloseable {
  private static final Logger LOG = System.getLogger(H2GroupCommit.class.getName());

  /** How long a request waits for its commit to be written before it answers 503. */
  private static final long WAIT_MILLIS = TimeUnit.SECONDS.toMillis(30);

  private final DataSource dataSource;
  private final Object lock = new Object();
  private final Thread writer;

  /** Commits announced to this barrier. */
  private long committed;

  /** Commits known to be in the file. */
  private long written;

  /** Commits a failed checkpoint should have written: their callers fail. */
  private long failedUpTo;

  private boolean closed;

  H2GroupCommit(DataSource dataSource) {
    this.dataSource = dataSource;
    this.writer = new Thread(this::writeLoop, "pinoauth-h2-group-commit");
    writer.setDaemon(true);
    writer.start();
  }

  @Override
  public void awaitDurable() {
    synchronized (lock) {
      long mine = ++committed;
      lock.notifyAll();
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS);
      try {
        while (written < mine) {
          if (failedUpTo >= mine) {
            throw new StoreUnavailableException(
                "The commit could not be written to the file", null);
          }
          long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
          if (closed || left <= 0) {
            throw new StoreUnavailableException("The commit was not written in time", null);
          }
          lock.wait(left);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StoreUnavailableException("Interrupted while the commit was written", e);
      }
    }
  }

  private void writeLoop() {
    while (true) {
      long covered;
      synchronized (lock) {
        while (!closed && committed <= Math.max(written, failedUpTo)) {
          try {
            lock.wait();
          } catch (InterruptedException e) {
            return;
          }
        }
        if (closed) {
          return;
        }
        covered = committed; // every one of these committed before the checkpoint below starts
      }
      boolean done = checkpoint();
      synchronized (lock) {
        if (done) {
          written = covered;
        } else {
          failedUpTo = covered;
        }
        lock.notifyAll();
      }
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

  /** Stops the writer thread; callers still waiting answer 503. */
  @Override
  public void close() {
    synchronized (lock) {
      closed = true;
      lock.notifyAll();
    }
    try {
      writer.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
