package org.pinoauth.dev;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;

/**
 * What the authorization endpoint's redirect brought to {@code /dev/callback}: a {@code code} (and
 * the {@code state} echoed back) or an {@code error} (RFC 6749 §4.1.2, §4.1.2.1). Any of them may
 * be missing, and all of them are text anyone can write into a link.
 */
record Received(
    Optional<String> code,
    Optional<String> state,
    Optional<String> error,
    Optional<String> errorDescription) {

  static Received from(HttpServletRequest request) {
    return new Received(
        parameter(request, "code"),
        parameter(request, "state"),
        parameter(request, "error"),
        parameter(request, "error_description"));
  }

  private static Optional<String> parameter(HttpServletRequest request, String name) {
    return Optional.ofNullable(request.getParameter(name));
  }
}
