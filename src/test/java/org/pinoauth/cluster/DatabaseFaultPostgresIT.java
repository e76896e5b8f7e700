package org.pinoauth.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pinoauth.testing.Endpoints;
import org.pinoauth.testing.Eventually;
import org.pinoauth.testing.Http;
import org.pinoauth.testing.TestApps;
import org.pinoauth.testing.TestServer;

/**
 * PostgreSQL stops under a running server: requests answer 503 with a JSON error within a bounded
 * time (never 500, never a hang), {@code /healthz} says DOWN; PostgreSQL starts again and the same
 * server recovers by itself, with every token it answered 200 for before the fault still valid.
 */
class DatabaseFaultPostgresIT {

  @Test
  void databaseStopsAndStartsThenServerAnswers503AndRecoversLosingNothing(@TempDir Path pgData)
      throws Exception {
    int port = freePort();
    EmbeddedPostgres postgres = startPostgres(pgData, port);
    String url = postgres.getJdbcUrl("postgres", "postgres");
    try (TestServer server =
        TestServer.builder().setting("db.url", url).setting("db.pool.timeout", "1000").start()) {
      TestApps.TestApp app = TestApps.app().registerOn(server);
      Endpoints.Tokens first = Endpoints.issue(server, app, "pinner", "pins:read");
      Endpoints.Tokens rotated =
          Endpoints.tokensOf(Endpoints.refresh(server, app, first.refresh()));
      List<String> appTokens = new ArrayList<>();
      appTokens.add(Endpoints.appToken(server, app, "pins:read"));

      postgres.close();

      long started = System.nanoTime();
      Http.Response duringFault = clientCredentials(server, app);
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      assertEquals(503, duringFault.status(), duringFault.body());
      assertEquals("temporarily_unavailable", duringFault.string("error"));
      assertTrue(took.compareTo(Duration.ofSeconds(10)) < 0, "answered within a bound: " + took);
      assertTrue(duringFault.header("x-pinterest-rid").isPresent());
      Http.Response refreshDuringFault = Endpoints.refresh(server, app, rotated.refresh());
      assertEquals(503, refreshDuringFault.status(), refreshDuringFault.body());
      Http.Response health = Http.get(server.uri("/healthz"));
      assertEquals(503, health.status(), health.body());
      assertEquals("DOWN", health.string("status"));

      postgres = startPostgres(pgData, port);

      assertTrue(
          Eventually.within(
              Duration.ofSeconds(30), () -> clientCredentials(server, app).status() == 200),
          "the server recovers by itself");
      assertEquals(200, Http.get(server.uri("/healthz")).status());
      assertTrue(Endpoints.isActive(server, app, rotated.access()));
      for (String token : appTokens) {
        assertTrue(Endpoints.isActive(server, app, token));
      }
      Http.Response refreshed = Endpoints.refresh(server, app, rotated.refresh());
      assertEquals(200, refreshed.status(), "the refresh token answered before the fault works");
    } finally {
      postgres.close();
    }
  }

  private static Http.Response clientCredentials(TestServer server, TestApps.TestApp app) {
    return Http.postForm(
        server.uri("/v5/oauth/token"),
        Http.basic(app.clientId(), app.secret()),
        Http.form("grant_type", "client_credentials", "scope", "pins:read"));
  }

  /** Starts PostgreSQL on its data folder: initialized when new, kept when stopped. */
  private static EmbeddedPostgres startPostgres(Path dataDir, int port) throws IOException {
    return EmbeddedPostgres.builder()
        .setDataDirectory(dataDir)
        .setCleanDataDirectory(false)
        .setPort(port)
        .start();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
