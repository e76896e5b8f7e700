package org.pinoauth.web;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import org.pinoauth.error.OAuthError;

/** Reads a request body whole, within a size limit, for every endpoint that takes one. */
public final class RequestBody {
  private RequestBody() {}

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
    return body;
  }

  private static org.pinoauth.error.OAuthException tooLarge(int maxBytes) {
    return OAuthError.PAYLOAD_TOO_LARGE.exception(
        "The request body is larger than " + (maxBytes / 1024) + " KiB.");
  }
}
