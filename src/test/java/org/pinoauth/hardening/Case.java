package org.pinoauth.hardening;

import java.util.function.Function;

/**
 * One row of a hostile-input table: a name that says the case, the request (built against the
 * {@link Fixture} of the server it goes to), what must come back, and which server it goes to.
 */
record Case(String name, Function<Fixture, Wire> request, Expect expect, Server server) {

  /** The servers of {@link HostileInputIT}, all with the real WAR wiring. */
  enum Server {
    /** Jetty's defaults, as most deployments have them. */
    DEFAULT,
    /** A 256 KiB header limit, so that huge headers reach the WAR. */
    ROOMY,
    /** Scheme, host and client address taken from {@code X-Forwarded-*}, as behind a proxy. */
    PROXIED
  }

  static Case of(String name, Function<Fixture, Wire> request, Expect expect) {
    return new Case(name, request, expect, Server.DEFAULT);
  }

  /** The same case sent to the server whose header limit lets huge headers reach the WAR. */
  Case onRoomyServer() {
    return new Case(name + " [large header limit]", request, expect, Server.ROOMY);
  }

  /** The same case sent to the server that honours {@code Forwarded} and {@code X-Forwarded-*}. */
  Case onProxiedServer() {
    return new Case(name + " [X-Forwarded-* honoured]", request, expect, Server.PROXIED);
  }

  @Override
  public String toString() {
    return name + " → " + expect.describe();
  }
}
