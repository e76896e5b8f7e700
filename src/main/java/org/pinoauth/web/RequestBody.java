package org.pinoauth.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import org.pinoauth.error.OAuthError;

/** Reads a request body whole, within a size limit, for every endpoint that takes one. */
public final class RequestBody {
  private static final String READ = "org.pinoauth.bodyRead";

  private RequestBody() {}

  /**
   * Asks for the connection to be closed after an answer given without reading the request's body.
   * The container would close it anyway, but once the answer is on the wire it can no longer say
   * so, and a client that reuses the connection finds it dead.
   */
  public static void closeIfUnread(HttpServletRequest request, HttpServletResponse response) {
    boolean hasBody =
        request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
    if (hasBody && request.getAttribute(READ) == null && !response.isCommitted()) {
      response.setHeader("Connection", "close");
    }
  }

  /**
   * @throws org.pinoauth.error.OAuthException 413 over {@code maxBytes}; {@code invalid_request}
   *     when the body cannot be read (broken chunked framing, a client that went away)
   */
  public static byte[] read(HttpServletRequest request, int maxBytes) {
    if (request.getContentLengthLong() > maxBytes) {
      throw tooLarge(maxBytes);
    }
    byte[] body;
    try (InputStream in = request.getInputStream()) {
      body = in.readNBytes(maxBytes + 1);
    } catch (IOException brokenFraming) {
      throw OAuthError.INVALID_REQUEST.exception("The request body could not be read.");
    }
    if (body.length > maxBytes) {
      throw tooLarge(maxBytes);
    }
    request.setAttribute(READ, Boolean.TRUE);
    return body;
  }

  private static org.pinoauth.error.OAuthException tooLarge(int maxBytes) {
    return OAuthError.PAYLOAD_TOO_LARGE.exception(
        "The request body is larger than " + (maxBytes / 1024) + " KiB.");
  }
}
