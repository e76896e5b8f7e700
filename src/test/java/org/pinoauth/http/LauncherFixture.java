package org.pinoauth.http;

/**
 * A class of the WAR that names the standalone launcher, which the WAR does not hold: {@code
 * ArchitectureTest} shows its rule refusing it.
 */
public final class LauncherFixture {
  private LauncherFixture() {}

  static Class<?> launcher() {
    return org.pinoauth.standalone.Main.class;
  }
}
