package org.pinoauth.http;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.pinoauth.error.OAuthError;
import org.pinoauth.error.OAuthException;

/**
 * The one place an {@link OAuthException} becomes HTTP: status, the JSON {@link ErrorBody}, and the
 * headers CONTRACT §2.5 requires ({@code WWW-Authenticate: Basic} on 401 unless the exception
 * brings its own challenge, plus whatever the exception carries, such as {@code Allow} or {@code
 * Retry-After}). No servlet or filter calls {@code sendError} itself.
 */
public final class ErrorWriter {
  private static final String CHALLENGE = "Basic realm=\"pinoauth\"";

  private ErrorWriter() {}

  public static void write(
      HttpServletRequest request, HttpServletResponse response, OAuthException exception)
      throws IOException {
    OAuthError error = exception.error();
    RequestLog.recordError(request, error.error(), exception.getMessage());
    if (response.isCommitted()) {
      return;
    }
    response.resetBuffer();
    if (error.status() == 401 && !exception.headers().containsKey("WWW-Authenticate")) {
      response.setHeader("WWW-Authenticate", CHALLENGE);
    }
    for (Map.Entry<String, String> header : exception.headers().entrySet()) {
      response.setHeader(header.getKey(), header.getValue());
    }
    RequestBody.answerWithoutReading(
        request, response, () -> Json.write(response, error.status(), ErrorBody.of(exception)));
  }
}
