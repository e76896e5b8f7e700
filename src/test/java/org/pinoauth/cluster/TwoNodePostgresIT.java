package org.pinoauth.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pinoauth.testing.Browserless;
import org.pinoauth.testing.Endpoints;
import org.pinoauth.testing.HeldRow;
import org.pinoauth.testing.Http;
import org.pinoauth.testing.TestApps;
import org.pinoauth.testing.TestDatabases;
import org.pinoauth.testing.TestServer;
import org.pinoauth.testing.TokenAssertions;

/**
 * Two pinoauth nodes on one PostgreSQL, sharing no memory: whatever one node does, the other sees
 * at once, and a race between them has one winner, decided by the database.
 */
class TwoNodePostgresIT {
  private static TestServer nodeA;
  private static TestServer nodeB;

  @BeforeAll
  static void startTwoNodes() throws Exception {
    String url = TestDatabases.postgresUrlFor(Files.createTempDirectory("pinoauth-cluster"));
    nodeA = TestServer.builder().setting("db.url", url).start();
    nodeB = TestServer.builder().setting("db.url", url).start();
  }

  @AfterAll
  static void stopNodes() {
    nodeA.close();
    nodeB.close();
  }

  @Test
  void codeIssuedOnNodeAThenRedeemedOnNodeB() {
    TestApps.TestApp app = TestApps.app().registerOn(nodeA);
    String code = signInAndAllow(nodeA, app, "pins:read");

    Http.Response exchanged = Endpoints.exchange(nodeB, app, code);

    assertEquals(200, exchanged.status(), exchanged.body());
    assertEquals("pins:read", exchanged.string("scope"));
    assertEquals(400, Endpoints.exchange(nodeA, app, code).status(), "single use on every node");
  }

  /**
   * Signs in as {@code pinner} at the node's {@code /oauth/} and allows {@code scope}, as a browser
   * would; the code in the redirect to the app.
   */
  private static String signInAndAllow(TestServer node, TestApps.TestApp app, String scope) {
    Browserless browser = new Browserless();
    URI endpoint = node.uri("/oauth/");
    Http.Response signIn =
        browser.get(
            node.uri(
                "/oauth/?"
                    + Http.form(
                        "client_id",
                        app.clientId(),
                        "redirect_uri",
                        Endpoints.REDIRECT_URI,
                        "response_type",
                        "code",
                        "scope",
                        scope,
                        "state",
                        "xyz")));
    assertEquals(200, signIn.status(), signIn.body());
    Http.Response signedIn =
        browser.submit(endpoint, signIn, "username", "pinner", "password", "pinner");
    assertEquals(303, signedIn.status(), signedIn.toString());
    Http.Response consent = browser.follow(endpoint, signedIn);
    assertEquals(200, consent.status(), consent.body());
    Http.Response allowed = browser.submit(endpoint, consent, "action", "allow");
    assertEquals(302, allowed.status(), allowed.toString());
    String location = allowed.header("Location").orElseThrow();
    String prefix = Endpoints.REDIRECT_URI + "?";
    assertTrue(location.startsWith(prefix), location);
    Map<String, String> query = new HashMap<>();
    for (String pair : location.substring(prefix.length()).split("&")) {
      String[] nameValue = pair.split("=", 2);
      query.put(nameValue[0], URLDecoder.decode(nameValue[1], StandardCharsets.UTF_8));
    }
    assertEquals("xyz", query.get("state"), location);
    assertTrue(query.containsKey("code"), location);
    return query.get("code");
  }

  @Test
  void refreshRotatedOnNodeAThenReusedOnNodeBRevokesTheFamilyEverywhere() {
    TestApps.TestApp app = TestApps.app().registerOn(nodeA);
    Endpoints.Tokens first = Endpoints.issue(nodeA, app, "pinner", "pins:read");
    Endpoints.Tokens second = Endpoints.tokensOf(Endpoints.refresh(nodeA, app, first.refresh()));

    Http.Response reused = Endpoints.refresh(nodeB, app, first.refresh());

    assertEquals(400, reused.status(), reused.body());
    assertEquals("invalid_grant", reused.string("error"));
    assertEquals(400, Endpoints.refresh(nodeA, app, second.refresh()).status());
    assertFalse(Endpoints.isActive(nodeA, app, second.access()));
    assertFalse(Endpoints.isActive(nodeB, app, second.access()));
  }

  @Test
  void revokedOnNodeBThenInactiveOnNodeAAtOnce() {
    TestApps.TestApp app = TestApps.app().registerOn(nodeA);
    Endpoints.Tokens tokens = Endpoints.issue(nodeA, app, "pinner", "pins:read");

    assertEquals(200, Endpoints.revoke(nodeB, app, "token", tokens.access()).status());

    assertFalse(Endpoints.isActive(nodeA, app, tokens.access()));
  }

  @Test
  void secretRotatedOnOneNodeThenOldSecretFailsOnTheOther() {
    TestApps.TestApp app = TestApps.app().registerOn(nodeA);
    Http.Response rotated =
        Http.send(
            java.net.http.HttpRequest.newBuilder(
                    nodeA.uri("/admin/apps/" + app.clientId() + "/secret"))
                .header("Authorization", Http.basic("admin", "admin"))
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody())
                .build());
    assertEquals(200, rotated.status(), rotated.body());

    Http.Response oldSecret =
        Http.postForm(
            nodeB.uri("/v5/oauth/token"),
            Http.basic(app.clientId(), app.secret()),
            Http.form("grant_type", "client_credentials", "scope", "pins:read"));
    assertEquals(401, oldSecret.status(), oldSecret.body());
    Http.Response newSecret =
        Http.postForm(
            nodeB.uri("/v5/oauth/token"),
            Http.basic(app.clientId(), rotated.string("client_secret")),
            Http.form("grant_type", "client_credentials", "scope", "pins:read"));
    assertEquals(200, newSecret.status(), newSecret.body());
  }

  @Test
  void sixtyFourParallelRefreshesOverBothNodesThenExactlyOneWinner() throws Exception {
    int requests = 64;
    // Two nodes of their own, with a connection for each request that waits to rotate the held
    // row, and two more on one of them for the hold itself.
    String url = TestDatabases.postgresUrlFor(Files.createTempDirectory("pinoauth-race"));
    String poolSize = Integer.toString(requests / 2 + 4);
    try (TestServer raceA =
            TestServer.builder().setting("db.url", url).setting("db.pool.size", poolSize).start();
        TestServer raceB =
            TestServer.builder().setting("db.url", url).setting("db.pool.size", poolSize).start()) {
      TestApps.TestApp app = TestApps.app().registerOn(raceA);
      Endpoints.Tokens issued = Endpoints.issue(raceA, app, "pinner", "pins:read");
      ExecutorService pool = Executors.newFixedThreadPool(requests);
      List<Http.Response> answers = new ArrayList<>();
      try {
        List<Future<Http.Response>> futures = new ArrayList<>();
        // Every request reads the token live before any may rotate it: a race on both nodes.
        try (HeldRow row = HeldRow.refreshToken(raceA.pinoauth().dataSource(), issued.refresh())) {
          for (int i = 0; i < requests; i++) {
            TestServer node = i % 2 == 0 ? raceA : raceB;
            futures.add(pool.submit(() -> Endpoints.refresh(node, app, issued.refresh())));
          }
          row.awaitWaiters(requests, Duration.ofSeconds(20));
        }
        for (Future<Http.Response> future : futures) {
          answers.add(future.get(60, TimeUnit.SECONDS));
        }
      } finally {
        pool.shutdownNow();
      }

      List<Http.Response> winners = answers.stream().filter(a -> a.status() == 200).toList();
      assertEquals(
          1,
          winners.size(),
          "exactly one refresh wins: " + answers.stream().map(Http.Response::status).toList());
      for (Http.Response answer : answers) {
        if (answer.status() != 200) {
          TokenAssertions.assertInvalidGrant(answer);
          assertTrue(answer.string("message").contains("concurrent request"), answer.body());
        }
      }
      Endpoints.Tokens winner = Endpoints.tokensOf(winners.get(0));
      assertTrue(Endpoints.isActive(raceA, app, winner.access()), "the winner's token on node A");
      assertTrue(Endpoints.isActive(raceB, app, winner.access()), "the winner's token on node B");
      assertTrue(Endpoints.isActive(raceB, app, issued.access()), "nothing of the family revoked");
      Http.Response next = Endpoints.refresh(raceB, app, winner.refresh());
      assertEquals(200, next.status(), next.body());
    }
  }
}
