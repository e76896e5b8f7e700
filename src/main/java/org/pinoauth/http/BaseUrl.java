package org.pinoauth.http;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The URL this deployment is reached at, with no trailing slash: the {@code issuer} setting when
 * set (behind a proxy it must be), else the scheme, host and port this request came to plus the
 * context path. Server metadata, the OpenAPI document and profile image links are built on it.
 */
public final class BaseUrl {
  private static final int MAX_HOST_LENGTH = 253;

  /**
   * http or https, then a DNS name (labels of letters, digits and inner hyphens), an IPv4 address
   * or a bracketed IPv6 address, then an optional port.
   */
  private static final Pattern PLAIN_ORIGIN =
      Pattern.compile(
          "(?i)https?://"
              + "((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(?:\\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*"
              + "|\\[[0-9a-f:.]+\\])"
              + "(?::[0-9]{1,5})?");

  private BaseUrl() {}

  public static String of(HttpServletRequest request, Optional<String> configuredIssuer) {
    return configuredIssuer
        .map(BaseUrl::withoutTrailingSlash)
        .orElseGet(() -> origin(request) + request.getContextPath());
  }

  /**
   * {@link #of}, but empty when the URL would come from a request whose scheme and host are not
   * {@linkplain #isPlainOrigin plain}: for a document that must not reflect what a client chose.
   * Containers let far more through in a {@code Host} (or, behind a proxy, an {@code
   * X-Forwarded-Host}) header than a host name: {@code ' ; , & = ( ) * + ! $ ~} and percent-escapes
   * pass Jetty.
   */
  public static Optional<String> plain(
      HttpServletRequest request, Optional<String> configuredIssuer) {
    if (configuredIssuer.isPresent()) {
      return Optional.of(withoutTrailingSlash(configuredIssuer.get()));
    }
    String origin = origin(request);
    return isPlainOrigin(origin)
        ? Optional.of(origin + request.getContextPath())
        : Optional.empty();
  }

  /** Whether {@code origin} is http(s), a host name or IP address, and an optional port. */
  static boolean isPlainOrigin(String origin) {
    Matcher matcher = PLAIN_ORIGIN.matcher(origin);
    return matcher.matches() && matcher.group(1).length() <= MAX_HOST_LENGTH;
  }

  /** The scheme, host and port this request came to, as the container reports them. */
  private static String origin(HttpServletRequest request) {
    StringBuffer url = request.getRequestURL();
    return url.substring(0, url.length() - request.getRequestURI().length());
  }

  private static String withoutTrailingSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
