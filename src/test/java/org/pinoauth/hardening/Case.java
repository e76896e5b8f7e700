package org.pinoauth.hardening;

import java.util.function.Function;

/**
 * One row of a hostile-input table: a name that says the case, the request (built against the
 * {@link Fixture} of the server it goes to), and what must come back.
 */
record Case(String name, Function<Fixture, Wire> request, Expect expect, boolean roomy) {

  static Case of(String name, Function<Fixture, Wire> request, Expect expect) {
    return new Case(name, request, expect, false);
  }

  /** The same case sent to the server whose header limit lets huge headers reach the WAR. */
  Case onRoomyServer() {
    return new Case(name + " [large header limit]", request, expect, true);
  }

  @Override
  public String toString() {
    return name + " → " + expect.describe();
  }
}
