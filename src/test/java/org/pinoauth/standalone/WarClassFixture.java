package org.pinoauth.standalone;

/**
 * A launcher class that uses a class of the WAR beyond {@code crypto}, which the standalone jar
 * does not carry: {@code ArchitectureTest} shows its rule refusing it.
 */
public final class WarClassFixture {
  private WarClassFixture() {}

  static Class<?> form() {
    return org.pinoauth.http.Form.class;
  }
}
