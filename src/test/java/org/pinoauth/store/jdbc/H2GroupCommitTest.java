package org.pinoauth.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.pinoauth.store.StoreUnavailableException;

/**
 * The group commit's promise: a caller returns only after a CHECKPOINT that started after it was
 * called has finished, and concurrent callers share checkpoints. The database is a mock here (the
 * durability itself is proven against a killed server in CrashSafetyIT); what is tested is the
 * coordination.
 */
class H2GroupCommitTest {
  private final AtomicLong clock = new AtomicLong();
  private final List<long[]> checkpoints = new CopyOnWriteArrayList<>();
  private final AtomicBoolean failNext = new AtomicBoolean();
  private final Set<String> checkpointThreads = ConcurrentHashMap.newKeySet();

  private DataSource database() throws SQLException {
    Statement statement = mock(Statement.class);
    when(statement.execute(anyString()))
        .thenAnswer(
            call -> {
              assertEquals(
                  "CHECKPOINT SYNC", call.getArgument(0), "synced to the disk, not only written");
              long start = clock.incrementAndGet();
              checkpointThreads.add(Thread.currentThread().getName());
              Thread.sleep(2);
              if (failNext.getAndSet(false)) {
                throw new SQLException("disk full", "HY000");
              }
              checkpoints.add(new long[] {start, clock.incrementAndGet()});
              return false;
            });
    Connection connection = mock(Connection.class);
    when(connection.createStatement()).thenReturn(statement);
    DataSource dataSource = mock(DataSource.class);
    when(dataSource.getConnection()).thenReturn(connection);
    return dataSource;
  }

  @Test
  void awaitDurableWhenManyCallersThenEachCoveredByALaterCheckpointAndCheckpointsShared()
      throws Exception {
    H2GroupCommit groupCommit = new H2GroupCommit(database());
    ExecutorService threads = Executors.newFixedThreadPool(16);
    List<Future<long[]>> calls = new ArrayList<>();
    for (int i = 0; i < 800; i++) {
      calls.add(
          threads.submit(
              () -> {
                long called = clock.incrementAndGet();
                groupCommit.awaitDurable();
                return new long[] {called, clock.incrementAndGet()};
              }));
    }
    List<long[]> done = new ArrayList<>();
    for (Future<long[]> call : calls) {
      done.add(call.get());
    }
    threads.shutdown();
    groupCommit.close();

    assertEquals(Set.of("pinoauth-h2-group-commit"), checkpointThreads);
    for (long[] call : done) {
      boolean covered =
          checkpoints.stream()
              .anyMatch(checkpoint -> checkpoint[0] > call[0] && checkpoint[1] < call[1]);
      assertTrue(covered, "a caller returned without a checkpoint begun after its call");
    }
    assertTrue(
        checkpoints.size() < done.size() / 4,
        checkpoints.size() + " checkpoints for " + done.size() + " callers");
  }

  @Test
  void awaitDurableWhenCheckpointFailsThenThatCallerFailsAndTheNextOneIsServed() throws Exception {
    H2GroupCommit groupCommit = new H2GroupCommit(database());
    failNext.set(true);

    assertThrows(StoreUnavailableException.class, groupCommit::awaitDurable);
    groupCommit.awaitDurable();
    groupCommit.close();

    assertEquals(1, checkpoints.size());
  }

  @Test
  void awaitDurableWhenCallerInterruptedThen503AndOthersStillServed() throws Exception {
    H2GroupCommit groupCommit = new H2GroupCommit(database());
    Thread.currentThread().interrupt();

    assertThrows(StoreUnavailableException.class, groupCommit::awaitDurable);
    assertTrue(Thread.interrupted(), "the interrupt is kept for the caller");
    groupCommit.awaitDurable();
    groupCommit.close();

    assertFalse(checkpoints.isEmpty());
  }

  @Test
  void awaitDurableWhenClosedThen503() throws Exception {
    H2GroupCommit groupCommit = new H2GroupCommit(database());
    groupCommit.close();

    assertThrows(StoreUnavailableException.class, groupCommit::awaitDurable);
  }
}
