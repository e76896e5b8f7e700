package org.pinoauth.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pinoauth.client.RefreshMode;
import org.pinoauth.testing.Endpoints;
import org.pinoauth.testing.Endpoints.Tokens;
import org.pinoauth.testing.Http;
import org.pinoauth.testing.RoundTripCounter;
import org.pinoauth.testing.TestApps;
import org.pinoauth.testing.TestApps.TestApp;
import org.pinoauth.testing.TestCodes;
import org.pinoauth.testing.TestDatabases;
import org.pinoauth.testing.TestServer;

/**
 * The database round trips (statements executed, commits, rollbacks) one token request costs on
 * PostgreSQL, counted under the server's container DataSource while it serves real HTTP: a code
 * exchange and a rotating refresh take at most three (the app of the client authentication, one
 * read of everything the grant needs, one auto-committed write), as bench/README.md states. The
 * other requests' counts are printed for that table. The server runs with its defaults ({@code
 * cache.staleness=0}: the app is read on every request); the purger is off, so that nothing but the
 * request itself uses the DataSource while it is counted.
 */
class RoundTripsPostgresIT {
  private static final int SAMPLES = 3;

  private static HikariDataSource pool;
  private static RoundTripCounter counter;
  private static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    Path dir = Files.createTempDirectory("pinoauth-round-trips");
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(TestDatabases.postgresUrlFor(dir));
    config.setMaximumPoolSize(4);
    pool = new HikariDataSource(config);
    counter = RoundTripCounter.over(pool);
    server =
        TestServer.builder()
            .dataDir(dir)
            .containerDataSource(counter.dataSource())
            .setting("purge.interval", "0")
            .start();
  }

  @AfterAll
  static void stop() {
    server.close();
    pool.close();
  }

  @Test
  void exchangeWhenCodeValidThenAtMostThreeRoundTrips() {
    TestApp app = TestApps.app().registerOn(server);

    int most =
        most(
            () -> {
              String code = TestCodes.code(app).scopes("pins:read").issueOn(server);
              return () -> Endpoints.tokensOf(Endpoints.exchange(server, app, code));
            });

    report("code exchange", most);
    assertTrue(most <= 3, "round trips of a code exchange: " + most);
  }

  @Test
  void refreshWhenTokenRotatesThenAtMostThreeRoundTrips() {
    TestApp app = TestApps.app().registerOn(server);

    int most =
        most(
            () -> {
              Tokens issued = Endpoints.issue(server, app, "pinner", "pins:read");
              return () -> {
                Http.Response answer = Endpoints.refresh(server, app, issued.refresh());
                Endpoints.tokensOf(answer);
                assertEquals("everlasting_refresh", answer.string("response_type"), "rotated");
              };
            });

    report("rotating refresh", most);
    assertTrue(most <= 3, "round trips of a rotating refresh: " + most);
  }

  @Test
  void otherRequestsWhenServedThenTheirRoundTripsReported() {
    TestApp app = TestApps.app().registerOn(server);
    TestApp legacy = TestApps.app().refreshMode(RefreshMode.LEGACY).registerOn(server);

    int appToken = most(() -> () -> Endpoints.appToken(server, app, "pins:read"));
    int introspection =
        most(
            () -> {
              String token = Endpoints.appToken(server, app, "pins:read");
              return () -> assertTrue(Endpoints.isActive(server, app, token));
            });
    int revocation =
        most(
            () -> {
              Tokens issued = Endpoints.issue(server, app, "pinner", "pins:read");
              return () ->
                  assertEquals(
                      200, Endpoints.revoke(server, app, "token", issued.refresh()).status());
            });
    int legacyRefresh =
        most(
            () -> {
              Tokens issued = Endpoints.issue(server, legacy, "pinner", "pins:read");
              return () -> {
                Http.Response answer = Endpoints.refresh(server, legacy, issued.refresh());
                assertEquals(200, answer.status(), answer.body());
                assertEquals("refresh_token", answer.string("response_type"), "not rotated");
              };
            });

    report("client_credentials", appToken);
    report("introspection", introspection);
    report("revocation (refresh token)", revocation);
    report("legacy refresh", legacyRefresh);
    // Each reads the client's app at least: a count of 0 would mean the counter saw nothing.
    assertTrue(appToken >= 1 && introspection >= 1 && revocation >= 1 && legacyRefresh >= 1);
  }

  /**
   * The most round trips of {@link #SAMPLES} requests, each prepared (uncounted) by {@code
   * prepare}, which returns the request to count.
   */
  private static int most(Supplier<Runnable> prepare) {
    int most = 0;
    for (int i = 0; i < SAMPLES; i++) {
      Runnable request = prepare.get();
      most = Math.max(most, counter.during(request));
    }
    return most;
  }

  private static void report(String request, int roundTrips) {
    System.out.println("Round trips per request on PostgreSQL: " + request + " " + roundTrips);
  }
}
