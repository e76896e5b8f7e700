package org.pinoauth.http;

import org.pinoauth.boot.Pinoauth;

/** A ground-floor class that imports the roof: {@code ArchitectureTest} must refuse it. */
public final class UpwardImportFixture {
  private UpwardImportFixture() {}

  static Object config(Pinoauth pinoauth) {
    return pinoauth.config();
  }
}
