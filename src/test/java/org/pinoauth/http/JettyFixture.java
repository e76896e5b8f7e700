package org.pinoauth.http;

/**
 * A class of the WAR that uses Jetty, which only the standalone launcher may: {@code
 * ArchitectureTest} shows its rule refusing it.
 */
public final class JettyFixture {
  private JettyFixture() {}

  static Object server() {
    return new org.eclipse.jetty.server.Server();
  }
}
