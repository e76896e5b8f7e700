package org.pinoauth.store;

import jakarta.servlet.http.HttpServletRequest;

/** A store that reads a servlet request: {@code ArchitectureTest} must refuse it. */
public final class ServletFixture {
  private ServletFixture() {}

  static String address(HttpServletRequest request) {
    return request.getRemoteAddr();
  }
}
