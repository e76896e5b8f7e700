package org.pinoauth.client;

import java.util.Locale;
import java.util.Optional;

/** How an app's refresh tokens behave (CONTRACT §2.3). */
public enum RefreshMode {
  /**
   * Every code exchange and refresh returns a new 60-day refresh token; the presented one stops.
   */
  CONTINUOUS,
  /** A 365-day refresh token that does not rotate unless the client asks for continuous refresh. */
  LEGACY;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<RefreshMode> fromWireName(String name) {
    for (RefreshMode mode : values()) {
      if (mode.wireName().equals(name)) {
        return Optional.of(mode);
      }
    }
    return Optional.empty();
  }
}
