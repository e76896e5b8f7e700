package org.pinoauth.authorize;

import java.util.Optional;

/**
 * A refused authorization request (RFC 6749 §4.1.2.1). When the app or its redirect URI cannot be
 * trusted, the user sees an error page and is never redirected (no open redirector); otherwise the
 * error goes back to the app's redirect URI with the request's {@code state}.
 */
final class AuthorizationException extends RuntimeException {
  private final String error;
  private final AuthorizationRequest redirectTo;

  private AuthorizationException(String error, String description, AuthorizationRequest request) {
    super(description, null, false, false);
    this.error = error;
    this.redirectTo = request;
  }

  /** An error shown on a 400 page, for a request whose app or redirect URI is not trusted. */
  static AuthorizationException page(String description) {
    return new AuthorizationException("invalid_request", description, null);
  }

  /** An error sent back to the (already verified) redirect URI of {@code request}. */
  static AuthorizationException redirect(
      AuthorizationRequest request, String error, String description) {
    return new AuthorizationException(error, description, request);
  }

  String error() {
    return error;
  }

  /** The request whose redirect URI receives the error; empty for an error page. */
  Optional<AuthorizationRequest> redirectTo() {
    return Optional.ofNullable(redirectTo);
  }
}
