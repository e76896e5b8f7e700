package org.pinoauth.http;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import org.pinoauth.error.OAuthError;

/** Reads a request body whole, within a size limit, for every endpoint that takes one. */
public final class RequestBody {
  private static final String READ = "org.pinoauth.bodyRead";

  /** The most of an unwanted body that is read; beyond it the connection is given up instead. */
  static final long MAX_DISCARD_BYTES = 1024 * 1024;

  private RequestBody() {}

  /** An answer written whole, with its {@code Content-Length}. */
  @FunctionalInterface
  public interface Answer {
    void write() throws IOException;
  }

  /**
   * Writes {@code answer} to a request whose body may be unread, then reads that body and throws it
   * away. Closing a connection with unread bytes in its receive buffer makes the kernel reset it,
   * and a reset can destroy an answer the client has not read yet: a client that sent a 17 KiB body
   * saw a dead connection instead of the 413. Reading the body after the answer is on its way also
   * keeps the connection usable, and a client that declared more than it sends already has its
   * answer while the container's idle timeout ends the wait, as it does for any body read. A body
   * over {@link #MAX_DISCARD_BYTES} is not worth a thread's time: the answer asks for the
   * connection to be closed instead (once the answer is on the wire the container can no longer say
   * so, and a client that reused the connection would find it dead).
   */
  public static void answerWithoutReading(
      HttpServletRequest request, HttpServletResponse response, Answer answer) throws IOException {
    boolean unread = hasUnreadBody(request);
    boolean discardable = request.getContentLengthLong() <= MAX_DISCARD_BYTES;
    if (unread && !discardable && !response.isCommitted()) {
      response.setHeader("Connection", "close");
    }
    answer.write();
    if (unread && discardable) {
      discard(request, response);
    }
  }

  private static void discard(HttpServletRequest request, HttpServletResponse response) {
    byte[] buffer = new byte[8192];
    long total = 0;
    try {
      response.flushBuffer();
      InputStream in = request.getInputStream();
      for (int n; (n = in.read(buffer)) != -1; ) {
        total += n;
        if (total > MAX_DISCARD_BYTES) {
          return; // a chunked body that never ends: the container closes the connection
        }
      }
      request.setAttribute(READ, Boolean.TRUE);
    } catch (IOException | IllegalStateException goneOrUnreadable) {
      // The answer was sent; the container closes a connection it could not read to the end.
    }
  }

  private static boolean hasUnreadBody(HttpServletRequest request) {
    boolean hasBody =
        request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
    return hasBody && request.getAttribute(READ) == null;
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
