package org.pinoauth.bench.ceiling;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The benchmark's ceiling: the least a servlet answering a token request can do on this container.
 * It reads the whole form body and the Authorization header (so the container's request handling
 * is paid in full) and writes a fixed token answer of the size and headers pinoauth's is, with no
 * parsing, no authentication, no store and no token minting. pinoauth's requests/s are reported as
 * a fraction of this servlet's, measured in the same run on the same container and JVM flags.
 */
public final class CeilingServlet extends HttpServlet {
  private static final byte[] TOKEN =
      ("{\"access_token\":\"pina_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\","
              + "\"token_type\":\"bearer\",\"expires_in\":2592000,"
              + "\"scope\":\"boards:read pins:read\",\"response_type\":\"everlasting_refresh\","
              + "\"refresh_token\":\"pinr_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\","
              + "\"refresh_token_expires_in\":5184000}")
          .getBytes(StandardCharsets.US_ASCII); // 282 bytes, about pinoauth's refresh answer

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String authorization = request.getHeader("Authorization");
    long read = 0;
    byte[] buffer = new byte[4096];
    try (InputStream in = request.getInputStream()) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        read += n;
      }
    }
    if (authorization == null || read > 16 * 1024) {
      response.sendError(HttpServletResponse.SC_UNAUTHORIZED); // As pinoauth answers, roughly.
      return;
    }
    response.setStatus(HttpServletResponse.SC_OK);
    response.setContentType("application/json");
    response.setHeader("Cache-Control", "no-store");
    response.setHeader("Pragma", "no-cache");
    response.setContentLength(TOKEN.length);
    response.getOutputStream().write(TOKEN);
  }
}
