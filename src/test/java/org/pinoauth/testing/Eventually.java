package org.pinoauth.testing;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Waits for a condition that another process brings about (a database coming back), checking it
 * every 100 ms up to a deadline. For events inside the test JVM, use latches instead.
 */
public final class Eventually {
  private Eventually() {}

  /** True as soon as {@code condition} holds; false if it still does not at the deadline. */
  public static boolean within(Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      if (condition.getAsBoolean()) {
        return true;
      }
      if (System.nanoTime() > deadline) {
        return false;
      }
      LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
    }
  }
}
