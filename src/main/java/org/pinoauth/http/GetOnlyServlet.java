package org.pinoauth.http;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.pinoauth.error.OAuthError;

/**
 * A servlet that answers {@code GET} (and {@code HEAD}) only; any other method gets the JSON 405
 * with {@code Allow} that every pinoauth endpoint gives, not the container's HTML page.
 */
public abstract class GetOnlyServlet extends HttpServlet {

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws ServletException, IOException {
    String method = request.getMethod();
    if (!method.equals("GET") && !method.equals("HEAD")) {
      throw OAuthError.METHOD_NOT_ALLOWED
          .exception("This endpoint only accepts GET (or HEAD).")
          .withHeader("Allow", "GET, HEAD");
    }
    super.service(request, response);
  }
}
