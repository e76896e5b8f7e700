package org.pinoauth.error;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one exception that carries an {@link OAuthError} to {@link ErrorWriter}. Its message is shown
 * to the client, so it is a fixed, actionable sentence and never holds a token, code or secret.
 * Stack traces are not filled in: these are answers, not failures.
 */
public final class OAuthException extends RuntimeException {
  private final OAuthError error;
  private final Map<String, String> headers = new LinkedHashMap<>();
  private String field;

  public OAuthException(OAuthError error, String message) {
    super(message, null, false, false);
    this.error = error;
  }

  public OAuthError error() {
    return error;
  }

  /** Adds a response header such as {@code Allow} or {@code Retry-After}. */
  public OAuthException withHeader(String name, String value) {
    headers.put(name, value);
    return this;
  }

  /** Names the request field that was wrong, for the admin API's JSON errors (CONTRACT §6). */
  public OAuthException withField(String name) {
    this.field = name;
    return this;
  }

  /** The field named by {@link #withField}, or null. */
  public String field() {
    return field;
  }

  public Map<String, String> headers() {
    return Map.copyOf(headers);
  }
}
