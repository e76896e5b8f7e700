package org.pinoauth.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ChangeGapsTest {

  @Test
  void seenWhenIdsSkippedThenTheyAreGapsUntilSeen() {
    ChangeGaps gaps = new ChangeGaps(10);

    gaps.seen(11, 0);
    gaps.seen(14, 0);

    assertEquals(14, gaps.highest());
    assertArrayEquals(new long[] {12, 13}, gaps.ids());

    gaps.seen(13, 5);

    assertArrayEquals(new long[] {12}, gaps.ids());
    assertEquals(14, gaps.highest());
  }

  @Test
  void expireWhenOlderThanTheWindowThenDroppedAndYoungerKept() {
    ChangeGaps gaps = new ChangeGaps(0);
    gaps.seen(2, 0); // gap 1 noticed at 0
    gaps.seen(4, 1_000); // gap 3 noticed at 1 µs

    gaps.expire(ChangeGaps.WINDOW_NANOS);
    assertArrayEquals(new long[] {1, 3}, gaps.ids());

    gaps.expire(ChangeGaps.WINDOW_NANOS + 1);
    assertArrayEquals(new long[] {3}, gaps.ids());

    gaps.expire(ChangeGaps.WINDOW_NANOS + 1_001);
    assertArrayEquals(new long[0], gaps.ids());
  }

  @Test
  void seenWhenJumpLargerThanTheBoundThenOnlyTheNearestIdsTracked() {
    ChangeGaps gaps = new ChangeGaps(0);

    gaps.seen(ChangeGaps.MAX_GAPS * 3L, 0);

    long[] ids = gaps.ids();
    assertEquals(ChangeGaps.MAX_GAPS, ids.length);
    assertEquals(ChangeGaps.MAX_GAPS * 3L - 1, ids[ids.length - 1]);
  }
}
