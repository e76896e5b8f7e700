package org.pinoauth.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pinoauth.testing.Endpoints;
import org.pinoauth.testing.Endpoints.Tokens;
import org.pinoauth.testing.Http;
import org.pinoauth.testing.TestApps;
import org.pinoauth.testing.TestApps.TestApp;
import org.pinoauth.testing.TestServer;

/**
 * Many concurrent refreshes with one refresh token: the database lets exactly one of them rotate
 * it, and every other request is refused as a reuse, never with a server error.
 */
class RefreshRaceIT {
  private static final int REQUESTS = 32;

  private static TestServer server;

  @BeforeAll
  static void startServer() {
    server = TestServer.start();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @Test
  void refreshWhen32ConcurrentRequestsWithSameTokenThenExactlyOneSucceeds() throws Exception {
    TestApp app = TestApps.app().registerOn(server);
    Tokens tokens = Endpoints.issue(server, app, "pinner", "pins:read");
    ExecutorService pool = Executors.newFixedThreadPool(REQUESTS);
    CountDownLatch ready = new CountDownLatch(REQUESTS);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Http.Response>> futures = new ArrayList<>();
    try {
      for (int i = 0; i < REQUESTS; i++) {
        futures.add(
            pool.submit(
                () -> {
                  ready.countDown();
                  assertTrue(start.await(30, TimeUnit.SECONDS), "start gate never opened");
                  return Endpoints.refresh(server, app, tokens.refresh());
                }));
      }
      assertTrue(ready.await(30, TimeUnit.SECONDS), "not every request thread started");
      start.countDown();

      List<Http.Response> answers = new ArrayList<>();
      for (Future<Http.Response> future : futures) {
        answers.add(future.get(60, TimeUnit.SECONDS));
      }

      List<Http.Response> succeeded =
          answers.stream().filter(answer -> answer.status() == 200).toList();
      assertEquals(1, succeeded.size(), "successes: " + succeeded);
      assertTrue(succeeded.get(0).string("refresh_token").startsWith("pinr_"));
      for (Http.Response answer : answers) {
        assertTrue(answer.status() < 500, "server error: " + answer);
        if (answer.status() != 200) {
          assertEquals(400, answer.status(), answer.body());
          assertEquals("invalid_grant", answer.string("error"), answer.body());
        }
      }
    } finally {
      pool.shutdownNow();
      assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
    }
  }
}
