package org.pinoauth.http;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import org.pinoauth.error.OAuthError;
import org.pinoauth.error.OAuthException;

/**
 * The JSON body of every error: Pinterest's {@code Error} fields and RFC 6749 §5.2 fields side by
 * side (CONTRACT §2.5), so both kinds of client understand it. {@code field} names the bad field of
 * an admin API request and is absent elsewhere.
 */
@JsonbPropertyOrder({"code", "message", "error", "errorDescription", "field"})
public record ErrorBody(
    int code, String message, String error, String errorDescription, String field) {

  static ErrorBody of(OAuthException exception) {
    return of(exception.error(), exception.getMessage(), exception.field());
  }

  static ErrorBody of(OAuthError error, String message) {
    return of(error, message, null);
  }

  static ErrorBody of(OAuthError error, String message, String field) {
    String text = message == null || message.isBlank() ? error.defaultMessage() : message;
    return new ErrorBody(error.code(), error.pinterestMessage(text), error.error(), text, field);
  }
}
