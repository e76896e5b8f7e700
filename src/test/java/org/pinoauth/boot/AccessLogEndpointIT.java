package org.pinoauth.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.pinoauth.testing.LogCapture;
import org.pinoauth.testing.RawHttp;
import org.pinoauth.testing.TestServer;

/**
 * The {@code endpoint=} of the access line names the web.xml servlet that answered, and {@code
 * other} for whatever the container answered itself, error dispatches included.
 */
class AccessLogEndpointIT {
  private static final String ACCESS_LOG = "org.pinoauth.access";
  private static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @ParameterizedTest
  @CsvSource({
    "/healthz, 200, health",
    "/v5/openapi.yaml, 200, openapi",
    "/.well-known/oauth-authorization-server, 200, metadata",
    "/v5/oauth/token, 405, token",
    "/v5/oauth/token/revoke, 405, revoke",
    "/v5/oauth/introspect, 405, introspect",
    "/v5/user_account, 401, userAccount",
    "/oauth/, 400, authorize",
    "/oauth/apps, 200, connectedApps",
    "/admin/apps, 401, adminApps",
    "/metrics, 200, metrics",
    "/_error, 400, error",
    "/nowhere, 404, other",
    "/static/pinoauth.css, 200, other",
  })
  void getWhenPathThenAccessLineNamesItsEndpoint(String path, int status, String endpoint) {
    List<LogCapture.Entry> lines;
    RawHttp.Response response;
    try (LogCapture logs = LogCapture.start()) {
      response = RawHttp.get(path).sendTo(server);
      String rid = response.header("x-pinterest-rid").orElseThrow();
      lines =
          logs.await(
              entry ->
                  entry.logger().equals(ACCESS_LOG) && entry.text().contains("rid=" + rid + " "),
              1,
              Duration.ofSeconds(10));
    }

    assertEquals(status, response.status(), response.toString());
    assertEquals(1, lines.size(), lines.toString());
    assertTrue(
        lines.get(0).text().contains(" endpoint=" + endpoint + " status=" + status + " "),
        lines.get(0).text());
  }
}
