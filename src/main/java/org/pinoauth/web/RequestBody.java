package org.pinoauth.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import org.pinoauth.error.OAuthError;

/** Reads a request body whole, within a size limit, for every endpoint that takes one. */
public final class RequestBody {
  private static final String READ = "org.pinoauth.bodyRead";

  /** The most an unwanted body is read for before the connection is given up instead. */
  static final long MAX_DISCARD_BYTES = 1024 * 1024;

  private RequestBody() {}

  /**
   * Reads and discards a body that an answer was given without, so that the client gets to read the
   * answer. Closing a connection with unread bytes in its receive buffer makes the kernel reset it,
   * and a reset can destroy an answer the client has not read yet: a client that sent a 17 KiB body
   * would see a dead connection instead of the 413. Bodies beyond {@link #MAX_DISCARD_BYTES} are
   * not worth a thread's time; for them, and for bodies that cannot be read, the answer asks for
   * the connection to be closed, because once it is on the wire the container can no longer say so
   * and a client that reuses the connection would find it dead.
   */
  public static void discardUnread(HttpServletRequest request, HttpServletResponse response) {
    boolean hasBody =
        request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
    if (!hasBody || request.getAttribute(READ) != null || response.isCommitted()) {
      return;
    }
    if (!discard(request)) {
      response.setHeader("Connection", "close");
    }
  }

  /** Whether the whole body was read and thrown away. */
  private static boolean discard(HttpServletRequest request) {
    if (request.getContentLengthLong() > MAX_DISCARD_BYTES) {
      return false;
    }
    byte[] buffer = new byte[8192];
    long total = 0;
    try {
      InputStream in = request.getInputStream();
      for (int n; (n = in.read(buffer)) != -1; ) {
        total += n;
        if (total > MAX_DISCARD_BYTES) {
          return false;
        }
      }
    } catch (IOException | IllegalStateException unreadable) {
      return false;
    }
    request.setAttribute(READ, Boolean.TRUE);
    return true;
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
