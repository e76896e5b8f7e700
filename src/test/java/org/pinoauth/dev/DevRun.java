package org.pinoauth.dev;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import org.pinoauth.testing.Http;
import org.pinoauth.testing.TestServer;

/**
 * The development run as {@code mvn jetty:run} sets it up, on a test server: the real {@code
 * web.xml} with {@code src/dev/web-dev.xml} laid over it and the demo app of {@code
 * src/dev/bootstrap.json}. Its port is random, so the demo app is also given this server's own
 * {@code /dev/callback} as a redirect URI, beside the two the bootstrap file registers.
 */
final class DevRun {
  static final String CLIENT_ID = "1234567";
  static final String CLIENT_SECRET = "dev-secret";

  private DevRun() {}

  static TestServer.Builder configure(TestServer.Builder builder) {
    return builder
        .setting("bootstrap", Path.of("src/dev/bootstrap.json").toAbsolutePath().toString())
        .overrideDescriptor(Path.of("src/dev/web-dev.xml"));
  }

  /** Registers this server's {@code /dev/callback} for the demo app (admin API) and returns it. */
  static String registerCallback(TestServer server) {
    String callback = server.uri("/dev/callback").toString();
    String body =
        "{\"redirect_uris\": [\"http://localhost:8085/\", \"http://localhost:8080/dev/callback\", \""
            + callback
            + "\"]}";
    Http.Response response =
        Http.send(
            HttpRequest.newBuilder(server.uri("/admin/apps/" + CLIENT_ID))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", Http.basic("admin", "admin"))
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body))
                .build());
    assertEquals(200, response.status(), response.body());
    return callback;
  }
}
