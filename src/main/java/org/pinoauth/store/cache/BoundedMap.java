package org.pinoauth.store.cache;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * A {@link ConcurrentHashMap} that never holds more than {@code capacity} entries: a put that finds
 * it full first drops an arbitrary tenth of it. Not least-recently-used, and needs none: an entry
 * dropped is one more read of the store, never a wrong answer; and no lock is shared by readers.
 */
final class BoundedMap<K, V> {
  private final ConcurrentHashMap<K, V> map = new ConcurrentHashMap<>();
  private final int capacity;

  BoundedMap(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity " + capacity);
    }
    this.capacity = capacity;
  }

  V get(K key) {
    return map.get(key);
  }

  void put(K key, V value) {
    if (map.size() >= capacity) {
      int drop = Math.max(1, capacity / 10);
      Iterator<K> keys = map.keySet().iterator();
      while (drop-- > 0 && keys.hasNext()) {
        keys.next();
        keys.remove();
      }
    }
    map.put(key, value);
  }

  /** Removes {@code key} only while it still maps to {@code value} (or an equal one). */
  void remove(K key, V value) {
    map.remove(key, value);
  }

  void remove(K key) {
    map.remove(key);
  }

  /** Removes every entry whose value matches: one pass over the map. */
  void removeValues(Predicate<V> matching) {
    map.values().removeIf(matching);
  }

  void clear() {
    map.clear();
  }

  int size() {
    return map.size();
  }

  /** A view, for tests. */
  Map<K, V> view() {
    return map;
  }
}
