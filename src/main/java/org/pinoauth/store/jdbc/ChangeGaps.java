package org.pinoauth.store.jdbc;

import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * The change log's ids a {@link JdbcChangeFeed} has not seen below the highest it has seen. Ids are
 * allocated when a row is inserted and become visible when its transaction commits, so a row may
 * commit after a row with a higher id: polling by increasing id alone would skip it. Each gap is
 * read again by every poll for {@link #WINDOW_NANOS} after it was noticed, longer than any
 * transaction that writes the log (which inserts its row last, just before its commit), then
 * dropped: an id a rolled-back transaction took never appears.
 */
final class ChangeGaps {
  /** How long a gap is read again: 60 s. */
  static final long WINDOW_NANOS = 60_000_000_000L;

  /**
   * Gaps tracked at most; past that the oldest are dropped. A jump of more ids at once takes that
   * many rolled-back transactions, not in-flight ones.
   */
  static final int MAX_GAPS = 10_000;

  /** Gap id to when it was noticed ({@link System#nanoTime}). */
  private final TreeMap<Long, Long> gaps = new TreeMap<>();

  private long highest;

  ChangeGaps(long highest) {
    this.highest = highest;
  }

  /** The highest id seen. */
  long highest() {
    return highest;
  }

  /** Notes that the row {@code id} was read at {@code nowNanos}. */
  void seen(long id, long nowNanos) {
    if (id > highest) {
      for (long missing = Math.max(highest + 1, id - MAX_GAPS); missing < id; missing++) {
        gaps.put(missing, nowNanos);
      }
      highest = id;
      while (gaps.size() > MAX_GAPS) {
        gaps.pollFirstEntry();
      }
    } else {
      gaps.remove(id);
    }
  }

  /** Drops the gaps noticed more than {@link #WINDOW_NANOS} before {@code nowNanos}. */
  void expire(long nowNanos) {
    for (Iterator<Map.Entry<Long, Long>> it = gaps.entrySet().iterator(); it.hasNext(); ) {
      if (nowNanos - it.next().getValue() > WINDOW_NANOS) {
        it.remove();
      }
    }
  }

  /** The ids to read again, in order. */
  long[] ids() {
    return gaps.keySet().stream().mapToLong(Long::longValue).toArray();
  }
}
