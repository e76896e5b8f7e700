package org.pinoauth.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pinoauth.testing.Endpoints;
import org.pinoauth.testing.Endpoints.Tokens;
import org.pinoauth.testing.Http;
import org.pinoauth.testing.TestApps;
import org.pinoauth.testing.TestApps.TestApp;
import org.pinoauth.testing.TestCodes;
import org.pinoauth.testing.TestServer;
import org.pinoauth.token.TokenHasher;

/**
 * {@link TokenStore#purge} on the real H2 schema, with the schedule off ({@code purge.interval} 0)
 * so only the test purges: passing a later {@code now} stands in for time passing. Rows are looked
 * up by hash with plain SQL, and behaviour after a purge is checked over HTTP.
 */
class PurgeIT {
  /** What the listener passes: redeemed codes are kept as long as a refresh token lives. */
  private static final Duration RETENTION = Duration.ofDays(60);

  /** The default access token lifetime, which the listener passes too. */
  private static final Duration ACCESS_TTL = Duration.ofDays(30);

  private static TestServer server;

  @BeforeAll
  static void startServer() {
    server = TestServer.builder().setting("purge.interval", "0").start();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  private static long purgeAt(Instant now) {
    return server.pinoauth().tokens().purge(now, RETENTION, ACCESS_TTL);
  }

  @Test
  void purgeWhenRevokedAccessTokenExpiredThenRevocationDeletedAndUnexpiredRefreshTokenKept() {
    TestApp app = TestApps.app().registerOn(server);
    Tokens tokens = Endpoints.issue(server, app, "pinner", "pins:read");
    assertEquals(200, Endpoints.revoke(server, app, "token", tokens.access()).status());
    assertEquals(1, rows("revoked_access_token", "token_hash", tokens.access()));

    purgeAt(Instant.now().plus(Duration.ofDays(29)));
    assertEquals(1, rows("revoked_access_token", "token_hash", tokens.access()));
    purgeAt(Instant.now().plus(Duration.ofDays(30)).plus(Duration.ofHours(12)));
    assertEquals(1, rows("revoked_access_token", "token_hash", tokens.access()));
    long deleted = purgeAt(Instant.now().plus(Duration.ofDays(32)));

    assertTrue(deleted >= 1, "deleted " + deleted);
    assertEquals(0, rows("revoked_access_token", "token_hash", tokens.access()));
    assertEquals(1, rows("refresh_token", "token_hash", tokens.refresh()));
    Http.Response refreshed = Endpoints.refresh(server, app, tokens.refresh());
    assertEquals(200, refreshed.status(), refreshed.body());
  }

  @Test
  void purgeWhenRefreshTokenExpiredLessThanAnAccessTokenLifetimeAgoThenFamilyKept() {
    TestApp app = TestApps.app().registerOn(server);
    String code = TestCodes.code(app).scopes("pins:read").issueOn(server);
    Tokens tokens = Endpoints.tokensOf(Endpoints.exchange(server, app, code));

    // The refresh token expired after 60 days; an access token it gave out on its last day lives
    // 30 more, so the family that can revoke that access token must stay.
    purgeAt(Instant.now().plus(Duration.ofDays(61)));

    assertEquals(1, rows("refresh_token", "token_hash", tokens.refresh()));
    assertEquals(1, rows("token_family", "code_hash", code));
  }

  @Test
  void purgeWhenRefreshTokenAndRedeemedCodeRetentionExpiredThenEverythingOfFamilyDeleted() {
    TestApp app = TestApps.app().registerOn(server);
    String code = TestCodes.code(app).scopes("pins:read").issueOn(server);
    Tokens tokens = Endpoints.tokensOf(Endpoints.exchange(server, app, code));
    assertEquals(1, rows("token_family", "code_hash", code));

    long deleted = purgeAt(Instant.now().plus(Duration.ofDays(91)));

    assertTrue(deleted >= 3, "deleted " + deleted);
    assertEquals(0, rows("refresh_token", "token_hash", tokens.refresh()));
    assertEquals(0, rows("authorization_code", "code_hash", code));
    assertEquals(0, rows("token_family", "code_hash", code));
  }

  @Test
  void purgeWhenUnredeemedCodeExpiredThenDeletedAndUnexpiredCodeKept() {
    TestApp app = TestApps.app().registerOn(server);
    String expired =
        TestCodes.code(app).scopes("pins:read").issuedAgo(Duration.ofMinutes(11)).issueOn(server);
    String fresh = TestCodes.code(app).scopes("pins:read").issueOn(server);

    purgeAt(Instant.now());

    assertEquals(0, rows("authorization_code", "code_hash", expired));
    assertEquals(1, rows("authorization_code", "code_hash", fresh));
    Endpoints.tokensOf(Endpoints.exchange(server, app, fresh));
  }

  @Test
  void purgeWhenUnredeemedCodeExpiredLongAgoThenDeleted() {
    TestApp app = TestApps.app().registerOn(server);
    String code = TestCodes.code(app).scopes("pins:read").issueOn(server);

    purgeAt(Instant.now().plus(Duration.ofDays(61)));

    assertEquals(0, rows("authorization_code", "code_hash", code));
  }

  @Test
  void purgeWhenRedeemedCodeExpiredWithinRetentionThenKeptAndReplayStillDetected() {
    TestApp app = TestApps.app().registerOn(server);
    String code = TestCodes.code(app).scopes("pins:read").issueOn(server);
    Tokens tokens = Endpoints.tokensOf(Endpoints.exchange(server, app, code));

    purgeAt(Instant.now().plus(Duration.ofMinutes(11)));

    assertEquals(1, rows("authorization_code", "code_hash", code));
    Http.Response replayed = Endpoints.exchange(server, app, code);
    assertEquals(400, replayed.status(), replayed.body());
    assertEquals("invalid_grant", replayed.string("error"));
    assertFalse(Endpoints.isActive(server, app, tokens.access()));
  }

  @Test
  void purgeWhenRotatedRefreshTokenUnexpiredThenKeptAndReuseStillDetected() {
    TestApp app = TestApps.app().registerOn(server);
    Tokens first = Endpoints.issue(server, app, "pinner", "pins:read");
    Tokens successor = Endpoints.tokensOf(Endpoints.refresh(server, app, first.refresh()));

    purgeAt(Instant.now());

    assertEquals(
        1, rows("refresh_token", "token_hash", first.refresh(), "AND rotated_at IS NOT NULL"));
    Http.Response reused = Endpoints.refresh(server, app, first.refresh());
    assertEquals(400, reused.status(), reused.body());
    assertEquals("invalid_grant", reused.string("error"));
    Http.Response successorRefreshed = Endpoints.refresh(server, app, successor.refresh());
    assertEquals(400, successorRefreshed.status(), successorRefreshed.body());
    assertEquals("invalid_grant", successorRefreshed.string("error"));
    assertFalse(Endpoints.isActive(server, app, successor.access()));
  }

  /** How many rows of {@code table} have {@code column} = the hash of {@code value}. */
  private static long rows(String table, String column, String value) {
    return rows(table, column, value, "");
  }

  private static long rows(String table, String column, String value, String condition) {
    String sql = "SELECT COUNT(*) FROM " + table + " WHERE " + column + " = ? " + condition;
    try (Connection connection = server.pinoauth().dataSource().getConnection();
        PreparedStatement select = connection.prepareStatement(sql)) {
      select.setString(1, TokenHasher.hash(value));
      try (ResultSet row = select.executeQuery()) {
        assertTrue(row.next());
        return row.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }
}
