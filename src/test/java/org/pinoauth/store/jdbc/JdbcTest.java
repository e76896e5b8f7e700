package org.pinoauth.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pinoauth.store.StoreException;
import org.pinoauth.store.StoreUnavailableException;

/**
 * Which failures {@link Jdbc} runs again and how they end: work the database aborted to settle a
 * conflict runs again on a fresh transaction, a bounded number of times, then answers 503; nothing
 * else runs twice.
 */
class JdbcTest {
  private final List<Integer> pauses = new ArrayList<>();
  private final AtomicInteger runs = new AtomicInteger();
  private DataSource dataSource;
  private Connection connection;
  private Jdbc jdbc;

  @BeforeEach
  void connectionThatWorks() throws SQLException {
    dataSource = mock(DataSource.class);
    connection = mock(Connection.class);
    when(dataSource.getConnection()).thenReturn(connection);
    jdbc = new Jdbc(dataSource, pauses::add);
  }

  /** Work that fails with {@code state} on its first {@code failures} runs, then answers "done". */
  private Jdbc.Work<String> failing(int failures, String state) {
    return connection -> {
      if (runs.incrementAndGet() <= failures) {
        throw new SQLException("aborted", state);
      }
      return "done";
    };
  }

  @Test
  void transactionWhenSerializationFailureThenRunAgainOnAFreshTransactionAndCommitted()
      throws SQLException {
    assertEquals("done", jdbc.transaction(failing(2, "40001")));

    assertEquals(3, runs.get());
    assertEquals(List.of(2, 3), pauses, "a pause before each run again");
    verify(connection, times(2)).rollback();
    verify(connection).commit();
    verify(dataSource, times(3)).getConnection();
  }

  @Test
  void inTransactionWhenLastStepAbortedThenWholeUnitRunAgainOnOneFreshTransaction()
      throws SQLException {
    Connection second = mock(Connection.class);
    when(dataSource.getConnection()).thenReturn(connection, second);
    List<String> steps = new ArrayList<>();
    List<Connection> joined = new ArrayList<>();

    String result =
        jdbc.inTransaction(
            transaction -> {
              steps.add("first store");
              joined.add(transaction.connection());
              steps.add("second store");
              joined.add(transaction.connection());
              if (runs.incrementAndGet() == 1) {
                throw new SQLException("could not serialize", "40001");
              }
              return "done";
            });

    assertEquals("done", result);
    assertEquals(
        List.of("first store", "second store", "first store", "second store"),
        steps,
        "the unit runs again from its first store's step");
    assertEquals(List.of(connection, connection, second, second), joined);
    verify(connection).rollback();
    verify(connection, times(0)).commit();
    verify(second).commit();
  }

  @Test
  void readWhenContainerPoolCannotGiveAConnectionWithoutSqlStateThenUnavailable()
      throws SQLException {
    // Tomcat's DBCP when its pool is exhausted or the database is down.
    when(dataSource.getConnection())
        .thenThrow(
            new SQLException(
                "Cannot get a connection, pool error Timeout waiting for idle object"));

    assertThrows(StoreUnavailableException.class, () -> jdbc.read(failing(0, null)));
    assertEquals(0, runs.get(), "no work without a connection");
  }

  @Test
  void transactionWhenPoolWrapsTheDriversRefusalThenUnavailable() throws SQLException {
    // Payara's connector: new SQLException(message, cause) around the allocation failure.
    when(dataSource.getConnection())
        .thenThrow(
            new SQLException(
                "Error in allocating a connection",
                new IllegalStateException("Connection could not be allocated")));

    assertThrows(StoreUnavailableException.class, () -> jdbc.transaction(failing(0, null)));
    assertEquals(0, runs.get(), "no work without a connection");
  }

  @Test
  void transactionWhenDeadlockThenRunAgain() {
    assertEquals("done", jdbc.transaction(failing(1, "40P01")));

    assertEquals(2, runs.get());
  }

  @Test
  void transactionWhenH2ConcurrentUpdateThenRunAgain() {
    assertEquals("done", jdbc.transaction(failing(1, "90131")));

    assertEquals(2, runs.get());
  }

  @Test
  void transactionWhenCommitAbortedThenRunAgain() throws SQLException {
    doThrow(new SQLException("could not serialize", "40001")).doNothing().when(connection).commit();

    assertEquals("done", jdbc.transaction(failing(0, null)));

    assertEquals(2, runs.get());
    verify(connection).rollback();
  }

  @Test
  void transactionWhenAbortedEveryTimeThenUnavailableAfterBoundedRuns() {
    StoreException e =
        assertThrows(StoreException.class, () -> jdbc.transaction(failing(100, "40001")));

    assertInstanceOf(StoreUnavailableException.class, e, "503, not 500");
    assertEquals(Jdbc.ATTEMPTS, runs.get());
    assertEquals(Jdbc.ATTEMPTS - 1, pauses.size());
  }

  @Test
  void transactionWhenConnectionLostThenUnavailableWithoutRunningAgain() {
    // The commit may or may not have happened: running the work again could do it twice.
    StoreException e =
        assertThrows(StoreException.class, () -> jdbc.transaction(failing(1, "08006")));

    assertInstanceOf(StoreUnavailableException.class, e);
    assertEquals(1, runs.get());
    assertEquals(List.of(), pauses);
  }

  @Test
  void transactionWhenStatementFailsThenServerErrorWithoutRunningAgain() {
    StoreException e =
        assertThrows(StoreException.class, () -> jdbc.transaction(failing(1, "23505")));

    assertFalse(e instanceof StoreUnavailableException, "a broken statement is a 500");
    assertEquals(1, runs.get());
  }

  @Test
  void transactionWhenLockTimeoutThenUnavailableWithoutRunningAgain() {
    StoreException e =
        assertThrows(StoreException.class, () -> jdbc.transaction(failing(1, "HYT00")));

    assertInstanceOf(StoreUnavailableException.class, e);
    assertEquals(1, runs.get());
  }

  @Test
  void transactionWhenStatementTimeoutThenUnavailableWithoutRunningAgain() {
    // PostgreSQL's statement_timeout on pinoauth's role (docs/postgresql.md): query_canceled.
    StoreException e =
        assertThrows(StoreException.class, () -> jdbc.transaction(failing(1, "57014")));

    assertInstanceOf(StoreUnavailableException.class, e, "503, not 500");
    assertEquals(1, runs.get());
  }

  @Test
  void readWhenIdleInTransactionTimeoutEndedTheSessionThenUnavailable() {
    // idle_in_transaction_session_timeout ends the session with a FATAL 25P03.
    StoreException e = assertThrows(StoreException.class, () -> jdbc.read(failing(1, "25P03")));

    assertInstanceOf(StoreUnavailableException.class, e, "503, not 500");
    assertEquals(1, runs.get());
  }

  @Test
  void transactionWhenWorkThrowsUncheckedThenRolledBackAndNotRunAgain() throws SQLException {
    StoreException own = new StoreException("own", null);

    StoreException e =
        assertThrows(
            StoreException.class,
            () ->
                jdbc.transaction(
                    connection -> {
                      runs.incrementAndGet();
                      throw own;
                    }));

    assertSame(own, e);
    assertEquals(1, runs.get());
    verify(connection).rollback();
  }

  @Test
  void writeWhenSerializationFailureThenRunAgain() {
    assertEquals("done", jdbc.write(failing(1, "40001")));

    assertEquals(2, runs.get());
  }

  @Test
  void readWhenSerializationFailureThenRunAgain() {
    assertEquals("done", jdbc.read(failing(1, "40001")));

    assertEquals(2, runs.get());
  }

  @Test
  void pausesBetweenRunsDoubleUpToTheirCapAndStayUnderHalfASecondAndMoreInAll() {
    assertEquals(4, Jdbc.pauseBound(2));
    assertEquals(8, Jdbc.pauseBound(3));
    assertEquals(Jdbc.MAX_PAUSE_MILLIS, Jdbc.pauseBound(Jdbc.ATTEMPTS));
    long total = 0;
    for (int attempt = 2; attempt <= Jdbc.ATTEMPTS; attempt++) {
      total += Jdbc.pauseBound(attempt);
    }
    assertTrue(total < 600, "the longest wait before the last run: " + total + " ms");
    assertTrue(Jdbc.ATTEMPTS >= 8, "enough runs for SERIALIZABLE under load");
  }
}
