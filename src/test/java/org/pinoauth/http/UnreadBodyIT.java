package org.pinoauth.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pinoauth.testing.Http;
import org.pinoauth.testing.TestApps;
import org.pinoauth.testing.TestApps.TestApp;
import org.pinoauth.testing.TestServerExtension;

/**
 * Answers given without reading the request's body reach the client over a real TCP connection: a
 * body that is refused (too large, wrong media type) is read and thrown away first, because closing
 * a socket with unread bytes makes the kernel reset it, and a reset can destroy the answer before
 * the client reads it.
 */
class UnreadBodyIT {
  private static final String GOOD_FORM =
      Http.form("grant_type", "client_credentials", "scope", "pins:read");
  private static final String OVER_16_KIB =
      Http.form("grant_type", "client_credentials", "scope", "x".repeat(17 * 1024));

  @RegisterExtension static final TestServerExtension server = TestServerExtension.start();
  private static TestApp app;

  @BeforeAll
  static void startServer() {
    app = TestApps.app().registerOn(server.get());
  }

  @Test
  void postWhenBodyIsOver16KibThenAnswer413AndKeepConnectionForNextRequest() throws IOException {
    try (Socket socket = connect()) {
      send(socket, tokenRequest("application/x-www-form-urlencoded", OVER_16_KIB, false));
      Answer refused = Answer.read(socket.getInputStream());
      send(socket, tokenRequest("application/x-www-form-urlencoded", GOOD_FORM, false));
      Answer next = Answer.read(socket.getInputStream());

      assertEquals(413, refused.status());
      assertFalse(refused.head().contains("connection: close"), refused.head());
      assertEquals(200, next.status(), next.body());
    }
  }

  @Test
  void postWhenBodyIsJsonThenAnswer415AndKeepConnectionForNextRequest() throws IOException {
    try (Socket socket = connect()) {
      send(socket, tokenRequest("application/json", "{\"a\":\"" + "x".repeat(4000) + "\"}", false));
      Answer refused = Answer.read(socket.getInputStream());
      send(socket, tokenRequest("application/x-www-form-urlencoded", GOOD_FORM, false));
      Answer next = Answer.read(socket.getInputStream());

      assertEquals(415, refused.status());
      assertEquals(200, next.status(), next.body());
    }
  }

  @Test
  void postWhenOversizedBodyIsSentWholeThenEveryClientReadsThe413() throws IOException {
    int answered = 0;
    for (int i = 0; i < 100; i++) {
      try (Socket socket = connect()) {
        send(socket, tokenRequest("application/x-www-form-urlencoded", OVER_16_KIB, true));
        if (Answer.read(socket.getInputStream()).status() == 413) {
          answered++;
        }
      } catch (IOException reset) {
        // counted as not answered
      }
    }

    assertEquals(100, answered);
  }

  @Test
  void postWhenDeclaredBodyIsOverOneMibThenAnswer413WithConnectionClose() throws IOException {
    try (Socket socket = connect()) {
      send(socket, formHeadDeclaring(2_000_000));
      Answer refused = Answer.read(socket.getInputStream());

      assertEquals(413, refused.status());
      assertTrue(refused.head().contains("connection: close"), refused.head());
    }
  }

  @Test
  void postWhenBodyDeclaredOver16KibButNotSentThenAnswer413WithoutWaitingForIt()
      throws IOException {
    try (Socket socket = connect()) {
      send(socket, formHeadDeclaring(20_000) + "grant_type=client_credentials");
      Answer refused = Answer.read(socket.getInputStream());

      assertEquals(413, refused.status());
    }
  }

  private static Socket connect() throws IOException {
    Socket socket = new Socket("127.0.0.1", server.port());
    socket.setSoTimeout(10_000);
    return socket;
  }

  /** A token request's head that declares a form body of {@code length} bytes, none sent. */
  private static String formHeadDeclaring(int length) {
    return "POST /v5/oauth/token HTTP/1.1\r\nHost: localhost\r\n"
        + "Authorization: "
        + Http.basic(app.clientId(), app.secret())
        + "\r\nContent-Type: application/x-www-form-urlencoded\r\n"
        + "Content-Length: "
        + length
        + "\r\n\r\n";
  }

  private static String tokenRequest(String contentType, String body, boolean close) {
    return "POST /v5/oauth/token HTTP/1.1\r\nHost: localhost\r\n"
        + "Authorization: "
        + Http.basic(app.clientId(), app.secret())
        + "\r\nContent-Type: "
        + contentType
        + "\r\nContent-Length: "
        + body.getBytes(StandardCharsets.UTF_8).length
        + (close ? "\r\nConnection: close" : "")
        + "\r\n\r\n"
        + body;
  }

  private static void send(Socket socket, String request) throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write(request.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  /** One response read off a keep-alive connection: its head in lower case, status and body. */
  private record Answer(int status, String head, String body) {

    static Answer read(InputStream in) throws IOException {
      ByteArrayOutputStream headBytes = new ByteArrayOutputStream();
      while (!headBytes.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
        int b = in.read();
        if (b < 0) {
          throw new IOException("connection closed before the answer's head ended");
        }
        headBytes.write(b);
      }
      String head = headBytes.toString(StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
      int status = Integer.parseInt(head.substring(9, 12));
      int at = head.indexOf("content-length:");
      if (at < 0) {
        throw new IOException("answer without Content-Length: " + head);
      }
      int length = Integer.parseInt(head.substring(at + 15, head.indexOf("\r\n", at)).strip());
      return new Answer(status, head, new String(in.readNBytes(length), StandardCharsets.UTF_8));
    }
  }
}
