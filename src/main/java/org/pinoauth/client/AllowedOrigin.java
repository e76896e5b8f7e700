package org.pinoauth.client;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The origins a browser app may call the token and revocation endpoints from (CONTRACT §9): exactly
 * {@code https://host[:port]}, or {@code http} on a loopback host, written as browsers write the
 * {@code Origin} header (RFC 6454 §6.2): scheme and host in lower case, the default port left out.
 * Parsed by hand rather than with {@link java.net.URI}, which takes paths, user information and
 * registry-based authorities that an origin never has. A host is ASCII: an internationalized name
 * is registered in its punycode ({@code xn--}) form, as browsers send it, and kept as given.
 */
public final class AllowedOrigin {
  /** Longer than any real origin (a 253-character host, a scheme, a port). */
  public static final int MAX_LENGTH = 300;

  private static final Pattern SCHEME_AND_REST =
      Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*)://(.*)");
  private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
  private static final Pattern PORT = Pattern.compile("[0-9]{1,5}");
  private static final String IPV6_LOOPBACK = "[::1]";
  private static final Set<String> LOOPBACK_HOSTS = Set.of("127.0.0.1", IPV6_LOOPBACK, "localhost");

  private AllowedOrigin() {}

  /**
   * The origin in its one canonical spelling.
   *
   * @throws IllegalArgumentException saying what is wrong, without repeating the value
   */
  public static String normalize(String value) {
    if (value == null || value.isEmpty() || value.length() > MAX_LENGTH) {
      throw invalid("each must be 1 to " + MAX_LENGTH + " characters");
    }
    if (value.equalsIgnoreCase("null")) {
      throw invalid("'null' is the origin of sandboxed and file pages, which any site can be");
    }
    if (value.indexOf('*') >= 0) {
      throw invalid("no wildcards: list each origin exactly");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c <= 0x20 || c >= 0x7f) {
        throw invalid(
            "ASCII without spaces (an internationalized host in its xn-- form, as browsers send"
                + " it)");
      }
    }
    var match = SCHEME_AND_REST.matcher(value);
    if (!match.matches()) {
      throw invalid("must be scheme://host[:port]");
    }
    String scheme = match.group(1).toLowerCase(Locale.ROOT);
    String authority = match.group(2);
    if (authority.indexOf('@') >= 0) {
      throw invalid("must not contain user information (user@)");
    }
    if (authority.indexOf('#') >= 0) {
      throw invalid("must not have a fragment");
    }
    if (authority.indexOf('?') >= 0) {
      throw invalid("must not have a query");
    }
    if (authority.indexOf('/') >= 0) {
      throw invalid("must not have a path, not even '/': an origin is scheme://host[:port]");
    }
    if (!scheme.equals("https") && !scheme.equals("http")) {
      throw invalid("must be https, or http on a loopback host");
    }
    String host;
    String port;
    if (authority.startsWith("[")) {
      int close = authority.indexOf(']');
      host = close < 0 ? authority : authority.substring(0, close + 1);
      if (!host.equals(IPV6_LOOPBACK)) {
        throw invalid("the only IPv6 address accepted is the loopback [::1]");
      }
      String rest = authority.substring(host.length());
      if (!rest.isEmpty() && !rest.startsWith(":")) {
        throw invalid("must be scheme://host[:port]");
      }
      port = rest.isEmpty() ? null : rest.substring(1);
    } else {
      int colon = authority.indexOf(':');
      host = (colon < 0 ? authority : authority.substring(0, colon)).toLowerCase(Locale.ROOT);
      port = colon < 0 ? null : authority.substring(colon + 1);
      if (!isHostName(host)) {
        throw invalid(
            "the host must be a name of letters, digits, '-' and '.' (no '_', no trailing dot)"
                + " or an IPv4 address");
      }
    }
    boolean loopback = LOOPBACK_HOSTS.contains(host);
    if (scheme.equals("http") && !loopback) {
      throw invalid("must be https, or http on a loopback host (127.0.0.1, [::1], localhost)");
    }
    return scheme + "://" + host + portSuffix(scheme, port);
  }

  /**
   * The {@code Origin} header's value when it is an origin in canonical spelling, as browsers send
   * it; anything else (absent, {@code null}, malformed, differently spelt) is empty, since no
   * registered origin can equal it.
   */
  public static Optional<String> ofHeader(String header) {
    if (header == null) {
      return Optional.empty();
    }
    try {
      String origin = normalize(header);
      return origin.equals(header) ? Optional.of(origin) : Optional.empty();
    } catch (IllegalArgumentException notAnOrigin) {
      return Optional.empty();
    }
  }

  private static boolean isHostName(String host) {
    if (host.isEmpty() || host.length() > 253 || host.endsWith(".")) {
      return false;
    }
    for (String label : host.split("\\.", -1)) {
      if (!LABEL.matcher(label).matches()) {
        return false;
      }
    }
    return true;
  }

  private static String portSuffix(String scheme, String port) {
    if (port == null) {
      return "";
    }
    if (!PORT.matcher(port).matches()) {
      throw invalid("the port must be a number from 1 to 65535");
    }
    int number = Integer.parseInt(port);
    if (number < 1 || number > 65_535) {
      throw invalid("the port must be a number from 1 to 65535");
    }
    int defaultPort = scheme.equals("https") ? 443 : 80;
    return number == defaultPort ? "" : ":" + number;
  }

  private static IllegalArgumentException invalid(String message) {
    return new IllegalArgumentException(message);
  }
}
