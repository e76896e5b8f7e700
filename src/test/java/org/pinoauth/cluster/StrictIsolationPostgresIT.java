package org.pinoauth.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pinoauth.testing.Endpoints;
import org.pinoauth.testing.Http;
import org.pinoauth.testing.TestApps;
import org.pinoauth.testing.TestCodes;
import org.pinoauth.testing.TestDatabases;
import org.pinoauth.testing.TestServer;

/**
 * PostgreSQL at the isolation levels a container DataSource or a distributed SQL service may
 * impose: the database then settles some races by aborting a transaction (serialization failure,
 * deadlock) instead of making it wait, and pinoauth runs the aborted work again, so races still end
 * in the answers the contract gives, never in a 500.
 */
class StrictIsolationPostgresIT {
  private static final int REFRESHES = 64;
  private static final int FAMILIES = 16;
  private static final int EXCHANGES = 16;

  @ParameterizedTest
  @ValueSource(strings = {"repeatable read", "serializable"})
  void parallelRefreshesOfOneTokenThenOneWinnerAndInvalidGrantForEveryOther(String isolation)
      throws Exception {
    try (TestServer server = serverAt(isolation)) {
      TestApps.TestApp app = TestApps.app().registerOn(server);
      String refreshToken = Endpoints.issue(server, app, "pinner", "pins:read").refresh();
      List<Callable<Http.Response>> requests = new ArrayList<>();
      for (int i = 0; i < REFRESHES; i++) {
        requests.add(() -> Endpoints.refresh(server, app, refreshToken));
      }

      List<Http.Response> answers = allAtOnce(requests);

      assertOneWinnerOthersInvalidGrant(answers, "refresh");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"repeatable read", "serializable"})
  void parallelExchangesOfOneCodeThenOneWinnerAndInvalidGrantForEveryOther(String isolation)
      throws Exception {
    try (TestServer server = serverAt(isolation)) {
      TestApps.TestApp app = TestApps.app().registerOn(server);
      String code = TestCodes.code(app).scopes("pins:read").issueOn(server);
      List<Callable<Http.Response>> requests = new ArrayList<>();
      for (int i = 0; i < EXCHANGES; i++) {
        requests.add(() -> Endpoints.exchange(server, app, code));
      }

      List<Http.Response> answers = allAtOnce(requests);

      assertOneWinnerOthersInvalidGrant(answers, "exchange");
    }
  }

  /**
   * Deleting an app locks its row and then, by cascade, its tokens; a rotation locks its token and
   * then, checking the successor's foreign key, the app row: the two orders deadlock, and one of
   * them is aborted (this happens at READ COMMITTED too).
   */
  @ParameterizedTest
  @ValueSource(strings = {"read committed", "serializable"})
  void appDeletedWhileItsRefreshTokensRotateThenNoServerError(String isolation) throws Exception {
    try (TestServer server = serverAt(isolation)) {
      TestApps.TestApp app = TestApps.app().registerOn(server);
      List<Callable<Http.Response>> requests = new ArrayList<>();
      for (int i = 0; i < FAMILIES; i++) {
        String refreshToken = Endpoints.issue(server, app, "pinner", "pins:read").refresh();
        requests.add(() -> Endpoints.refresh(server, app, refreshToken));
      }
      URI appUri = server.uri("/admin/apps/" + app.clientId());
      requests.add(
          FAMILIES / 2,
          () ->
              Http.send(
                  HttpRequest.newBuilder(appUri)
                      .header("Authorization", Http.basic("admin", "admin"))
                      .header("Content-Type", "application/json")
                      .DELETE()
                      .build()));

      List<Http.Response> answers = allAtOnce(requests);

      Http.Response deleted = answers.get(FAMILIES / 2);
      assertEquals(204, deleted.status(), deleted.toString());
      for (Http.Response answer : answers) {
        assertTrue(answer.status() < 500, "server error: " + answer);
      }
      assertEquals(404, Http.get(appUri, "Authorization", Http.basic("admin", "admin")).status());
    }
  }

  private static TestServer serverAt(String isolation) throws Exception {
    String url = TestDatabases.postgresUrlFor(Files.createTempDirectory("pinoauth-isolation"));
    // PostgreSQL splits options at spaces; a backslash keeps "repeatable read" one value.
    String options = "-c default_transaction_isolation=" + isolation.replace(" ", "\\ ");
    return TestServer.builder()
        .setting("db.url", url + "&options=" + Http.encode(options))
        .setting("db.pool.size", "16")
        .start();
  }

  /** Sends every request at the same moment, each on a thread of its own; their answers. */
  private static List<Http.Response> allAtOnce(List<Callable<Http.Response>> requests)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(requests.size());
    CountDownLatch ready = new CountDownLatch(requests.size());
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<Http.Response>> futures = new ArrayList<>();
      for (Callable<Http.Response> request : requests) {
        futures.add(
            pool.submit(
                () -> {
                  ready.countDown();
                  assertTrue(start.await(30, TimeUnit.SECONDS), "start gate never opened");
                  return request.call();
                }));
      }
      assertTrue(ready.await(30, TimeUnit.SECONDS), "not every request thread started");
      start.countDown();
      List<Http.Response> answers = new ArrayList<>();
      for (Future<Http.Response> future : futures) {
        answers.add(future.get(60, TimeUnit.SECONDS));
      }
      return answers;
    } finally {
      pool.shutdownNow();
      assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
    }
  }

  /** Exactly one of {@code answers} is a 200; every other one is a 400 {@code invalid_grant}. */
  private static void assertOneWinnerOthersInvalidGrant(List<Http.Response> answers, String what) {
    int winners = 0;
    for (Http.Response answer : answers) {
      if (answer.status() == 200) {
        winners++;
      } else {
        assertEquals(400, answer.status(), answer.toString());
        assertEquals("invalid_grant", answer.string("error"), answer.toString());
      }
    }
    assertEquals(1, winners, "exactly one " + what + " wins");
  }
}
