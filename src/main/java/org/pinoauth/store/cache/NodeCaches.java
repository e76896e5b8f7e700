package org.pinoauth.store.cache;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.pinoauth.client.App;
import org.pinoauth.store.Change;
import org.pinoauth.store.ChangeListener;

/**
 * What one node keeps in memory of the store (apps, and access tokens' liveness), with what it
 * knows of its freshness: the {@link ChangeListener} that the stores and the change feed tell.
 *
 * <p>A cached answer is used only while the node has confirmed, within {@code cache.staleness},
 * that it has applied every change committed before some moment: the start of its last poll of the
 * change log whose results it applied ({@link #polled}). Past that, every read goes to the store
 * and fills nothing; on confirming again after such a lapse the caches start empty. A node that
 * makes every change itself (the embedded store) is always confirmed: its caches are exact.
 *
 * <p>The race rule: a reader notes the {@link #generation} before it reads the store and keeps the
 * answer only if no change was applied and nothing was cleared since, so a read that started before
 * an invalidation can never put back what the invalidation removed.
 */
public final class NodeCaches implements ChangeListener {
  /** Apps kept at most: an app with its lists is some 2 KiB. */
  public static final int APPS = 10_000;

  /** Live access tokens kept at most: an entry is some 300 bytes. */
  public static final int LIVE_TOKENS = 100_000;

  /** Dead (revoked) access tokens kept at most; a revocation never ends, so this never expires. */
  public static final int DEAD_TOKENS = 10_000;

  /** What an access token's liveness answer depends on, so a change can find it. */
  record Liveness(long familyId, String clientId, String username) {}

  private final long stalenessNanos;
  private final boolean exact;
  private final LongSupplier nanoTime;
  private final AtomicLong generation = new AtomicLong();
  private final LongAdder hits = new LongAdder();
  private final LongAdder readThroughs = new LongAdder();

  /** When the last applied poll began; meaningful once {@link #confirmed} is true. */
  private volatile long confirmedAt;

  private volatile boolean confirmed;

  final BoundedMap<String, App> apps;
  final BoundedMap<String, Liveness> live;
  final BoundedMap<String, Liveness> dead;

  NodeCaches(
      Duration staleness, boolean exact, LongSupplier nanoTime, int apps, int live, int dead) {
    if (staleness.isZero() || staleness.isNegative()) {
      throw new IllegalArgumentException("A cache needs a staleness above 0");
    }
    this.stalenessNanos = staleness.toNanos();
    this.exact = exact;
    this.nanoTime = nanoTime;
    this.apps = new BoundedMap<>(apps);
    this.live = new BoundedMap<>(live);
    this.dead = new BoundedMap<>(dead);
  }

  /** The caches of a node that makes every change itself (an embedded store): always fresh. */
  public static NodeCaches exact(Duration staleness) {
    return new NodeCaches(staleness, true, System::nanoTime, APPS, LIVE_TOKENS, DEAD_TOKENS);
  }

  /**
   * The caches of a node that learns of other nodes' changes by polling within {@code staleness}.
   */
  public static NodeCaches polled(Duration staleness) {
    return new NodeCaches(staleness, false, System::nanoTime, APPS, LIVE_TOKENS, DEAD_TOKENS);
  }

  /** Whether the node makes every change itself, so the caches need no polling. */
  public boolean isExact() {
    return exact;
  }

  /** The number to note before reading the store, for {@link #keep}. */
  long generation() {
    return generation.get();
  }

  /** Whether cached answers may be used now, and fresh answers kept. */
  boolean fresh() {
    return exact || (confirmed && nanoTime.getAsLong() - confirmedAt <= stalenessNanos);
  }

  /** How long ago freshness was last confirmed, in seconds; 0 when exact, -1 before the first. */
  public double freshnessAgeSeconds() {
    if (exact) {
      return 0;
    }
    return confirmed ? (nanoTime.getAsLong() - confirmedAt) / 1e9 : -1;
  }

  public long hits() {
    return hits.sum();
  }

  public long readThroughs() {
    return readThroughs.sum();
  }

  void hit() {
    hits.increment();
  }

  void readThrough() {
    readThroughs.increment();
  }

  /**
   * Keeps {@code value}, read from the store after {@code generation} was noted, unless a change
   * was applied or the caches cleared since. It is put first and checked after, so an invalidation
   * that runs at the same time either sees it and removes it, or has bumped the generation before
   * the check, which then removes it.
   */
  <V> void keep(BoundedMap<String, V> map, String key, V value, long generation) {
    if (this.generation.get() != generation) {
      return;
    }
    map.put(key, value);
    if (this.generation.get() != generation) {
      map.remove(key, value);
    }
  }

  @Override
  public void applied(Change change) {
    apply(List.of(change));
  }

  @Override
  public void polled(List<Change> changes, long startNanos) {
    if (!confirmed || startNanos - confirmedAt > stalenessNanos) {
      // Freshness lapsed: what was missed meanwhile may be purged from the log, or past its gaps.
      clear();
    } else if (!changes.isEmpty()) {
      apply(changes);
    }
    confirmedAt = startNanos;
    confirmed = true;
  }

  /** Drops everything: for a lapse, and for tests. */
  void clear() {
    generation.incrementAndGet();
    apps.clear();
    live.clear();
    dead.clear();
  }

  /** Applies a batch: bumps the generation, then removes what it ends, in one pass per map. */
  private void apply(List<Change> changes) {
    generation.incrementAndGet();
    Set<String> appIds = new HashSet<>();
    Set<Long> families = new HashSet<>();
    Map<String, Set<String>> users = new HashMap<>(); // username -> apps, or a set with null: all
    for (Change change : changes) {
      switch (change.kind()) {
        case APP -> {
          appIds.add(change.clientId());
          apps.remove(change.clientId());
        }
        case ACCESS_TOKEN -> live.remove(change.subject());
        case FAMILY -> families.add(Long.parseLong(change.subject()));
        case USER ->
            users.computeIfAbsent(change.subject(), u -> new HashSet<>()).add(change.clientId());
      }
    }
    if (!appIds.isEmpty() || !families.isEmpty() || !users.isEmpty()) {
      live.removeValues(entry -> ends(entry, appIds, families, users));
    }
    if (!appIds.isEmpty()) {
      // An app token's liveness turns on its app's owner, which an edit may give back.
      dead.removeValues(entry -> appIds.contains(entry.clientId()));
    }
  }

  private static boolean ends(
      Liveness entry, Set<String> appIds, Set<Long> families, Map<String, Set<String>> users) {
    if (appIds.contains(entry.clientId()) || families.contains(entry.familyId())) {
      return true;
    }
    Set<String> ofUser = users.get(entry.username());
    return ofUser != null && (ofUser.contains(null) || ofUser.contains(entry.clientId()));
  }

  /** The cached app, for tests. */
  Optional<App> cachedApp(String clientId) {
    return Optional.ofNullable(apps.get(clientId));
  }
}
