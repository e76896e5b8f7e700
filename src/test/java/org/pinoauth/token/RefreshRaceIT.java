package org.pinoauth.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pinoauth.testing.TokenAssertions.CONTINUOUS_REFRESH_SECONDS;
import static org.pinoauth.testing.TokenAssertions.assertOneWinner;
import static org.pinoauth.testing.TokenAssertions.assertWithRefresh;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pinoauth.testing.Endpoints;
import org.pinoauth.testing.Endpoints.Tokens;
import org.pinoauth.testing.HeldRow;
import org.pinoauth.testing.Http;
import org.pinoauth.testing.TestApps;
import org.pinoauth.testing.TestApps.TestApp;
import org.pinoauth.testing.TestServer;

/**
 * Many concurrent refreshes with one refresh token (CONTRACT §2.3): the database lets exactly one
 * of them rotate it, and every other request, having read the token live too, is refused with
 * {@code invalid_grant} and revokes nothing, so the winner's tokens stay valid. {@link HeldRow}
 * holds the token's row until every request has read it and waits to rotate it, so the requests
 * truly race. With a grace window (here 30 s) every loser is answered as a rotated token presented
 * again within it is: a pair of its own in the same family, nothing revoked.
 */
class RefreshRaceIT {
  private static final int REQUESTS = 32;

  private static TestServer noGrace;
  private static TestServer withGrace;

  @BeforeAll
  static void startServers() {
    // A connection for every request waiting to rotate, and two for the held row.
    String poolSize = Integer.toString(REQUESTS + 4);
    noGrace = TestServer.builder().setting("db.pool.size", poolSize).start();
    withGrace =
        TestServer.builder()
            .setting("db.pool.size", poolSize)
            .setting("refresh.reuse.grace", "30")
            .start();
  }

  @AfterAll
  static void stopServers() {
    noGrace.close();
    withGrace.close();
  }

  @Test
  void refreshWhen32ConcurrentRequestsWithSameTokenThenExactlyOneWinsAndItsTokensStayValid()
      throws Exception {
    assertExactlyOneWinnerWithLiveTokens(noGrace);
  }

  @Test
  void refreshWhen32ConcurrentRequestsWithinGraceWindowThenEachAnsweredAndNothingRevoked()
      throws Exception {
    TestApp app = TestApps.app().registerOn(withGrace);
    Tokens issued = Endpoints.issue(withGrace, app, "pinner", "pins:read");

    List<Http.Response> answers = race(withGrace, app, issued.refresh());

    Set<String> refreshTokens = new HashSet<>();
    for (Http.Response answer : answers) {
      assertWithRefresh(answer, "everlasting_refresh", "pins:read", CONTINUOUS_REFRESH_SECONDS);
      refreshTokens.add(answer.string("refresh_token"));
    }
    assertEquals(REQUESTS, refreshTokens.size(), "a refresh token of its own for each request");
    assertTrue(Endpoints.isActive(withGrace, app, issued.access()), "the family is not revoked");
    for (Http.Response answer : List.of(answers.get(0), answers.get(REQUESTS - 1))) {
      Tokens answered = Endpoints.tokensOf(answer);
      assertTrue(Endpoints.isActive(withGrace, app, answered.access()));
      assertEquals(200, Endpoints.refresh(withGrace, app, answered.refresh()).status());
    }
  }

  private static void assertExactlyOneWinnerWithLiveTokens(TestServer server) throws Exception {
    TestApp app = TestApps.app().registerOn(server);
    Tokens issued = Endpoints.issue(server, app, "pinner", "pins:read");

    List<Http.Response> answers = race(server, app, issued.refresh());

    Http.Response won = assertOneWinner(answers, "concurrent request");
    assertWithRefresh(won, "everlasting_refresh", "pins:read", CONTINUOUS_REFRESH_SECONDS);
    Tokens winner = Endpoints.tokensOf(won);
    assertTrue(Endpoints.isActive(server, app, winner.access()), "the winner's access token");
    assertTrue(Endpoints.isActive(server, app, issued.access()), "the family must not be revoked");
    Http.Response next = Endpoints.refresh(server, app, winner.refresh());
    assertWithRefresh(next, "everlasting_refresh", "pins:read", CONTINUOUS_REFRESH_SECONDS);
  }

  /**
   * Presents {@code refreshToken} {@link #REQUESTS} times at once, and lets them rotate it only
   * once all of them wait to; the answers, in any order.
   */
  private static List<Http.Response> race(TestServer server, TestApp app, String refreshToken)
      throws Exception {
    try (HeldRow row = HeldRow.refreshToken(server.pinoauth().dataSource(), refreshToken)) {
      return row.race(REQUESTS, () -> Endpoints.refresh(server, app, refreshToken));
    }
  }
}
