package org.pinoauth.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Raw HTTP/1.1 over a real TCP connection to a {@link TestServer} from a chosen source address: any
 * 127.x.y.z is loopback on Linux, so one test can play many clients, each with an address of its
 * own ({@code java.net.http.HttpClient} cannot bind its local address before JDK 19). Requests are
 * {@link RawHttp} text or {@link #get}; each ends with {@code Connection: close}, and the answer is
 * read to the end of the stream.
 */
public final class FromAddress {
  private static final int READ_TIMEOUT_MILLIS = 30_000;

  private final InetAddress source;

  private FromAddress(InetAddress source) {
    this.source = source;
  }

  /** A client at {@code address}, a loopback IPv4 address such as {@code 127.0.3.7}. */
  public static FromAddress of(String address) {
    try {
      return new FromAddress(InetAddress.getByName(address));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A GET of {@code target} with these header lines ({@code "Name: value"}), as raw text. */
  public static String get(String target, String... headerLines) {
    StringBuilder request = new StringBuilder("GET ").append(target).append(" HTTP/1.1\r\n");
    request.append("Host: localhost\r\n");
    for (String line : headerLines) {
      request.append(line).append("\r\n");
    }
    return request.append("Connection: close\r\n\r\n").toString();
  }

  public RawHttp.Response send(TestServer server, RawHttp request) {
    return send(server, request.text());
  }

  /** Sends {@code request} (one char per byte) and reads the whole answer. */
  public RawHttp.Response send(TestServer server, String request) {
    try (Socket socket = open(server)) {
      return exchange(socket, request);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Connects and sends {@code request} without waiting for the answer, for tests that keep many
   * requests in flight; {@link Pending#response()} reads it.
   */
  public Pending start(TestServer server, String request) {
    try {
      Socket socket = open(server);
      // Taken before the write: the server may start its wait before this thread runs again, and
      // a time taken after the write then measured a 1 s wait as 0.997 s on a loaded machine.
      long sentNanos = System.nanoTime();
      write(socket, request);
      return new Pending(socket, sentNanos);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A request on the wire whose answer has not been read yet. */
  public static final class Pending {
    private final Socket socket;
    private final long sentNanos;

    private Pending(Socket socket, long sentNanos) {
      this.socket = socket;
      this.sentNanos = sentNanos;
    }

    /** Reads the whole answer and closes the connection. */
    public RawHttp.Response response() {
      try (socket) {
        return read(socket);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** Just before the request was written, by {@link System#nanoTime()}. */
    public long sentNanos() {
      return sentNanos;
    }
  }

  /** The answer to {@code request} from {@code address}, and how long it took. */
  public record Timed(RawHttp.Response response, Duration elapsed) {}

  public Timed timed(TestServer server, String request) {
    long start = System.nanoTime();
    RawHttp.Response response = send(server, request);
    return new Timed(response, Duration.ofNanos(System.nanoTime() - start));
  }

  private Socket open(TestServer server) throws IOException {
    Socket socket = new Socket();
    socket.bind(new InetSocketAddress(source, 0));
    socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()), 10_000);
    socket.setSoTimeout(READ_TIMEOUT_MILLIS);
    return socket;
  }

  private static RawHttp.Response exchange(Socket socket, String request) throws IOException {
    write(socket, request);
    return read(socket);
  }

  private static void write(Socket socket, String request) throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write(request.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  private static RawHttp.Response read(Socket socket) throws IOException {
    InputStream in = socket.getInputStream();
    return RawHttp.Response.parse(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1));
  }
}
