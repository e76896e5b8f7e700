package org.pinoauth.error;

/**
 * Every error pinoauth answers, as one row each of CONTRACT §2.5: the RFC 6749 §5.2 {@code error}
 * code, the HTTP status, Pinterest's numeric {@code code} and a default client-safe message.
 *
 * <p>The protocol rows ({@code METHOD_NOT_ALLOWED} and below) answer {@code invalid_request} with
 * the status HTTP itself defines for the fault.
 *
 * <p>Rows marked {@code PinterestMessage.FIXED} (Pinterest's codes 2 and 29) always carry their
 * default message in Pinterest's {@code message} field, whatever the detail; the RFC {@code
 * error_description} keeps the detail.
 */
public enum OAuthError {
  INVALID_REQUEST("invalid_request", 400, 1, "The request is missing a parameter or is malformed."),
  INVALID_CLIENT("invalid_client", 401, 2, "Authentication failed.", PinterestMessage.FIXED),
  INVALID_GRANT("invalid_grant", 400, 283, "The authorization grant is invalid."),
  UNAUTHORIZED_CLIENT(
      "unauthorized_client", 400, 4, "This app is not registered for that grant type."),
  UNSUPPORTED_GRANT_TYPE("unsupported_grant_type", 400, 5, "The grant type is not supported."),
  INVALID_SCOPE("invalid_scope", 400, 6, "The requested scope is invalid."),
  SLOW_DOWN("slow_down", 429, 8, "Too many failed client authentications; retry later."),
  ACCESS_DENIED(
      "access_denied",
      403,
      29,
      "You are not permitted to access that resource.",
      PinterestMessage.FIXED),
  /** No or wrong credentials of a person (the admin API's operators), RFC 7235 §3.1. */
  UNAUTHENTICATED("unauthorized", 401, 2, "Authentication failed.", PinterestMessage.FIXED),
  /** A missing, unknown, expired or revoked bearer token (RFC 6750 §3.1). */
  INVALID_TOKEN("invalid_token", 401, 2, "Authentication failed.", PinterestMessage.FIXED),
  /** A bearer token without the scope the resource needs (RFC 6750 §3.1). */
  INSUFFICIENT_SCOPE(
      "insufficient_scope",
      403,
      29,
      "You are not permitted to access that resource.",
      PinterestMessage.FIXED),
  SERVER_ERROR("server_error", 500, 500, "The server failed to answer; retry later."),
  TEMPORARILY_UNAVAILABLE(
      "temporarily_unavailable", 503, 503, "The store is unavailable; retry later."),
  NOT_FOUND("invalid_request", 404, 1, "Nothing exists at that address."),
  METHOD_NOT_ALLOWED("invalid_request", 405, 1, "This endpoint does not accept that method."),
  PAYLOAD_TOO_LARGE("invalid_request", 413, 1, "The request body is larger than 16 KiB."),
  UNSUPPORTED_MEDIA_TYPE(
      "invalid_request", 415, 1, "The body must be application/x-www-form-urlencoded.");

  private final String error;
  private final int status;
  private final int code;
  private final String defaultMessage;
  private final PinterestMessage pinterestMessage;

  OAuthError(String error, int status, int code, String defaultMessage) {
    this(error, status, code, defaultMessage, PinterestMessage.DETAIL);
  }

  OAuthError(
      String error,
      int status,
      int code,
      String defaultMessage,
      PinterestMessage pinterestMessage) {
    this.error = error;
    this.status = status;
    this.code = code;
    this.defaultMessage = defaultMessage;
    this.pinterestMessage = pinterestMessage;
  }

  /** The RFC 6749 {@code error} value. */
  public String error() {
    return error;
  }

  public int status() {
    return status;
  }

  /** Pinterest's numeric error {@code code}. */
  public int code() {
    return code;
  }

  public String defaultMessage() {
    return defaultMessage;
  }

  /**
   * Pinterest's {@code message} for an answer whose detail is {@code detail}: the detail itself, or
   * this row's default message when the row is {@code PinterestMessage.FIXED}.
   */
  public String pinterestMessage(String detail) {
    return pinterestMessage == PinterestMessage.FIXED ? defaultMessage : detail;
  }

  /** What Pinterest's {@code message} field says for a row. */
  private enum PinterestMessage {
    /** The detail of the answer, like {@code error_description}. */
    DETAIL,
    /** Always the row's default message. */
    FIXED
  }

  /** An exception carrying this error and a message that tells the developer what to fix. */
  public OAuthException exception(String message) {
    return new OAuthException(this, message);
  }

  public OAuthException exception() {
    return new OAuthException(this, defaultMessage);
  }
}
