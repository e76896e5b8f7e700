package org.pinoauth.http;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.pinoauth.error.OAuthError;

/**
 * The container's own errors as pinoauth's JSON (CONTRACT §2.5): what the container answers itself
 * (a 404 for an unknown path, a 405 of its default servlet) is dispatched here by the {@code
 * error-page} entries of {@code web.xml}, and {@link RequestIdFilter} gives it an {@code
 * x-pinterest-rid} on the way.
 */
public final class ErrorPageServlet extends HttpServlet {

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
    int status = code instanceof Integer number ? number : response.getStatus();
    if (status == 405 && !answeredByPinoauth(request)) {
      // The container's default servlet refuses a POST to an address no endpoint has (a trailing
      // slash, a typo): saying "method not allowed" would send the developer the wrong way.
      status = 404;
    }
    ErrorWriter.write(request, response, errorFor(status).exception());
  }

  private boolean answeredByPinoauth(HttpServletRequest request) {
    Object name = request.getAttribute(RequestDispatcher.ERROR_SERVLET_NAME);
    ServletRegistration servlet =
        name instanceof String named ? getServletContext().getServletRegistration(named) : null;
    return servlet != null
        && servlet.getClassName() != null
        && servlet.getClassName().startsWith("org.pinoauth.");
  }

  private static OAuthError errorFor(int status) {
    return switch (status) {
      case 401 -> OAuthError.UNAUTHENTICATED;
      case 403 -> OAuthError.ACCESS_DENIED;
      case 404 -> OAuthError.NOT_FOUND;
      case 405 -> OAuthError.METHOD_NOT_ALLOWED;
      case 413 -> OAuthError.PAYLOAD_TOO_LARGE;
      case 415 -> OAuthError.UNSUPPORTED_MEDIA_TYPE;
      case 503 -> OAuthError.TEMPORARILY_UNAVAILABLE;
      default -> status >= 500 ? OAuthError.SERVER_ERROR : OAuthError.INVALID_REQUEST;
    };
  }
}
