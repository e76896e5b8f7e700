package org.pinoauth.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.pinoauth.store.StoreUnavailableException;

/**
 * Group commit for the embedded H2 store. H2 keeps commits in memory and writes them to its file in
 * the background; {@code WRITE_DELAY=0} would write each commit on its own, and one commit at a
 * time is what limited every writing grant on H2 (each wrote a new copy-on-write chunk of tens of
 * KiB, serialized by H2's store lock). Here a request that committed waits until a {@code
 * CHECKPOINT} that began after its commit has written the file: the first one to wait runs it, and
 * everyone who committed before it started is covered by it, so one file write serves many
 * requests. H2 writes committed versions in order, so after a killed process the file holds every
 * commit that was answered, and a prefix of those that were not.
 *
 * <p>The counters are guarded by one monitor, held only to read and bump them; the wait is for the
 * file write, which H2 serializes anyway.
 */
final class H2GroupCommit implements CommitBarrier {
  private final DataSource dataSource;
  private final Object lock = new Object();

  /** Commits announced to this barrier. */
  private long committed;

  /** Commits known to be in the file. */
  private long written;

  private boolean writing;

  H2GroupCommit(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public void awaitDurable() {
    long mine;
    synchronized (lock) {
      mine = ++committed;
    }
    try {
      while (true) {
        long covered;
        synchronized (lock) {
          while (writing && written < mine) {
            lock.wait();
          }
          if (written >= mine) {
            return;
          }
          writing = true;
          covered = committed; // every one of these committed before the checkpoint below starts
        }
        boolean done = false;
        try {
          checkpoint();
          done = true;
        } finally {
          synchronized (lock) {
            writing = false;
            if (done) {
              written = Math.max(written, covered);
            }
            lock.notifyAll();
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreUnavailableException("Interrupted while the commit was written", e);
    }
  }

  private void checkpoint() {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("CHECKPOINT");
    } catch (SQLException e) {
      throw Jdbc.translate(e);
    }
  }
}
