package org.pinoauth.store.jdbc;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Runs a start-up step on the store (the migration) again while the database cannot be reached, for
 * up to {@code db.start.wait}, with pauses that double up to {@link #LONGEST_PAUSE}: a node that
 * starts before its database (both booted at once, or the database restarting) then deploys once
 * the database answers, instead of failing for good. Only an unreachable database is waited for, as
 * {@link Jdbc} tells it (connection refused or lost, the database starting up, no pooled connection
 * in time); wrong credentials, a missing database or a bad setting fail at once.
 */
final class StartWait {
  static final Duration FIRST_PAUSE = Duration.ofMillis(500);
  static final Duration LONGEST_PAUSE = Duration.ofSeconds(10);

  private static final Logger LOG = System.getLogger(StartWait.class.getName());

  /** Waits for a while; {@link Thread#sleep} but for tests. */
  @FunctionalInterface
  interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  static final Sleeper THREAD_SLEEP = duration -> Thread.sleep(duration.toMillis());

  private final Duration wait;
  private final Clock clock;
  private final Sleeper sleeper;

  StartWait(Duration wait, Clock clock, Sleeper sleeper) {
    this.wait = wait;
    this.clock = clock;
    this.sleeper = sleeper;
  }

  /** Runs {@code step} until it succeeds, or fails otherwise than unreachable, or time is up. */
  void run(Runnable step) {
    Instant deadline = clock.instant().plus(wait);
    Duration pause = FIRST_PAUSE;
    for (int attempt = 1; ; attempt++) {
      try {
        step.run();
        return;
      } catch (RuntimeException e) {
        Optional<SQLException> unreachable = unreachable(e);
        Duration left = Duration.between(clock.instant(), deadline);
        if (unreachable.isEmpty() || left.isNegative() || left.isZero()) {
          throw e;
        }
        Duration next = pause.compareTo(left) < 0 ? pause : left;
        // The class and SQLState only: a driver's message may quote the URL and its parameters.
        LOG.log(
            Level.WARNING,
            "The store cannot be reached yet (attempt "
                + attempt
                + ": "
                + unreachable.get().getClass().getSimpleName()
                + ", SQLState "
                + unreachable.get().getSQLState()
                + "); trying again in "
                + next.toMillis()
                + " ms, for up to "
                + (left.toMillis() + 999) / 1_000
                + " s more (db.start.wait)");
        try {
          sleeper.sleep(next);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          e.addSuppressed(interrupted);
          throw e;
        }
        Duration doubled = pause.multipliedBy(2);
        pause = doubled.compareTo(LONGEST_PAUSE) < 0 ? doubled : LONGEST_PAUSE;
      }
    }
  }

  /**
   * The failure at the root of {@code failure} when it says the database cannot be reached. The
   * deepest {@link SQLException} decides: a pool's "no connection in time" wraps the driver's own
   * reason, which may be a refused connection (wait) or a refused password (do not).
   */
  static Optional<SQLException> unreachable(Throwable failure) {
    SQLException deepest = null;
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof SQLException sql) {
        deepest = sql;
      }
    }
    return deepest != null && Jdbc.isConnectionFailure(deepest)
        ? Optional.of(deepest)
        : Optional.empty();
  }
}
