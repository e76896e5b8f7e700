package org.pinoauth.hardening;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.pinoauth.testing.RawHttp;
import org.pinoauth.testing.TestServer;

/**
 * One raw HTTP/1.1 request of any method, byte for byte, for {@link TestServer#raw}: unlike {@link
 * org.pinoauth.testing.RawHttp}, which only posts forms, it also sends GET, PUT, DELETE, PATCH,
 * OPTIONS, HEAD and made-up methods, bodies on GET, and no body framing at all. Each char of the
 * text is one byte on the wire (ISO-8859-1), so {@link #body(byte[])} reaches Jetty unchanged. The
 * answer is parsed by {@link RawHttp.Response}, the tests' one raw-response parser.
 */
final class Wire {
  static final String FORM = "application/x-www-form-urlencoded";

  private final String method;
  private final String target;
  private final List<String> headers = new ArrayList<>();
  private byte[] body;
  private Long declaredLength;
  private String chunkedFraming;
  private boolean host = true;

  private Wire(String method, String target) {
    this.method = method;
    this.target = target;
  }

  static Wire request(String method, String target) {
    return new Wire(method, target);
  }

  static Wire get(String target) {
    return new Wire("GET", target);
  }

  static Wire post(String target) {
    return new Wire("POST", target);
  }

  /** A POST of {@code body} as {@code application/x-www-form-urlencoded}. */
  static Wire postForm(String target, String body) {
    return post(target).header("Content-Type", FORM).body(body);
  }

  /** Adds a header line exactly as given (name and value may be anything, even repeated). */
  Wire header(String name, String value) {
    headers.add(name + ": " + value);
    return this;
  }

  /** Adds a header line exactly as given, with no {@code name: value} shape imposed. */
  Wire headerLine(String line) {
    headers.add(line);
    return this;
  }

  /** Leaves out the {@code Host: localhost} line every request otherwise starts with. */
  Wire withoutHost() {
    host = false;
    return this;
  }

  Wire authorization(String value) {
    return header("Authorization", value);
  }

  Wire contentType(String value) {
    return header("Content-Type", value);
  }

  /** The body as UTF-8 text. */
  Wire body(String text) {
    return body(text.getBytes(StandardCharsets.UTF_8));
  }

  /** The body as exactly these bytes, with a {@code Content-Length} that counts them. */
  Wire body(byte[] bytes) {
    body = bytes.clone();
    chunkedFraming = null;
    return this;
  }

  /** Declares this {@code Content-Length} instead of the body's own length. */
  Wire contentLength(long length) {
    declaredLength = length;
    return this;
  }

  /** The body in these chunks with {@code Transfer-Encoding: chunked}. */
  Wire chunked(byte[]... parts) {
    StringBuilder framing = new StringBuilder();
    for (byte[] part : parts) {
      framing.append(Integer.toHexString(part.length)).append("\r\n");
      framing.append(latin1(part)).append("\r\n");
    }
    return chunkedFraming(framing.append("0\r\n\r\n").toString());
  }

  /** {@code Transfer-Encoding: chunked} followed by {@code text} exactly as given. */
  Wire chunkedFraming(String text) {
    chunkedFraming = text;
    body = null;
    return this;
  }

  String text() {
    StringBuilder request = new StringBuilder();
    request.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
    if (host) {
      request.append("Host: localhost\r\n");
    }
    headers.forEach(line -> request.append(line).append("\r\n"));
    if (chunkedFraming != null) {
      request.append("Transfer-Encoding: chunked\r\n");
    } else if (body != null || declaredLength != null) {
      long length = declaredLength != null ? declaredLength : body.length;
      request.append("Content-Length: ").append(length).append("\r\n");
    }
    request.append("Connection: close\r\n\r\n");
    if (chunkedFraming != null) {
      request.append(chunkedFraming);
    } else if (body != null) {
      request.append(latin1(body));
    }
    return request.toString();
  }

  boolean isHead() {
    return method.equals("HEAD");
  }

  RawHttp.Response sendTo(TestServer server) {
    return RawHttp.Response.parse(server.raw(text()));
  }

  /** A shortened copy of the request, for failure messages. */
  String summary() {
    String text = text();
    return text.length() <= 600 ? text : text.substring(0, 600) + "… (" + text.length() + " chars)";
  }

  static String latin1(byte[] bytes) {
    return new String(bytes, StandardCharsets.ISO_8859_1);
  }

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }
}
