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
