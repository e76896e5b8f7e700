package org.pinoauth.limit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts failures (wrong client secrets, failed sign-ins) per key in fixed windows and locks a key
 * out once it reaches the limit, until its window passes. A lockout holds even for a correct
 * secret, so guessing cannot go on behind it.
 *
 * <p>Cheap and bounded: one {@link ConcurrentHashMap} entry per key that failed recently, updated
 * atomically per key (no lock shared by all requests), at most {@code maxKeys} entries. A flood of
 * distinct keys first sweeps expired entries, then evicts the least-failed of a small sample, so
 * the keys an attacker hammers stay counted. Counters are per node (CONTRACT §2.5 {@code
 * slow_down}); several nodes each allow the limit.
 */
public final class FailureLimiter {
  private static final int EVICTION_SAMPLE = 16;

  private record Window(long startMillis, int failures) {}

  private final int limit;
  private final long windowMillis;
  private final int maxKeys;
  private final Clock clock;
  private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();
  // Checks under way per key; an entry lives only while one is, so this holds no more keys than
  // there are requests in flight.
  private final ConcurrentHashMap<String, Integer> checking = new ConcurrentHashMap<>();
  private volatile long lastSweepMillis;

  /**
   * @param limit failures that lock a key out; 0 turns this limiter off
   */
  public FailureLimiter(int limit, Duration window, int maxKeys, Clock clock) {
    this.limit = limit;
    this.windowMillis = window.toMillis();
    this.maxKeys = maxKeys;
    this.clock = clock;
  }

  /** How long {@code key} stays locked out, or empty when it may try. */
  public Optional<Duration> lockedFor(String key) {
    if (limit == 0) {
      return Optional.empty();
    }
    Window window = windows.get(key);
    if (window == null || window.failures() < limit) {
      return Optional.empty();
    }
    long remaining = window.startMillis() + windowMillis - clock.millis();
    return remaining > 0 ? Optional.of(Duration.ofMillis(remaining)) : Optional.empty();
  }

  /**
   * Admits one slow check of {@code key}'s credentials unless its failures in this window and the
   * checks already under way reach the limit: a burst of parallel guesses would otherwise all pass
   * {@link #lockedFor} before the first of them fails, and get as many tries as it has requests in
   * flight. A check admitted must end with {@link #endCheck}, after its failure (if any) is
   * counted.
   *
   * @return empty when admitted, else how long to wait: the lock's remaining time, or a second
   *     while checks under way take the last tries
   */
  public Optional<Duration> beginCheck(String key) {
    if (limit == 0) {
      return Optional.empty();
    }
    long now = clock.millis();
    boolean[] admitted = {false};
    checking.compute(
        key,
        (k, underWay) -> {
          int running = underWay == null ? 0 : underWay;
          if (failures(k, now) + running >= limit) {
            return underWay;
          }
          admitted[0] = true;
          return running + 1;
        });
    return admitted[0]
        ? Optional.empty()
        : Optional.of(lockedFor(key).orElse(Duration.ofSeconds(1)));
  }

  /** Ends a check {@link #beginCheck} admitted. */
  public void endCheck(String key) {
    if (limit == 0) {
      return;
    }
    checking.computeIfPresent(key, (k, underWay) -> underWay <= 1 ? null : underWay - 1);
  }

  private int failures(String key, long now) {
    Window window = windows.get(key);
    return window == null || now - window.startMillis() >= windowMillis ? 0 : window.failures();
  }

  /**
   * Counts one failure of {@code key}.
   *
   * @return when the lock ends, if this failure started it (once per key and window), else empty
   */
  public Optional<Instant> recordFailure(String key) {
    if (limit == 0) {
      return Optional.empty();
    }
    long now = clock.millis();
    if (windows.size() >= maxKeys && !windows.containsKey(key)) {
      makeRoom(now);
    }
    Window counted =
        windows.compute(
            key,
            (k, window) ->
                window == null || now - window.startMillis() >= windowMillis
                    ? new Window(now, 1)
                    : new Window(window.startMillis(), window.failures() + 1));
    // compute() is atomic per key: of concurrent failures, exactly one makes the count the limit.
    return counted.failures() == limit
        ? Optional.of(Instant.ofEpochMilli(counted.startMillis() + windowMillis))
        : Optional.empty();
  }

  /** Keys locked out right now; for metrics. Walks the map, so not for the request path. */
  public int activeLockouts() {
    long now = clock.millis();
    int locked = 0;
    for (Window window : windows.values()) {
      if (window.failures() >= limit && now - window.startMillis() < windowMillis) {
        locked++;
      }
    }
    return locked;
  }

  int trackedKeys() {
    return windows.size();
  }

  private void makeRoom(long now) {
    // A full sweep at most once a second: under a flood it would otherwise run on every failure.
    if (now - lastSweepMillis >= 1_000) {
      lastSweepMillis = now;
      windows.values().removeIf(window -> now - window.startMillis() >= windowMillis);
      if (windows.size() < maxKeys) {
        return;
      }
    }
    String victim = null;
    int fewest = Integer.MAX_VALUE;
    Iterator<Map.Entry<String, Window>> sample = windows.entrySet().iterator();
    for (int i = 0; i < EVICTION_SAMPLE && sample.hasNext(); i++) {
      Map.Entry<String, Window> entry = sample.next();
      if (entry.getValue().failures() < fewest) {
        fewest = entry.getValue().failures();
        victim = entry.getKey();
      }
    }
    if (victim != null) {
      windows.remove(victim);
    }
  }
}
