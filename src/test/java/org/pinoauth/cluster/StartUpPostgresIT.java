package org.pinoauth.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.pinoauth.testing.Eventually;
import org.pinoauth.testing.Http;
import org.pinoauth.testing.LogCapture;
import org.pinoauth.testing.TestApps;
import org.pinoauth.testing.TestDatabases;
import org.pinoauth.testing.TestServer;

/**
 * Nodes starting next to each other and next to their database: two nodes with one bootstrap file
 * at once both start, and a node whose PostgreSQL is not up yet waits for it ({@code
 * db.start.wait}) and then serves, with no restart.
 */
class StartUpPostgresIT {
  private static final int BOOTSTRAP_APPS = 20;
  private static final String SECRET = "bootstrap-secret-for-both-nodes";

  /**
   * Both nodes find no row for an app and insert it: the second insert waits for the first one's
   * commit and then inserts nothing. To have them meet on every app rather than by luck, the test
   * holds the {@code app} table until both nodes wait for it at their first bootstrap app.
   */
  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void twoNodesStartAtOnceWithOneBootstrapFileThenBothServeItsApps(@TempDir Path dir)
      throws Exception {
    String url = TestDatabases.postgresUrlFor(dir.resolve("db"));
    TestServer.builder().setting("db.url", url).start().close(); // the schema, as a node left it
    Path bootstrap = writeBootstrap(dir.resolve("bootstrap.json"));
    ExecutorService starters = Executors.newFixedThreadPool(2);
    List<Future<TestServer>> starting = new ArrayList<>();
    try (Connection holder = DriverManager.getConnection(url);
        Connection observer = DriverManager.getConnection(url)) {
      holder.setAutoCommit(false);
      try (Statement lock = holder.createStatement()) {
        lock.execute("LOCK TABLE app IN SHARE MODE");
      }
      for (int i = 0; i < 2; i++) {
        starting.add(
            starters.submit(
                () ->
                    TestServer.builder()
                        .setting("db.url", url)
                        .setting("bootstrap", bootstrap.toString())
                        .start()));
      }
      assertTrue(
          Eventually.within(Duration.ofSeconds(90), () -> waitingForApp(observer) == 2),
          "both nodes reach their first bootstrap app");
      holder.commit();

      for (Future<TestServer> node : starting) {
        TestServer started = node.get(2, TimeUnit.MINUTES);
        for (String clientId : List.of(clientId(0), clientId(BOOTSTRAP_APPS - 1))) {
          Http.Response token = clientCredentials(started, clientId, SECRET);
          assertEquals(200, token.status(), token.body());
        }
      }
    } finally {
      starters.shutdown();
      assertTrue(starters.awaitTermination(2, TimeUnit.MINUTES), "a node is still starting");
      for (Future<TestServer> node : starting) {
        try {
          node.get().close();
        } catch (ExecutionException notStarted) {
          // Reported by the assertions above.
        }
      }
    }
  }

  /** Sessions waiting for a lock on the {@code app} table. */
  private static int waitingForApp(Connection observer) {
    try (Statement query = observer.createStatement();
        ResultSet row =
            query.executeQuery(
                "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation"
                    + " WHERE c.relname = 'app' AND NOT l.granted")) {
      row.next();
      return row.getInt(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void nodeStartedBeforeItsDatabaseThenWaitsAndServesOnceTheDatabaseIsUp(@TempDir Path pgData)
      throws Exception {
    int port = freePort();
    String url = "jdbc:postgresql://localhost:" + port + "/postgres?user=postgres";
    String password = "never-logged-" + System.nanoTime();
    ExecutorService databaseStarter = Executors.newSingleThreadExecutor();
    Future<EmbeddedPostgres> postgres = null;
    try (LogCapture logs = LogCapture.start()) {
      // PostgreSQL starts only once the node has said that it waits for it.
      postgres =
          databaseStarter.submit(
              () -> {
                List<LogCapture.Entry> waiting =
                    logs.await(StartUpPostgresIT::isStartWaitWarning, 1, Duration.ofSeconds(60));
                assertFalse(waiting.isEmpty(), "the node never said it waits for the database");
                return TestDatabases.embeddedPostgres()
                    .setDataDirectory(pgData)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .start();
              });

      try (TestServer server =
          TestServer.builder()
              .setting("db.url", url)
              .setting("db.password", password)
              .setting("db.pool.timeout", "500")
              .setting("db.start.wait", "90")
              .start()) {
        TestApps.TestApp app = TestApps.app().registerOn(server);
        Http.Response token = clientCredentials(server, app.clientId(), app.secret());
        assertEquals(200, token.status(), token.body());
        assertEquals(200, Http.get(server.uri("/healthz")).status());
      }

      assertTrue(postgres.isDone(), "the node started only after its database");
      List<LogCapture.Entry> entries = logs.entries();
      assertTrue(entries.stream().anyMatch(StartUpPostgresIT::isStartWaitWarning));
      for (LogCapture.Entry entry : entries) {
        assertFalse(entry.text().contains(password), "password in the log: " + entry);
      }
    } finally {
      databaseStarter.shutdown();
      if (postgres != null) {
        postgres.get(2, TimeUnit.MINUTES).close();
      }
    }
  }

  private static boolean isStartWaitWarning(LogCapture.Entry entry) {
    return entry.level() == Level.WARNING
        && entry.logger().equals("org.pinoauth.store.jdbc.StartWait");
  }

  private static Http.Response clientCredentials(TestServer node, String clientId, String secret) {
    return Http.postForm(
        node.uri("/v5/oauth/token"),
        Http.basic(clientId, secret),
        Http.form("grant_type", "client_credentials", "scope", "pins:read"));
  }

  private static String clientId(int index) {
    return Integer.toString(7_900_000 + index);
  }

  private static Path writeBootstrap(Path file) throws IOException {
    List<String> apps = new ArrayList<>();
    for (int i = 0; i < BOOTSTRAP_APPS; i++) {
      apps.add(
          """
          {"client_id": "%s", "client_secret": "%s", "name": "Bootstrap app %d",
           "redirect_uris": ["http://localhost:8085/"], "scopes": ["boards:read", "pins:read"],
           "grant_types": ["client_credentials"], "owner": "owner-%d"}"""
              .formatted(clientId(i), SECRET, i, i));
    }
    return Files.writeString(file, "[" + String.join(",\n", apps) + "]");
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
