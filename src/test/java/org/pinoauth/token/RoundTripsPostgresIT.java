package org.pinoauth.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pinoauth.client.RefreshMode;
import org.pinoauth.testing.Endpoints;
import org.pinoauth.testing.Endpoints.Tokens;
import org.pinoauth.testing.Eventually;
import org.pinoauth.testing.Http;
import org.pinoauth.testing.RoundTripCounter;
import org.pinoauth.testing.TestApps;
import org.pinoauth.testing.TestApps.TestApp;
import org.pinoauth.testing.TestCodes;
import org.pinoauth.testing.TestDatabases;
import org.pinoauth.testing.TestServer;

/**
 * The database round trips (statements executed, commits, rollbacks) one token request costs on
 * PostgreSQL, counted under the server's container DataSource while it serves real HTTP, as
 * bench/README.md states them. With the defaults ({@code cache.staleness=0}: the app is read on
 * every request) a code exchange and a rotating refresh take at most three (the app of the client
 * authentication, one read of everything the grant needs, one auto-committed write). With {@code
 * cache.staleness=1s} and warm caches the app is not read: client credentials and introspection of
 * a token seen before take none, an exchange and a rotation at most two. The other requests' counts
 * are printed for that table. The purger is off, and the change feed's polls (its own threads, not
 * the request's) are not counted.
 */
class RoundTripsPostgresIT {
  private static final int SAMPLES = 3;

  /** One server, its pool and the counter over it. */
  private record Node(TestServer server, HikariDataSource pool, RoundTripCounter counter) {
    static Node start(String staleness) throws Exception {
      Path dir = Files.createTempDirectory("pinoauth-round-trips");
      HikariConfig config = new HikariConfig();
      config.setJdbcUrl(TestDatabases.postgresUrlFor(dir));
      config.setMaximumPoolSize(4);
      HikariDataSource pool = new HikariDataSource(config);
      RoundTripCounter counter = RoundTripCounter.over(pool);
      TestServer server =
          TestServer.builder()
              .dataDir(dir)
              .containerDataSource(counter.dataSource())
              .setting("purge.interval", "0")
              .setting("cache.staleness", staleness)
              .start();
      return new Node(server, pool, counter);
    }

    void stop() {
      server.close();
      pool.close();
    }
  }

  private static Node uncached;
  private static Node cached;

  @BeforeAll
  static void start() throws Exception {
    uncached = Node.start("0");
    cached = Node.start("1s");
  }

  @AfterAll
  static void stop() {
    uncached.stop();
    cached.stop();
  }

  @Test
  void exchangeWhenCodeValidThenAtMostThreeRoundTrips() {
    assertAtMost(3, "code exchange", exchange(uncached), "0");
  }

  @Test
  void exchangeWhenAppCachedThenAtMostTwoRoundTrips() {
    assertAtMost(2, "code exchange", exchange(cached), "1s");
  }

  @Test
  void refreshWhenTokenRotatesThenAtMostThreeRoundTrips() {
    assertAtMost(3, "rotating refresh", rotation(uncached), "0");
  }

  @Test
  void refreshWhenAppCachedThenAtMostTwoRoundTrips() {
    assertAtMost(2, "rotating refresh", rotation(cached), "1s");
  }

  @Test
  void appTokenAndIntrospectionWhenCachesWarmThenNoRoundTrip() {
    TestApp app = registeredAndCached(cached);

    int appToken = most(cached, () -> () -> Endpoints.appToken(cached.server(), app, "pins:read"));
    int introspection =
        most(
            cached,
            () -> {
              String token = Endpoints.appToken(cached.server(), app, "pins:read");
              assertTrue(Endpoints.isActive(cached.server(), app, token)); // its liveness cached
              return () -> assertTrue(Endpoints.isActive(cached.server(), app, token));
            });

    report("client_credentials", appToken, "1s");
    report("introspection (a token seen before)", introspection, "1s");
    assertEquals(0, appToken, "client_credentials with the app cached");
    assertEquals(0, introspection, "introspection with the app and the token's liveness cached");
  }

  @Test
  void otherRequestsWhenServedThenTheirRoundTripsReported() {
    TestServer server = uncached.server();
    TestApp app = TestApps.app().registerOn(server);
    TestApp legacy = TestApps.app().refreshMode(RefreshMode.LEGACY).registerOn(server);

    int appToken = most(uncached, () -> () -> Endpoints.appToken(server, app, "pins:read"));
    int introspection =
        most(
            uncached,
            () -> {
              String token = Endpoints.appToken(server, app, "pins:read");
              return () -> assertTrue(Endpoints.isActive(server, app, token));
            });
    int revocation =
        most(
            uncached,
            () -> {
              Tokens issued = Endpoints.issue(server, app, "pinner", "pins:read");
              return () ->
                  assertEquals(
                      200, Endpoints.revoke(server, app, "token", issued.refresh()).status());
            });
    int legacyRefresh =
        most(
            uncached,
            () -> {
              Tokens issued = Endpoints.issue(server, legacy, "pinner", "pins:read");
              return () -> {
                Http.Response answer = Endpoints.refresh(server, legacy, issued.refresh());
                assertEquals(200, answer.status(), answer.body());
                assertEquals("refresh_token", answer.string("response_type"), "not rotated");
              };
            });

    report("client_credentials", appToken, "0");
    report("introspection", introspection, "0");
    report("revocation (refresh token)", revocation, "0");
    report("legacy refresh", legacyRefresh, "0");
    // Each reads the client's app at least: a count of 0 would mean the counter saw nothing.
    assertTrue(appToken >= 1 && introspection >= 1 && revocation >= 1 && legacyRefresh >= 1);
  }

  /**
   * An app registered on {@code node} and, when the node caches, in its cache to stay: the node's
   * change feed reads the registration back from the change log a moment later and drops the entry
   * once, as for a change made on another node.
   */
  private static TestApp registeredAndCached(Node node) {
    TestApp app = TestApps.app().registerOn(node.server());
    if (node == cached) {
      assertTrue(
          Eventually.within(
              Duration.ofSeconds(5),
              () ->
                  node.counter().during(() -> Endpoints.appToken(node.server(), app, "pins:read"))
                      == 0),
          "the app stays cached");
    }
    return app;
  }

  private static int exchange(Node node) {
    TestApp app = registeredAndCached(node);
    return most(
        node,
        () -> {
          String code = TestCodes.code(app).scopes("pins:read").issueOn(node.server());
          return () -> Endpoints.tokensOf(Endpoints.exchange(node.server(), app, code));
        });
  }

  private static int rotation(Node node) {
    TestApp app = registeredAndCached(node);
    return most(
        node,
        () -> {
          Tokens issued = Endpoints.issue(node.server(), app, "pinner", "pins:read");
          return () -> {
            Http.Response answer = Endpoints.refresh(node.server(), app, issued.refresh());
            Endpoints.tokensOf(answer);
            assertEquals("everlasting_refresh", answer.string("response_type"), "rotated");
          };
        });
  }

  private static void assertAtMost(int bound, String request, int roundTrips, String staleness) {
    report(request, roundTrips, staleness);
    assertTrue(
        roundTrips <= bound,
        "round trips of a " + request + " at cache.staleness=" + staleness + ": " + roundTrips);
  }

  /**
   * The most round trips of {@link #SAMPLES} requests, each prepared (uncounted) by {@code
   * prepare}, which returns the request to count.
   */
  private static int most(Node node, Supplier<Runnable> prepare) {
    int most = 0;
    for (int i = 0; i < SAMPLES; i++) {
      Runnable request = prepare.get();
      most = Math.max(most, node.counter().during(request));
    }
    return most;
  }

  /** One line of the table bench/run prints (it greps for the prefix). */
  private static void report(String request, int roundTrips, String staleness) {
    System.out.println(
        "Round trips per request on PostgreSQL: cache.staleness="
            + staleness
            + " | "
            + request
            + " | "
            + roundTrips);
  }
}
