package org.pinoauth.testing;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A raw HTTP/1.1 request, byte for byte, for what no well-behaved client sends: built here and fed
 * to {@link TestServer#raw}, or sent over a real socket from a chosen source address ({@link
 * #sendFrom}), which {@code java.net.http.HttpClient} cannot do before JDK 19. {@code
 * Content-Length} is counted in bytes; {@code Connection: close} ends each exchange. Each char of
 * the text is one byte (ISO-8859-1), so a body given as bytes reaches the server unchanged.
 */
public final class RawHttp {
  private static final Jsonb JSONB = JsonbBuilder.create();

  private final String method;
  private final String target;
  private final List<String> headers = new ArrayList<>();
  private byte[] body = new byte[0];
  private Long declaredLength;
  private String chunkedBody;

  private RawHttp(String method, String target) {
    this.method = method;
    this.target = target;
  }

  /** A POST to {@code target} with {@code Content-Type: application/x-www-form-urlencoded}. */
  public static RawHttp postForm(String target) {
    return new RawHttp("POST", target).header("Content-Type", "application/x-www-form-urlencoded");
  }

  /** A GET of {@code target} (path and query), with no body. */
  public static RawHttp get(String target) {
    return new RawHttp("GET", target);
  }

  /** Adds a header line as given; a name may be added more than once. */
  public RawHttp header(String name, String value) {
    headers.add(name + ": " + value);
    return this;
  }

  /** The body as UTF-8 text. */
  public RawHttp body(String text) {
    return body(text.getBytes(StandardCharsets.UTF_8));
  }

  /** The body as exactly these bytes, sent with a {@code Content-Length}. */
  public RawHttp body(byte[] bytes) {
    body = bytes.clone();
    chunkedBody = null;
    return this;
  }

  /** Declares this {@code Content-Length} instead of the body's real length. */
  public RawHttp contentLength(long length) {
    declaredLength = length;
    return this;
  }

  /** The body in these chunks, sent with {@code Transfer-Encoding: chunked}. */
  public RawHttp chunked(byte[]... parts) {
    StringBuilder framing = new StringBuilder();
    for (byte[] part : parts) {
      framing.append(Integer.toHexString(part.length)).append("\r\n");
      framing.append(latin1(part)).append("\r\n");
    }
    return chunkedFraming(framing.append("0\r\n\r\n").toString());
  }

  /**
   * Sends {@code Transfer-Encoding: chunked} and then {@code text} exactly as given, chunk sizes
   * and CRLFs included: for framing that is broken on purpose.
   */
  public RawHttp chunkedFraming(String text) {
    chunkedBody = text;
    return this;
  }

  /** The request as the text {@link TestServer#raw} sends, one char per byte. */
  public String text() {
    StringBuilder request = new StringBuilder();
    request.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
    request.append("Host: localhost\r\n");
    headers.forEach(line -> request.append(line).append("\r\n"));
    if (chunkedBody != null) {
      request.append("Transfer-Encoding: chunked\r\n");
    } else {
      long length = declaredLength != null ? declaredLength : body.length;
      request.append("Content-Length: ").append(length).append("\r\n");
    }
    request.append("Connection: close\r\n\r\n");
    return request.append(chunkedBody != null ? chunkedBody : latin1(body)).toString();
  }

  public Response sendTo(TestServer server) {
    return Response.parse(server.raw(text()));
  }

  /**
   * Sends the request to {@code server}'s port on 127.0.0.1 over a socket bound to {@code
   * localAddress} (an IP literal; on Linux every 127.x.y.z is loopback), so the server sees it come
   * from there.
   */
  public Response sendFrom(String localAddress, TestServer server) {
    try (Socket socket = new Socket()) {
      socket.bind(new InetSocketAddress(InetAddress.getByName(localAddress), 0));
      socket.connect(
          new InetSocketAddress(InetAddress.getByName(server.uri("/").getHost()), server.port()),
          10_000);
      socket.setSoTimeout(30_000);
      socket.getOutputStream().write(text().getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      byte[] answer = socket.getInputStream().readAllBytes();
      return Response.parse(new String(answer, StandardCharsets.ISO_8859_1));
    } catch (IOException e) {
      throw new UncheckedIOException("sending from " + localAddress + " failed", e);
    }
  }

  /** The body of a chunked HTTP/1.1 message, its framing removed (one char per byte). */
  public static String dechunk(String chunked) {
    StringBuilder body = new StringBuilder();
    int at = 0;
    while (true) {
      int lineEnd = chunked.indexOf("\r\n", at);
      int size = Integer.parseInt(chunked.substring(at, lineEnd).split(";", 2)[0].strip(), 16);
      if (size == 0) {
        return body.toString();
      }
      body.append(chunked, lineEnd + 2, lineEnd + 2 + size);
      at = lineEnd + 2 + size + 2;
    }
  }

  private static String latin1(byte[] bytes) {
    return new String(bytes, StandardCharsets.ISO_8859_1);
  }

  /**
   * A raw response, the one parser of raw HTTP answers in the tests: the whole raw text (for
   * searching), the status, every header by lower-case name with repeats kept in order, and the
   * body as UTF-8 text (a chunked body de-framed).
   */
  public record Response(String raw, int status, Map<String, List<String>> headers, String body) {

    /**
     * Parses one answer (one char per byte); fails the test when there is none or it is malformed.
     */
    public static Response parse(String raw) {
      if (raw == null || raw.isEmpty()) {
        throw new AssertionError("the server sent no response");
      }
      int end = raw.indexOf("\r\n\r\n");
      String head = end < 0 ? raw : raw.substring(0, end);
      String rest = end < 0 ? "" : raw.substring(end + 4);
      String[] lines = head.split("\r\n", -1);
      int status = Integer.parseInt(lines[0].split(" ", 3)[1]);
      Map<String, List<String>> headers = new LinkedHashMap<>();
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        if (colon < 0) {
          throw new AssertionError("a response header line without a colon: " + lines[i]);
        }
        String name = lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT);
        headers
            .computeIfAbsent(name, key -> new ArrayList<>())
            .add(lines[i].substring(colon + 1).strip());
      }
      boolean chunked =
          headers.getOrDefault("transfer-encoding", List.of()).stream()
              .anyMatch(value -> value.equalsIgnoreCase("chunked"));
      String body = chunked ? RawHttp.dechunk(rest) : rest;
      return new Response(
          raw,
          status,
          headers,
          new String(body.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
    }

    public Optional<String> header(String name) {
      List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
      return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** Every value of the header {@code name}, in order. */
    public List<String> headers(String name) {
      return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
    }

    /** The body as a JSON object; fails the test when it is not one. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> json() {
      try {
        Map<String, Object> json = JSONB.fromJson(body, Map.class);
        if (json == null) {
          throw new AssertionError("the body is not a JSON object: " + this);
        }
        return json;
      } catch (JsonbException e) {
        throw new AssertionError("the body is not a JSON object: " + this, e);
      }
    }

    /** The status line and headers, for failure messages. */
    public String head() {
      int end = raw.indexOf("\r\n\r\n");
      String head = end < 0 ? raw : raw.substring(0, end);
      return head.length() <= 1500 ? head : head.substring(0, 1500) + "…";
    }

    @Override
    public String toString() {
      String shown = body.length() <= 600 ? body : body.substring(0, 600) + "…";
      return head() + "\n\n" + shown;
    }
  }
}
