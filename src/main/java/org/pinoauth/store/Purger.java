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
 * tokens detectable until they expire; {@link TokenStore#purge} says exactly what goes). One daemon
 * thread; requests never wait for it, and a failed run is logged and retried at the next one. On
 * several nodes each purges; the deletes are idempotent.
 */
public final class Purger implements AutoCloseable {
  private static final Logger LOG = System.getLogger(Purger.class.getName());

  private final TokenStore tokens;
  private final Clock clock;
  private final Duration redeemedCodeRetention;
  private final Duration accessTokenTtl;
  private final ScheduledExecutorService scheduler;

  private Purger(
      TokenStore tokens, Clock clock, Duration redeemedCodeRetention, Duration accessTokenTtl) {
    this.tokens = tokens;
    this.clock = clock;
    this.redeemedCodeRetention = redeemedCodeRetention;
    this.accessTokenTtl = accessTokenTtl;
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "pinoauth-purge");
              thread.setDaemon(true);
              return thread;
            });
  }

  /** Starts purging every {@code interval}, the first time one interval from now. */
  public static Purger start(
      TokenStore tokens,
      Clock clock,
      Duration interval,
      Duration redeemedCodeRetention,
      Duration accessTokenTtl) {
    Purger purger = new Purger(tokens, clock, redeemedCodeRetention, accessTokenTtl);
    long seconds = Math.max(1, interval.toSeconds());
    purger.scheduler.scheduleWithFixedDelay(purger::runOnce, seconds, seconds, TimeUnit.SECONDS);
    return purger;
  }

  /** One purge; also what the schedule runs. */
  public long runOnce() {
    try {
      long deleted = tokens.purge(clock.instant(), redeemedCodeRetention, accessTokenTtl);
      LOG.log(Level.DEBUG, "Purged " + deleted + " expired rows");
      return deleted;
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Purge failed; retrying at the next interval", e);
      return 0;
    }
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}
