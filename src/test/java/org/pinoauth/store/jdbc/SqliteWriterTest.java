package org.pinoauth.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pinoauth.store.StoreException;
import org.pinoauth.store.StoreUnavailableException;

/**
 * The SQLite group commit on a real SQLite file: units queued together share one transaction, each
 * in its own savepoint, so one that fails rolls back alone while the others commit; a failed commit
 * fails its whole batch with 503; every caller gets its own result; a closed writer answers 503.
 */
class SqliteWriterTest {
  @TempDir Path dir;
  private String url;
  private SqliteWriter writer;
  private final Set<String> writerThreads = ConcurrentHashMap.newKeySet();

  @BeforeEach
  void createTable() throws SQLException {
    url = "jdbc:sqlite:" + dir.resolve("pinoauth.db");
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement()) {
      statement.execute("PRAGMA journal_mode = WAL");
      statement.execute("CREATE TABLE item (id INTEGER PRIMARY KEY, name VARCHAR(20) NOT NULL)");
      // Checked at COMMIT only: a unit that breaks it makes the whole batch's commit fail.
      statement.execute(
          "CREATE TABLE child (parent INTEGER NOT NULL"
              + " REFERENCES item (id) DEFERRABLE INITIALLY DEFERRED)");
    }
    writer =
        new SqliteWriter(
            () -> DriverManager.getConnection(url, SqlitePool.writerConfig().toProperties()));
  }

  @AfterEach
  void close() {
    writer.close();
  }

  private int insert(int id) {
    return writer.run(
        connection -> {
          writerThreads.add(Thread.currentThread().getName());
          try (PreparedStatement insert =
              connection.prepareStatement("INSERT INTO item (id, name) VALUES (?, ?)")) {
            insert.setInt(1, id);
            insert.setString(2, "item " + id);
            insert.executeUpdate();
          }
          return id;
        });
  }

  private List<Integer> ids() throws SQLException {
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT id FROM item ORDER BY id")) {
      List<Integer> ids = new ArrayList<>();
      while (rows.next()) {
        ids.add(rows.getInt(1));
      }
      return ids;
    }
  }

  /** Holds the writer in a unit until released, so that the units queued meanwhile batch. */
  private CountDownLatch holdWriter(ExecutorService threads) throws InterruptedException {
    CountDownLatch held = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    threads.submit(
        () ->
            writer.run(
                connection -> {
                  held.countDown();
                  try {
                    release.await();
                  } catch (InterruptedException e) {
                    throw new SQLException(e);
                  }
                  return null;
                }));
    assertTrue(held.await(10, TimeUnit.SECONDS));
    return release;
  }

  @Test
  void runWhenManyConcurrentCallersThenEachGetsItsOwnResultAndAllAreInTheFile() throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(16);
    try {
      List<Future<Integer>> calls = new ArrayList<>();
      for (int i = 1; i <= 400; i++) {
        int id = i;
        calls.add(threads.submit(() -> insert(id)));
      }
      for (int i = 1; i <= 400; i++) {
        assertEquals(i, calls.get(i - 1).get(30, TimeUnit.SECONDS));
      }
    } finally {
      threads.shutdownNow();
    }
    assertEquals(400, ids().size());
    assertEquals(Set.of("pinoauth-sqlite-writer"), writerThreads);
  }

  @Test
  void runWhenOneUnitOfABatchFailsThenItAloneRollsBackAndTheOthersCommit() throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(4);
    try {
      CountDownLatch release = holdWriter(threads);
      Future<Integer> before = threads.submit(() -> insert(1));
      Future<Object> failing =
          threads.submit(
              () ->
                  writer.run(
                      connection -> {
                        try (Statement statement = connection.createStatement()) {
                          statement.executeUpdate("INSERT INTO item (id, name) VALUES (2, 'x')");
                          // The same key again: the unit fails after it wrote a row.
                          statement.executeUpdate("INSERT INTO item (id, name) VALUES (2, 'y')");
                        }
                        return null;
                      }));
      Future<Integer> after = threads.submit(() -> insert(3));
      Thread.sleep(200); // all three queued behind the held unit
      release.countDown();

      assertEquals(1, before.get(10, TimeUnit.SECONDS));
      assertEquals(3, after.get(10, TimeUnit.SECONDS));
      ExecutionException e = assertThrows(ExecutionException.class, () -> failing.get());
      StoreException failure = assertInstanceOf(StoreException.class, e.getCause());
      assertTrue(
          !(failure instanceof StoreUnavailableException),
          "its own failure, not a 503: " + failure);
      assertInstanceOf(SQLException.class, failure.getCause());
    } finally {
      threads.shutdownNow();
    }
    assertEquals(List.of(1, 3), ids());
  }

  @Test
  void runWhenUnitThrowsRuntimeExceptionThenThatExceptionReachesItsCallerAndItsRowsAreGone()
      throws SQLException {
    IllegalStateException thrown = new IllegalStateException("mine");

    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                writer.run(
                    connection -> {
                      insertWith(connection, 7);
                      throw thrown;
                    }));

    assertEquals(thrown, e);
    assertEquals(List.of(), ids());
  }

  @Test
  void runWhenTheCommitFailsThenEveryUnitOfTheBatchAnswers503AndNoneIsInTheFile() throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(4);
    try {
      CountDownLatch release = holdWriter(threads);
      Future<Integer> first = threads.submit(() -> insert(1));
      Future<Object> breaksCommit =
          threads.submit(
              () ->
                  writer.run(
                      connection -> {
                        try (Statement statement = connection.createStatement()) {
                          statement.executeUpdate("INSERT INTO child (parent) VALUES (99)");
                        }
                        return null;
                      }));
      Future<Integer> last = threads.submit(() -> insert(3));
      Thread.sleep(200);
      release.countDown();

      for (Future<?> call : List.of(first, breaksCommit, last)) {
        ExecutionException e =
            assertThrows(ExecutionException.class, () -> call.get(10, TimeUnit.SECONDS));
        assertInstanceOf(StoreUnavailableException.class, e.getCause());
      }
    } finally {
      threads.shutdownNow();
    }
    assertEquals(List.of(), ids());
    assertEquals(4, insert(4), "the next batch commits on a fresh transaction");
    assertEquals(List.of(4), ids());
  }

  @Test
  void runWhenClosedThen503AndWhenClosedWhileQueuedThen503() throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      CountDownLatch release = holdWriter(threads);
      Future<Integer> queued = threads.submit(() -> insert(1));
      Thread.sleep(200);
      Thread closing = new Thread(writer::close);
      closing.start();
      Thread.sleep(100);
      release.countDown();
      closing.join(10_000);

      ExecutionException e =
          assertThrows(ExecutionException.class, () -> queued.get(10, TimeUnit.SECONDS));
      assertInstanceOf(StoreUnavailableException.class, e.getCause());
    } finally {
      threads.shutdownNow();
    }
    assertThrows(StoreUnavailableException.class, () -> insert(2));
  }

  private static void insertWith(Connection connection, int id) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.executeUpdate("INSERT INTO item (id, name) VALUES (" + id + ", 'n')");
    }
  }
}
