package org.pinoauth.admin;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

/**
 * A web origin (RFC 6454 §4): scheme, host and port, compared as browsers compare them — scheme and
 * host in any letter case, a default port (80 for http, 443 for https) the same as none, an IPv6
 * literal in any spelling. {@link AdminCsrfFilter} compares a request's {@code Origin} header with
 * the server's own.
 */
record Origin(String scheme, String host, int port) {
  private static final int NO_PORT = -1;

  /**
   * The origin an {@code Origin} header names; empty for {@code null} (RFC 6454 §7.3: an opaque
   * origin, which is no one's own) and for anything that is not exactly {@code
   * scheme://host[:port]}.
   */
  static Optional<Origin> ofHeader(String value) {
    return parse(value)
        .filter(
            uri ->
                "".equals(uri.getRawPath()) // null for an opaque URI such as data:
                    && uri.getRawQuery() == null
                    && uri.getRawFragment() == null
                    && uri.getRawUserInfo() == null)
        .flatMap(Origin::of);
  }

  /** The origin of an absolute URL such as the {@code issuer} setting; its path does not count. */
  static Optional<Origin> ofUrl(String url) {
    return parse(url).flatMap(Origin::of);
  }

  private static Optional<URI> parse(String value) {
    try {
      return Optional.of(new URI(value));
    } catch (URISyntaxException | IllegalArgumentException malformed) {
      // The JDK 17 parser throws NumberFormatException, undeclared, for an over-long IPv4 part of
      // an IPv6 literal ([::ffff:99999999999.0.0.1]); found by OriginFuzzTest.
      return Optional.empty();
    }
  }

  private static Optional<Origin> of(URI uri) {
    // getHost() is null unless the authority is a well-formed host and port.
    if (uri.getScheme() == null || uri.getHost() == null) {
      return Optional.empty();
    }
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    int port = uri.getPort() == defaultPort(scheme) ? NO_PORT : uri.getPort();
    return canonicalHost(uri.getHost()).map(host -> new Origin(scheme, host, port));
  }

  /** The host in lower case; an IPv6 literal in the JDK's one full spelling. */
  private static Optional<String> canonicalHost(String host) {
    if (!host.startsWith("[")) {
      return Optional.of(host.toLowerCase(Locale.ROOT));
    }
    if (host.contains("%")) {
      return Optional.empty(); // a zone id names an interface of the sender's machine, not a site
    }
    try {
      // A bracketed literal is parsed, never looked up: no DNS query can come from this.
      InetAddress address = InetAddress.getByName(host);
      // The JDK reads [::ffff:a.b.c.d] as the IPv4 address, which a browser's origin is not.
      return address instanceof Inet6Address
          ? Optional.of("[" + address.getHostAddress() + "]")
          : Optional.empty();
    } catch (UnknownHostException notALiteral) {
      return Optional.empty();
    }
  }

  private static int defaultPort(String scheme) {
    return switch (scheme) {
      case "http", "ws" -> 80;
      case "https", "wss" -> 443;
      default -> NO_PORT;
    };
  }

  @Override
  public String toString() {
    return scheme + "://" + host + (port == NO_PORT ? "" : ":" + port);
  }
}
