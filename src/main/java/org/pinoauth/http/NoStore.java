package org.pinoauth.http;

import jakarta.servlet.http.HttpServletResponse;

/**
 * The one place an answer is marked as never to be cached: {@code Cache-Control: no-store}, and for
 * answers that carry tokens, errors or pages of the sign-in also {@code Pragma: no-cache}, which
 * HTTP/1.0 caches still read (RFC 6749 §5.1).
 */
public final class NoStore {
  private NoStore() {}

  /** {@code Cache-Control: no-store}. */
  public static void set(HttpServletResponse response) {
    response.setHeader("Cache-Control", "no-store");
  }

  /** {@code Cache-Control: no-store} and {@code Pragma: no-cache}. */
  public static void setWithPragma(HttpServletResponse response) {
    set(response);
    response.setHeader("Pragma", "no-cache");
  }
}
