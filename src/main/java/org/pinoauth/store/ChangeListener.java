package org.pinoauth.store;

import java.util.List;

/**
 * Told of changes to what a node may cache: at once of a change this node committed ({@link
 * #applied}), and of the changes other nodes committed as a poll of the change log read them
 * ({@link #polled}).
 */
public interface ChangeListener {

  /** Listens to nothing: a node without caches. */
  ChangeListener NONE = new ChangeListener() {};

  /** A change this node has just committed. */
  default void applied(Change change) {}

  /**
   * The changes a poll of the change log read, in log order; together with every earlier poll's,
   * they are every change committed before {@code startNanos} ({@link System#nanoTime}), when the
   * poll began.
   */
  default void polled(List<Change> changes, long startNanos) {}
}
