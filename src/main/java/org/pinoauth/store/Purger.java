package org.pinoauth.store;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Deletes expired and spent rows in the background on a fixed schedule (CONTRACT §2.3 keeps rotated
 * tokens detectable until they expire; {@link Purge#purge} says exactly what goes). One daemon
 * thread; requests never wait for it, and a failed run is logged and retried at the next one. On
 * several nodes each purges; the deletes are idempotent.
 */
public final class Purger implements AutoCloseable {
  private static final Logger LOG = System.getLogger(Purger.class.getName());
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);

  private final Purge purge;
  private final Clock clock;
  private final Duration redeemedCodeRetention;
  private final Duration accessTokenTtl;
  private final ScheduledExecutorService scheduler;

  private Purger(
      Purge purge,
      Clock clock,
      Duration redeemedCodeRetention,
      Duration accessTokenTtl,
      ScheduledExecutorService scheduler) {
    this.purge = purge;
    this.clock = clock;
    this.redeemedCodeRetention = redeemedCodeRetention;
    this.accessTokenTtl = accessTokenTtl;
    this.scheduler = scheduler;
  }

  /** Starts purging every {@code interval}, the first time one interval from now. */
  public static Purger start(
      Purge purge,
      Clock clock,
      Duration interval,
      Duration redeemedCodeRetention,
      Duration accessTokenTtl) {
    ScheduledExecutorService scheduler =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "pinoauth-purge");
              thread.setDaemon(true);
              return thread;
            });
    return start(purge, clock, interval, redeemedCodeRetention, accessTokenTtl, scheduler);
  }

  /** As {@link #start}, on a scheduler of the caller's: the seam a test watches. */
  static Purger start(
      Purge purge,
      Clock clock,
      Duration interval,
      Duration redeemedCodeRetention,
      Duration accessTokenTtl,
      ScheduledExecutorService scheduler) {
    Purger purger = new Purger(purge, clock, redeemedCodeRetention, accessTokenTtl, scheduler);
    long millis = Math.max(1, interval.toMillis());
    scheduler.scheduleWithFixedDelay(purger::runOnce, millis, millis, TimeUnit.MILLISECONDS);
    return purger;
  }

  /** One purge; also what the schedule runs. */
  public long runOnce() {
    try {
      long deleted = purge.purge(clock.instant(), redeemedCodeRetention, accessTokenTtl);
      LOG.log(Level.DEBUG, "Purged " + deleted + " expired rows");
      return deleted;
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Purge failed; retrying at the next interval", e);
      return 0;
    }
  }

  /**
   * Stops the schedule and waits, a bounded time, for a run in progress to end, so that nothing
   * purges once the store is closed after this.
   */
  @Override
  public void close() {
    scheduler.shutdownNow();
    try {
      if (!scheduler.awaitTermination(CLOSE_WAIT.toSeconds(), TimeUnit.SECONDS)) {
        LOG.log(Level.WARNING, "A purge still runs after " + CLOSE_WAIT.toSeconds() + " s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
