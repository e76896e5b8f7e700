package org.pinoauth.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import org.flywaydb.core.api.FlywayException;
import org.junit.jupiter.api.Test;
import org.pinoauth.testing.LogCapture;
import org.pinoauth.testing.MutableClock;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;

/**
 * How a start-up step waits for its database (docs/postgresql.md): again and again while the
 * database cannot be reached, up to {@code db.start.wait}; at once for any other failure.
 */
class StartWaitTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));
  private final List<Duration> pauses = new ArrayList<>();
  private final AtomicInteger runs = new AtomicInteger();

  private StartWait waitingFor(Duration wait) {
    return new StartWait(
        wait,
        clock,
        pause -> {
          pauses.add(pause);
          clock.advance(pause);
        });
  }

  /** As Flyway reports a pool that got no connection because the driver's was refused. */
  private static RuntimeException noConnection(PSQLState driverState) {
    PSQLException driver =
        new PSQLException("Connection to db.internal:5432 refused; password=hunter2", driverState);
    SQLTransientConnectionException pool =
        new SQLTransientConnectionException(
            "pinoauth - Connection is not available, request timed out after 1000ms",
            driver.getSQLState(),
            driver);
    return new FlywayException("Unable to obtain connection from database: " + pool, pool);
  }

  /** A step that fails with {@code failure} on its first {@code failures} runs. */
  private Runnable failing(int failures, RuntimeException failure) {
    return () -> {
      if (runs.incrementAndGet() <= failures) {
        throw failure;
      }
    };
  }

  @Test
  void runWhenUnreachableTwiceThenRunsAgainAfterDoublingPausesAndSucceeds() {
    try (LogCapture logs = LogCapture.start()) {
      waitingFor(Duration.ofSeconds(120))
          .run(failing(2, noConnection(PSQLState.CONNECTION_UNABLE_TO_CONNECT)));

      assertEquals(3, runs.get());
      assertEquals(List.of(Duration.ofMillis(500), Duration.ofSeconds(1)), pauses);
      List<LogCapture.Entry> warnings =
          logs.entries().stream()
              .filter(entry -> entry.logger().equals(StartWait.class.getName()))
              .toList();
      assertEquals(2, warnings.size(), warnings.toString());
      for (LogCapture.Entry warning : warnings) {
        assertEquals(Level.WARNING, warning.level());
        assertTrue(warning.text().contains("SQLState 08001"), warning.text());
        assertTrue(warning.text().contains("db.start.wait"), warning.text());
        assertFalse(warning.text().contains("hunter2"), "no driver message: " + warning.text());
        assertFalse(warning.text().contains("db.internal"), warning.text());
      }
    }
  }

  @Test
  void runWhenDatabaseStartingUpThenWaitsForIt() {
    SQLException startingUp = new SQLException("the database system is starting up", "57P03");

    waitingFor(Duration.ofSeconds(120))
        .run(failing(1, new FlywayException("Unable to obtain connection", startingUp)));

    assertEquals(2, runs.get());
  }

  @Test
  void runWhenPasswordRefusedThenFailsAtOnce() {
    RuntimeException refused = noConnection(PSQLState.INVALID_PASSWORD);

    RuntimeException e =
        assertThrows(
            RuntimeException.class,
            () -> waitingFor(Duration.ofSeconds(120)).run(failing(9, refused)));

    assertSame(refused, e);
    assertEquals(1, runs.get());
    assertEquals(List.of(), pauses);
  }

  @Test
  void runWhenFailureHasNoSqlCauseThenFailsAtOnce() {
    RuntimeException broken = new FlywayException("Validate failed: migrations have changed");

    assertSame(
        broken,
        assertThrows(
            RuntimeException.class,
            () -> waitingFor(Duration.ofSeconds(120)).run(failing(9, broken))));
    assertEquals(1, runs.get());
  }

  @Test
  void runWhenWaitIsZeroThenUnreachableFailsAtOnce() {
    RuntimeException unreachable = noConnection(PSQLState.CONNECTION_UNABLE_TO_CONNECT);

    assertSame(
        unreachable,
        assertThrows(
            RuntimeException.class, () -> waitingFor(Duration.ZERO).run(failing(9, unreachable))));
    assertEquals(1, runs.get());
  }

  @Test
  void runWhenUnreachableThroughoutThenPausesCappedAndFailsWhenTheWaitIsOver() {
    RuntimeException unreachable = noConnection(PSQLState.CONNECTION_FAILURE);

    RuntimeException e =
        assertThrows(
            RuntimeException.class,
            () -> waitingFor(Duration.ofSeconds(60)).run(failing(1_000, unreachable)));

    assertSame(unreachable, e);
    assertEquals(Duration.ofSeconds(60), pauses.stream().reduce(Duration.ZERO, Duration::plus));
    assertEquals(StartWait.LONGEST_PAUSE, pauses.stream().max(Duration::compareTo).orElseThrow());
    assertEquals(
        List.of(
            Duration.ofMillis(500),
            Duration.ofSeconds(1),
            Duration.ofSeconds(2),
            Duration.ofSeconds(4),
            Duration.ofSeconds(8),
            Duration.ofSeconds(10)),
        pauses.subList(0, 6));
    assertEquals(pauses.size() + 1, runs.get(), "one last run after the last pause");
  }
}
