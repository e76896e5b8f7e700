package org.pinoauth.authorize;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.pinoauth.http.BaseUrl;

/**
 * The redirect URI of an authorization response (RFC 6749 §4.1.2, §4.1.2.1): the app's redirect URI
 * with the response's parameters, the request's {@code state} and, when {@code authorization.iss}
 * is on, {@code iss} (RFC 9207), the metadata's issuer for this request.
 */
final class AuthorizationResponse {
  private final Optional<String> configuredIssuer;
  private final boolean issOnRedirects;

  AuthorizationResponse(Optional<String> configuredIssuer, boolean issOnRedirects) {
    this.configuredIssuer = configuredIssuer;
    this.issOnRedirects = issOnRedirects;
  }

  /**
   * Where the response to {@code authorization} with {@code parameters} (name, value, ...) goes.
   */
  String location(
      HttpServletRequest request, AuthorizationRequest authorization, List<String> parameters) {
    Optional<String> issuer =
        issOnRedirects
            ? Optional.of(BaseUrl.of(request, configuredIssuer)) // as MetadataServlet's "issuer"
            : Optional.empty();
    return location(authorization.redirectUri(), authorization.state(), parameters, issuer);
  }

  /**
   * {@code redirectUri} with {@code parameters}, then {@code state}, then {@code iss}. The first
   * parameter stays first and nothing follows the state unasked: Pinterest's bash quickstart takes
   * the code as the text between the first and second {@code =}.
   */
  static String location(
      String redirectUri,
      Optional<String> state,
      List<String> parameters,
      Optional<String> issuer) {
    List<String> all = new ArrayList<>(parameters);
    state.ifPresent(
        value -> {
          all.add("state");
          all.add(value);
        });
    issuer.ifPresent(
        value -> {
          all.add("iss");
          all.add(value);
        });
    StringBuilder location =
        new StringBuilder(redirectUri).append(redirectUri.contains("?") ? '&' : '?');
    for (int i = 0; i < all.size(); i += 2) {
      if (i > 0) {
        location.append('&');
      }
      location.append(encode(all.get(i))).append('=').append(encode(all.get(i + 1)));
    }
    return location.toString();
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
