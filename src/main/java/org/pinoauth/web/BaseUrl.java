package org.pinoauth.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;

/**
 * The URL this deployment is reached at, with no trailing slash: the {@code issuer} setting when
 * set (behind a proxy it must be), else the scheme, host and port this request came to plus the
 * context path. Server metadata, the OpenAPI document and profile image links are built on it.
 */
public final class BaseUrl {
  private BaseUrl() {}

  public static String of(HttpServletRequest request, Optional<String> configuredIssuer) {
    return configuredIssuer
        .map(BaseUrl::withoutTrailingSlash)
        .orElseGet(() -> fromRequest(request));
  }

  private static String fromRequest(HttpServletRequest request) {
    StringBuffer url = request.getRequestURL();
    return url.substring(0, url.length() - request.getRequestURI().length())
        + request.getContextPath();
  }

  private static String withoutTrailingSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
