package org.pinoauth.client;

import java.util.List;

/**
 * Whether a redirect URI presented at {@code /oauth/} is one an app registered. Exact, character
 * for character (RFC 9700 §2.1), with one exception for public apps: a registered {@code
 * http://127.0.0.1/...} or {@code http://[::1]/...} without a port matches the same URI with any
 * port (RFC 8252 §7.3), since a native app listens on whatever port its system gives it. Only the
 * port may differ; the rest is compared as text, so no userinfo, host suffix or path change slips
 * through a parser's reading. {@code localhost} is not widened (RFC 8252 §8.3: it may not resolve
 * to loopback), nor is any confidential app's URI.
 */
public final class RedirectUris {
  private static final List<String> LOOPBACK_PREFIXES = List.of("http://127.0.0.1", "http://[::1]");

  private RedirectUris() {}

  /** Whether {@code presented} is one of {@code registered}, under the rule above. */
  public static boolean accepts(List<String> registered, String presented, boolean publicApp) {
    if (registered.contains(presented)) {
      return true;
    }
    if (!publicApp) {
      return false;
    }
    for (String uri : registered) {
      if (matchesWithAnyPort(uri, presented)) {
        return true;
      }
    }
    return false;
  }

  /** {@code presented} is {@code registered} with a port inserted after its loopback host. */
  static boolean matchesWithAnyPort(String registered, String presented) {
    for (String prefix : LOOPBACK_PREFIXES) {
      if (!registered.startsWith(prefix) || !presented.startsWith(prefix + ":")) {
        continue;
      }
      String rest = registered.substring(prefix.length());
      if (!rest.isEmpty() && !rest.startsWith("/")) {
        return false; // registered with a port, or not this host at all: exact only
      }
      String afterColon = presented.substring(prefix.length() + 1);
      int digits = 0;
      while (digits < afterColon.length() && Character.isDigit(afterColon.charAt(digits))) {
        digits++;
      }
      return isPort(afterColon.substring(0, digits)) && afterColon.substring(digits).equals(rest);
    }
    return false;
  }

  /** 1 to 65535, written without a leading zero, ASCII digits only. */
  private static boolean isPort(String digits) {
    if (digits.isEmpty() || digits.length() > 5 || digits.charAt(0) == '0') {
      return false;
    }
    for (int i = 0; i < digits.length(); i++) {
      if (digits.charAt(i) < '0' || digits.charAt(i) > '9') {
        return false;
      }
    }
    return Integer.parseInt(digits) <= 65535;
  }
}
