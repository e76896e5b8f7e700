package org.pinoauth.http;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.MappingMatch;
import java.io.IOException;
import org.pinoauth.error.OAuthError;

/**
 * Answers pinoauth's JSON 404 for a folder address ({@code /}, {@code /static/}) that would reach
 * the container's default servlet, so no container lists the WAR's files, whatever its own default
 * servlet is set to do (Jetty lists folders unless told not to; Tomcat and Payara can be set to in
 * their global {@code web.xml}). Files such as {@code /static/pinoauth.css} pass through.
 */
public final class NoDirectoryListingFilter extends HttpFilter {

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (request.getHttpServletMapping().getMappingMatch() == MappingMatch.DEFAULT
        && isFolderAddress(request)) {
      throw OAuthError.NOT_FOUND.exception();
    }
    chain.doFilter(request, response);
  }

  /**
   * Whether the decoded, normalized path ends with a slash: a folder, or nothing. A folder named
   * without its slash ({@code /static}) is redirected to it by the container, then refused here.
   */
  private static boolean isFolderAddress(HttpServletRequest request) {
    String pathInfo = request.getPathInfo();
    String path = request.getServletPath() + (pathInfo == null ? "" : pathInfo);
    return path.isEmpty() || path.endsWith("/");
  }
}
