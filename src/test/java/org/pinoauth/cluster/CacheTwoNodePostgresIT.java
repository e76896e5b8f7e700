package org.pinoauth.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.pinoauth.store.cache.NodeCaches;
import org.pinoauth.store.jdbc.JdbcChangeFeed;
import org.pinoauth.testing.Endpoints;
import org.pinoauth.testing.Http;
import org.pinoauth.testing.TestApps;
import org.pinoauth.testing.TestDatabases;
import org.pinoauth.testing.TestServer;

/**
 * Two nodes on one PostgreSQL with {@code cache.staleness=1s}: node B answers apps and token
 * liveness from memory, and a change made on node A holds on node B within the bound. Each case
 * warms B's caches, changes something on A, then asks B until it refuses, measuring how long that
 * took against a deadline of the bound plus slack for a loaded two-core machine.
 */
class CacheTwoNodePostgresIT {
  private static final Duration STALENESS = Duration.ofSeconds(1);

  /** The bound, plus slack for a shared machine (requests, GC, the poll's own round trip). */
  private static final Duration DEADLINE = STALENESS.plusSeconds(2);

  private static TestServer nodeA;
  private static TestServer nodeB;
  private static String url;
  private static final List<String> MEASURED = new ArrayList<>();

  @BeforeAll
  static void startTwoNodes() throws Exception {
    url = TestDatabases.postgresUrlFor(Files.createTempDirectory("pinoauth-cache"));
    nodeA = node(url);
    nodeB = node(url);
  }

  private static TestServer node(String url) {
    return TestServer.builder()
        .setting("db.url", url)
        .setting("cache.staleness", STALENESS.toMillis() + "ms")
        .start();
  }

  @AfterAll
  static void stopNodes() {
    System.out.println("CacheTwoNodePostgresIT propagation times: " + MEASURED);
    nodeA.close();
    nodeB.close();
  }

  @Test
  void accessTokenRevokedOnNodeAThenRefusedOnNodeBWithinTheBound() {
    TestApps.TestApp app = TestApps.app().registerOn(nodeA);
    Endpoints.Tokens tokens = Endpoints.issue(nodeA, app, "pinner", "pins:read");
    long hits = warm(() -> Endpoints.isActive(nodeB, app, tokens.access()));

    assertEquals(200, Endpoints.revoke(nodeA, app, "token", tokens.access()).status());

    refusedWithinTheBound(
        "access token revoked", () -> !Endpoints.isActive(nodeB, app, tokens.access()));
    assertTrue(hits > 0, "node B answered from its caches");
  }

  @Test
  void refreshTokenRevokedOnNodeAThenItsFamilysAccessTokenRefusedOnNodeB() {
    TestApps.TestApp app = TestApps.app().registerOn(nodeA);
    Endpoints.Tokens tokens = Endpoints.issue(nodeA, app, "pinner", "pins:read");
    warm(() -> Endpoints.isActive(nodeB, app, tokens.access()));

    assertEquals(
        200,
        Endpoints.revoke(nodeA, app, "token", tokens.refresh(), "token_type_hint", "refresh_token")
            .status());

    refusedWithinTheBound("family revoked", () -> !Endpoints.isActive(nodeB, app, tokens.access()));
  }

  @Test
  void secretRotatedOnNodeAThenOldSecretRefusedOnNodeB() {
    TestApps.TestApp app = TestApps.app().registerOn(nodeA);
    warm(() -> clientCredentials(nodeB, app.clientId(), app.secret()) == 200);

    Http.Response rotated = admin(nodeA, "POST", "/admin/apps/" + app.clientId() + "/secret");
    assertEquals(200, rotated.status(), rotated.body());

    refusedWithinTheBound(
        "secret rotated", () -> clientCredentials(nodeB, app.clientId(), app.secret()) == 401);
    assertEquals(200, clientCredentials(nodeB, app.clientId(), rotated.string("client_secret")));
  }

  @Test
  void appDeletedOnNodeAThenRefusedOnNodeB() {
    TestApps.TestApp app = TestApps.app().registerOn(nodeA);
    warm(() -> clientCredentials(nodeB, app.clientId(), app.secret()) == 200);

    assertEquals(204, admin(nodeA, "DELETE", "/admin/apps/" + app.clientId()).status());

    refusedWithinTheBound(
        "app deleted", () -> clientCredentials(nodeB, app.clientId(), app.secret()) == 401);
  }

  @Test
  void ownerChangedOnNodeAThenTheAppTokenRefusedOnNodeB() {
    TestApps.TestApp app = TestApps.app().registerOn(nodeA);
    String appToken = Endpoints.appToken(nodeA, app, "pins:read");
    warm(() -> Endpoints.isActive(nodeB, app, appToken));

    Endpoints.patchApp(nodeA, app, "{\"owner\":\"someone-else\"}");

    refusedWithinTheBound("owner changed", () -> !Endpoints.isActive(nodeB, app, appToken));
  }

  @Test
  void grantRemovedOnNodeAThenTheUsersTokenRefusedOnNodeB() {
    TestApps.TestApp app = TestApps.app().registerOn(nodeA);
    Endpoints.Tokens tokens = Endpoints.issue(nodeA, app, "pinner", "pins:read");
    warm(() -> Endpoints.isActive(nodeB, app, tokens.access()));

    Http.Response removed = admin(nodeA, "DELETE", "/admin/users/pinner/grants/" + app.clientId());
    assertEquals(204, removed.status(), removed.body());

    refusedWithinTheBound("grant removed", () -> !Endpoints.isActive(nodeB, app, tokens.access()));
  }

  @Test
  void listenConnectionsTerminatedThenARevocationStillHoldsOnNodeBWithinTheBound()
      throws Exception {
    TestApps.TestApp app = TestApps.app().registerOn(nodeA);
    Endpoints.Tokens tokens = Endpoints.issue(nodeA, app, "pinner", "pins:read");
    warm(() -> Endpoints.isActive(nodeB, app, tokens.access()));

    int terminated = terminateListeners(url);
    assertEquals(2, terminated, "each node listens on a connection of its own");
    assertEquals(200, Endpoints.revoke(nodeA, app, "token", tokens.access()).status());

    refusedWithinTheBound(
        "after pg_terminate_backend", () -> !Endpoints.isActive(nodeB, app, tokens.access()));
  }

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void databaseDownThenNodeAnswers503OnceTheBoundHasPassedNotAStale200(@TempDir Path pgData)
      throws Exception {
    long feedThreadsBefore = feedThreads();
    int port = freePort();
    EmbeddedPostgres postgres =
        TestDatabases.embeddedPostgres()
            .setDataDirectory(pgData)
            .setCleanDataDirectory(false)
            .setPort(port)
            .start();
    try (TestServer node =
        TestServer.builder()
            .setting("db.url", postgres.getJdbcUrl("postgres", "postgres"))
            .setting("db.pool.timeout", "500")
            .setting("cache.staleness", "1s")
            .start()) {
      TestApps.TestApp app = TestApps.app().registerOn(node);
      String appToken = Endpoints.appToken(node, app, "pins:read");
      NodeCaches caches = node.pinoauth().caches().orElseThrow();
      warm(() -> Endpoints.introspect(node, app, appToken).status() == 200);
      long hitsBefore = caches.hits();
      assertEquals(200, Endpoints.introspect(node, app, appToken).status());
      assertTrue(caches.hits() > hitsBefore, "answered from memory while the database is up");

      long stopped = System.nanoTime();
      postgres.close();

      int answered200 = 0;
      long deadline = stopped + DEADLINE.toNanos() + Duration.ofSeconds(2).toNanos();
      int status;
      while ((status = Endpoints.introspect(node, app, appToken).status()) == 200
          && System.nanoTime() < deadline) {
        answered200++;
      }
      long elapsedMillis = (System.nanoTime() - stopped) / 1_000_000;
      MEASURED.add("database down -> 503 after " + elapsedMillis + " ms");
      assertEquals(
          503,
          status,
          answered200 + " answers of 200 in " + elapsedMillis + " ms after the database stopped");
      assertTrue(
          elapsedMillis <= DEADLINE.toMillis() + 2_000, "503 only after " + elapsedMillis + " ms");
      for (int i = 0; i < 5; i++) {
        assertEquals(
            503, Endpoints.introspect(node, app, appToken).status(), "no stale 200 past the bound");
      }
      assertEquals(feedThreadsBefore + 2, feedThreads(), "the node polls and listens");
    }
    assertEquals(feedThreadsBefore, feedThreads(), "a stopped node leaves no feed thread behind");
  }

  private static long feedThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(
            name ->
                name.equals("pinoauth-change-poll") || name.equals(JdbcChangeFeed.APPLICATION_NAME))
        .count();
  }

  /**
   * Asks until {@code condition} holds (the node answered so twice, and then a fresh read), and
   * returns the caches' hits of node B.
   */
  private static long warm(BooleanSupplier condition) {
    assertTrue(condition.getAsBoolean(), "before the change");
    assertTrue(condition.getAsBoolean(), "before the change, from memory");
    return nodeB.pinoauth().caches().orElseThrow().hits();
  }

  private static void refusedWithinTheBound(String what, BooleanSupplier refused) {
    long started = System.nanoTime();
    long deadline = started + DEADLINE.toNanos();
    boolean done;
    do {
      done = refused.getAsBoolean();
      if (!done) {
        LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
      }
    } while (!done && System.nanoTime() < deadline);
    long elapsedMillis = (System.nanoTime() - started) / 1_000_000;
    synchronized (MEASURED) {
      MEASURED.add(what + ": " + elapsedMillis + " ms");
    }
    assertTrue(done, what + ": node B still accepted after " + elapsedMillis + " ms");
    // Once refused, refused for good: the cache does not bring the old answer back.
    for (int i = 0; i < 3; i++) {
      assertTrue(refused.getAsBoolean(), what + ": refused, then accepted again");
    }
  }

  private static int clientCredentials(TestServer node, String clientId, String secret) {
    return Http.postForm(
            node.uri("/v5/oauth/token"),
            Http.basic(clientId, secret),
            Http.form("grant_type", "client_credentials", "scope", "pins:read"))
        .status();
  }

  private static Http.Response admin(TestServer node, String method, String path) {
    return Http.send(
        HttpRequest.newBuilder(node.uri(path))
            .header("Authorization", Http.basic("admin", "admin"))
            .header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.noBody())
            .build());
  }

  /** Terminates every change-notification connection to the database of {@code url}. */
  private static int terminateListeners(String url) throws Exception {
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    + " WHERE application_name = '"
                    + JdbcChangeFeed.APPLICATION_NAME
                    + "' AND datname = current_database()")) {
      int terminated = 0;
      while (rows.next()) {
        terminated += rows.getBoolean(1) ? 1 : 0;
      }
      return terminated;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
