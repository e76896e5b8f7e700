package org.pinoauth.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pinoauth.testing.LogCapture;
import org.pinoauth.testing.MutableClock;

/**
 * The purge schedule on a real scheduler the test owns, with a mocked store (the seam: a store that
 * counts, or fails). Runs are awaited with latches and generous bounds, never with sleeps.
 */
class PurgerTest {
  private static final Duration RETENTION = Duration.ofDays(365);
  private static final Duration ACCESS_TTL = Duration.ofDays(30);
  private static final Duration SHORT = Duration.ofMillis(20);
  private static final long BOUND_SECONDS = 20;

  private final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));
  private final ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);
  private final Purge store = mock(Purge.class);

  @AfterEach
  void stopScheduler() throws InterruptedException {
    scheduler.shutdownNow();
    assertTrue(scheduler.awaitTermination(BOUND_SECONDS, TimeUnit.SECONDS));
  }

  private Purger start(Duration interval) {
    return Purger.start(store, clock, interval, RETENTION, ACCESS_TTL, scheduler);
  }

  @Test
  void startWhenIntervalIsAnHourThenFirstRunOneHourAwayAndNothingRunsBefore() {
    start(Duration.ofHours(1));

    List<Runnable> pending = List.copyOf(scheduler.getQueue());
    assertEquals(1, pending.size(), "one scheduled purge");
    // The pool's queue holds its scheduled tasks, each a Delayed.
    long delay = ((Delayed) pending.get(0)).getDelay(TimeUnit.SECONDS);
    assertTrue(delay > 3_590 && delay <= 3_600, "first run in " + delay + " s");
    assertEquals(0, scheduler.getCompletedTaskCount());
  }

  @Test
  void startWhenRunningThenPurgesAgainEveryIntervalWithTheClockAndRetentions() throws Exception {
    CountDownLatch threeRuns = new CountDownLatch(3);
    List<Instant> nows = new CopyOnWriteArrayList<>();
    when(store.purge(any(), any(), any()))
        .thenAnswer(
            call -> {
              assertEquals(RETENTION, call.getArgument(1));
              assertEquals(ACCESS_TTL, call.getArgument(2));
              nows.add(call.getArgument(0));
              clock.advance(Duration.ofMinutes(1));
              threeRuns.countDown();
              return 5L;
            });

    start(SHORT);

    assertTrue(threeRuns.await(BOUND_SECONDS, TimeUnit.SECONDS), "three purges ran");
    assertEquals(Instant.parse("2025-01-01T00:00:00Z"), nows.get(0));
    assertEquals(Instant.parse("2025-01-01T00:01:00Z"), nows.get(1));
  }

  @Test
  void runWhenStoreFailsThenLoggedAndTheNextRunStillHappens() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    CountDownLatch recovered = new CountDownLatch(1);
    when(store.purge(any(), any(), any()))
        .thenAnswer(
            call -> {
              if (calls.incrementAndGet() == 1) {
                throw new StoreUnavailableException("The database cannot be reached", null);
              }
              recovered.countDown();
              return 0L;
            });

    try (LogCapture log = LogCapture.start()) {
      start(SHORT);

      assertTrue(recovered.await(BOUND_SECONDS, TimeUnit.SECONDS), "a purge after the failure");
      List<LogCapture.Entry> warnings =
          log.await(
              entry ->
                  entry.logger().equals(Purger.class.getName())
                      && entry.level() == Level.WARNING
                      && entry.text().contains("Purge failed")
                      && entry.text().contains("cannot be reached"),
              1,
              Duration.ofSeconds(BOUND_SECONDS));
      assertEquals(1, warnings.size(), "the failure was logged once");
    }
  }

  @Test
  void closeWhenScheduledThenSchedulerEndsAndNoRunFollows() throws Exception {
    CountDownLatch ran = new CountDownLatch(1);
    when(store.purge(any(), any(), any()))
        .thenAnswer(
            call -> {
              ran.countDown();
              return 0L;
            });
    Purger purger = start(SHORT);
    assertTrue(ran.await(BOUND_SECONDS, TimeUnit.SECONDS), "the schedule ran");

    purger.close();

    assertTrue(scheduler.isTerminated(), "close() returns once the scheduler has ended");
    assertTrue(scheduler.getQueue().isEmpty(), "no purge left scheduled");
  }
}
