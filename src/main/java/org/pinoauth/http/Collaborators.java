package org.pinoauth.http;

import jakarta.servlet.ServletContext;

/**
 * The typed lookup through which the composition root hands each servlet and filter its own
 * collaborators: the listener {@linkplain #put puts} each one under its type, and an {@code init()}
 * {@linkplain #get gets} only the ones it uses. No servlet receives the whole object graph.
 */
public final class Collaborators {
  private static final String PREFIX = Collaborators.class.getName() + ":";

  private Collaborators() {}

  /** Publishes {@code value} in {@code context} as the one {@code type}. */
  public static <T> void put(ServletContext context, Class<T> type, T value) {
    context.setAttribute(PREFIX + type.getName(), type.cast(value));
  }

  /**
   * The {@code type} published in {@code context}.
   *
   * @throws IllegalStateException when none was, i.e. the listener did not start
   */
  public static <T> T get(ServletContext context, Class<T> type) {
    Object value = context.getAttribute(PREFIX + type.getName());
    if (value == null) {
      throw new IllegalStateException(
          "No "
              + type.getName()
              + " was published: PinoauthListener did not start; see the log above");
    }
    return type.cast(value);
  }
}
