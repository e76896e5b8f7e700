package org.pinoauth.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.h2.jdbcx.JdbcConnectionPool;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pinoauth.testing.Http;
import org.pinoauth.testing.LogCapture;
import org.pinoauth.testing.TestApps;
import org.pinoauth.testing.TestServer;
import org.pinoauth.testing.TokenEndpoint;

/**
 * A container DataSource (a Jetty {@code EnvEntry} at {@code java:comp/env/jdbc/pinoauth}, H2's own
 * pool, as docs/deploy-jetty.md sets up Jetty) is the store, and its use shows in {@code /metrics}.
 */
class ContainerDataSourceIT {
  private static final String DATASOURCE = "datasource=\"java:comp/env/jdbc/pinoauth\"";

  private static JdbcConnectionPool pool;
  private static TestServer server;
  private static List<LogCapture.Entry> startUp;

  @BeforeAll
  static void start() throws Exception {
    JdbcDataSource h2 = new JdbcDataSource();
    Path dir = Files.createTempDirectory("pinoauth-container-ds");
    h2.setURL("jdbc:h2:file:" + dir.resolve("pinoauth") + DataSources.H2_SETTINGS);
    h2.setUser("sa");
    h2.setPassword("sa");
    pool = JdbcConnectionPool.create(h2);
    try (LogCapture logs = LogCapture.start()) {
      server = TestServer.builder().containerDataSource(pool).start();
      startUp = logs.entries();
    }
  }

  @AfterAll
  static void stop() {
    server.close();
    pool.dispose();
  }

  @Test
  void startWhenContainerDataSourceBoundThenItIsTheStore() {
    assertTrue(
        startUp.stream()
            .anyMatch(
                e -> e.text().contains("Store: container DataSource java:comp/env/jdbc/pinoauth")),
        "start-up log: " + startUp);
    TestApps.TestApp app = TestApps.app().registerOn(server);

    Http.Response token = TokenEndpoint.of(server).clientCredentials(app, "pins:read");

    assertEquals(200, token.status(), token.toString());
    // The app was registered through the store, so the token proves the container's pool works.
    assertEquals(0, pool.getActiveConnections(), "every connection given back");
  }

  @Test
  void getMetricsWhenStoreUsedThenContainerPoolMetersWithNoConnectionHeld() {
    TestApps.TestApp app = TestApps.app().registerOn(server);
    TokenEndpoint.of(server).clientCredentials(app, "pins:read");

    String metrics = Http.get(server.uri("/metrics")).body();

    assertTrue(
        value(metrics, "pinoauth_store_connections_acquire_seconds_count\\{" + DATASOURCE + "}")
            >= 1,
        metrics);
    assertTrue(
        metrics.contains("pinoauth_store_connections_acquire_seconds_bucket{" + DATASOURCE),
        "acquire histogram");
    // /metrics itself holds no connection, and every request before it gave its connections back.
    assertEquals(0.0, value(metrics, "pinoauth_store_connections_active\\{" + DATASOURCE + "}"));
    assertEquals(
        0.0, value(metrics, "pinoauth_store_connections_failures_total\\{" + DATASOURCE + "}"));
    assertTrue(
        metrics.contains("pinoauth_store_connections_failures_total{" + DATASOURCE),
        "failure counter present");
    assertFalse(metrics.contains("hikaricp_connections"), "no pool of pinoauth's own");
  }

  @Test
  void getMetricsWhenContainerPoolRefusesThenFailureCountedAnd503() throws SQLException {
    TestApps.TestApp app = TestApps.app().registerOn(server);
    double before = failures();
    Http.Response refused;
    try (LogCapture logs = LogCapture.start()) {
      pool.setMaxConnections(1);
      pool.setLoginTimeout(1); // H2's pool waits this many seconds, then refuses.
      try (Connection held = pool.getConnection()) {
        refused = TokenEndpoint.of(server).clientCredentials(app, "pins:read");
      } finally {
        pool.setMaxConnections(10);
      }
      // The access line is written after the request's meters: once it is there, they are too.
      String rid = refused.header("x-pinterest-rid").orElseThrow();
      logs.await(e -> e.text().contains("rid=" + rid), 1, Duration.ofSeconds(10));
    }

    assertEquals(503, refused.status(), refused.toString());
    assertEquals(before + 1, failures());
  }

  private static double failures() {
    return value(
        Http.get(server.uri("/metrics")).body(),
        "pinoauth_store_connections_failures_total\\{" + DATASOURCE + "}");
  }

  /** The value of the sample whose name and labels match {@code sample}; -1 when absent. */
  private static double value(String text, String sample) {
    Matcher matcher = Pattern.compile("(?m)^" + sample + " (\\S+)$").matcher(text);
    return matcher.find() ? Double.parseDouble(matcher.group(1)) : -1;
  }
}
