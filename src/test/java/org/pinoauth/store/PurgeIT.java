package org.pinoauth.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pinoauth.client.RefreshMode;
import org.pinoauth.crypto.TokenHasher;
import org.pinoauth.store.jdbc.JdbcPurge;
import org.pinoauth.store.jdbc.JdbcRevokedAccessTokenStore;
import org.pinoauth.testing.Endpoints;
import org.pinoauth.testing.Endpoints.Tokens;
import org.pinoauth.testing.HeldRow;
import org.pinoauth.testing.Http;
import org.pinoauth.testing.MutableClock;
import org.pinoauth.testing.TestApps;
import org.pinoauth.testing.TestApps.TestApp;
import org.pinoauth.testing.TestCodes;
import org.pinoauth.testing.TestDatabases;
import org.pinoauth.testing.TestServerExtension;
import org.pinoauth.token.TokenMinter;

/**
 * {@link Purge#purge} ({@link JdbcPurge}) on the real schema, with the schedule off ({@code
 * purge.interval} 0) so only the test purges: passing a later {@code now} stands in for time
 * passing, and where tokens must be used over a long time, the server's {@link MutableClock} moves.
 * Rows are looked up by hash with plain SQL, and behaviour after a purge is checked over HTTP.
 */
class PurgeIT {
  /**
   * What the listener passes as the redeemed code retention: the longest refresh token lifetime,
   * {@code max(refresh.token.ttl, legacy.refresh.token.ttl)}, 365 days by default.
   */
  private static final Duration RETENTION = Duration.ofDays(365);

  /** The default access token lifetime, which the listener passes too. */
  private static final Duration ACCESS_TTL = Duration.ofDays(30);

  private static final MutableClock CLOCK = new MutableClock(Instant.now());

  @RegisterExtension
  static final TestServerExtension server =
      TestServerExtension.of(builder -> builder.setting("purge.interval", "0").clock(CLOCK));

  @BeforeEach
  void serverClockNow() {
    CLOCK.set(Instant.now());
  }

  private static long purgeAt(Instant now) {
    return new JdbcPurge(server.pinoauth().dataSource()).purge(now, RETENTION, ACCESS_TTL);
  }

  @Test
  void purgeWhenRevokedAccessTokenExpiredThenRevocationDeletedAndUnexpiredRefreshTokenKept() {
    TestApp app = TestApps.app().registerOn(server.get());
    Tokens tokens = Endpoints.issue(server.get(), app, "pinner", "pins:read");
    assertEquals(200, Endpoints.revoke(server.get(), app, "token", tokens.access()).status());
    assertEquals(1, rows("revoked_access_token", "token_hash", tokens.access()));

    purgeAt(Instant.now().plus(Duration.ofDays(29)));
    assertEquals(1, rows("revoked_access_token", "token_hash", tokens.access()));
    purgeAt(Instant.now().plus(Duration.ofDays(30)).plus(Duration.ofHours(12)));
    assertEquals(1, rows("revoked_access_token", "token_hash", tokens.access()));
    long deleted = purgeAt(Instant.now().plus(Duration.ofDays(32)));

    assertTrue(deleted >= 1, "deleted " + deleted);
    assertEquals(0, rows("revoked_access_token", "token_hash", tokens.access()));
    assertEquals(1, rows("refresh_token", "token_hash", tokens.refresh()));
    Http.Response refreshed = Endpoints.refresh(server.get(), app, tokens.refresh());
    assertEquals(200, refreshed.status(), refreshed.body());
  }

  @Test
  void purgeWhenChangeLogRowOlderThanAnHourThenDeletedAndYoungerKept() {
    TestApp app = TestApps.app().registerOn(server.get());
    Tokens tokens = Endpoints.issue(server.get(), app, "pinner", "pins:read");
    assertEquals(200, Endpoints.revoke(server.get(), app, "token", tokens.access()).status());
    assertEquals(1, rows("change_log", "subject", tokens.access(), "AND kind = 'access_token'"));

    purgeAt(Instant.now().plus(Duration.ofMinutes(59)));
    assertEquals(1, rows("change_log", "subject", tokens.access()));
    purgeAt(Instant.now().plus(Duration.ofMinutes(61)));

    assertEquals(0, rows("change_log", "subject", tokens.access()));
  }

  @Test
  void purgeWhenRefreshTokenExpiredLessThanAnAccessTokenLifetimeAgoThenFamilyKept() {
    TestApp app = TestApps.app().registerOn(server.get());
    String code = TestCodes.code(app).scopes("pins:read").issueOn(server.get());
    Tokens tokens = Endpoints.tokensOf(Endpoints.exchange(server.get(), app, code));

    // The refresh token expired after 60 days; an access token it gave out on its last day lives
    // 30 more, so the family that can revoke that access token must stay.
    purgeAt(Instant.now().plus(Duration.ofDays(61)));

    assertEquals(1, rows("refresh_token", "token_hash", tokens.refresh()));
    assertEquals(1, rows("token_family", "code_hash", code));
  }

  @Test
  void purgeWhenRefreshTokenAndRedeemedCodeRetentionExpiredThenEverythingOfFamilyDeleted() {
    TestApp app = TestApps.app().registerOn(server.get());
    String code = TestCodes.code(app).scopes("pins:read").issueOn(server.get());
    Tokens tokens = Endpoints.tokensOf(Endpoints.exchange(server.get(), app, code));
    assertEquals(1, rows("token_family", "code_hash", code));

    // The refresh token expired after 60 days and its family can revoke nothing after 90; the code
    // has been kept for the retention past its expiry.
    long deleted = purgeAt(Instant.now().plus(RETENTION).plus(Duration.ofDays(1)));

    assertTrue(deleted >= 3, "deleted " + deleted);
    assertEquals(0, rows("refresh_token", "token_hash", tokens.refresh()));
    assertEquals(0, rows("authorization_code", "code_hash", code));
    assertEquals(0, rows("token_family", "code_hash", code));
  }

  @Test
  void purgeWhenUnredeemedCodeExpiredThenDeletedAndUnexpiredCodeKept() {
    TestApp app = TestApps.app().registerOn(server.get());
    String expired =
        TestCodes.code(app)
            .scopes("pins:read")
            .issuedAgo(Duration.ofMinutes(11))
            .issueOn(server.get());
    String fresh = TestCodes.code(app).scopes("pins:read").issueOn(server.get());

    purgeAt(Instant.now());

    assertEquals(0, rows("authorization_code", "code_hash", expired));
    assertEquals(1, rows("authorization_code", "code_hash", fresh));
    Endpoints.tokensOf(Endpoints.exchange(server.get(), app, fresh));
  }

  @Test
  void purgeWhenUnredeemedCodeExpiredLongAgoThenDeleted() {
    TestApp app = TestApps.app().registerOn(server.get());
    String code = TestCodes.code(app).scopes("pins:read").issueOn(server.get());

    purgeAt(Instant.now().plus(Duration.ofDays(61)));

    assertEquals(0, rows("authorization_code", "code_hash", code));
  }

  @Test
  void purgeWhenRedeemedCodeExpiredWithinRetentionThenKeptAndReplayStillDetected() {
    TestApp app = TestApps.app().registerOn(server.get());
    String code = TestCodes.code(app).scopes("pins:read").issueOn(server.get());
    Tokens tokens = Endpoints.tokensOf(Endpoints.exchange(server.get(), app, code));

    purgeAt(Instant.now().plus(Duration.ofMinutes(11)));

    assertEquals(1, rows("authorization_code", "code_hash", code));
    Http.Response replayed = Endpoints.exchange(server.get(), app, code);
    assertEquals(400, replayed.status(), replayed.body());
    assertEquals("invalid_grant", replayed.string("error"));
    assertFalse(Endpoints.isActive(server.get(), app, tokens.access()));
  }

  @Test
  void purgeWhenRotatedRefreshTokenUnexpiredThenKeptAndReuseStillDetected() {
    TestApp app = TestApps.app().registerOn(server.get());
    Tokens first = Endpoints.issue(server.get(), app, "pinner", "pins:read");
    Tokens successor = Endpoints.tokensOf(Endpoints.refresh(server.get(), app, first.refresh()));

    purgeAt(Instant.now());

    assertEquals(
        1, rows("refresh_token", "token_hash", first.refresh(), "AND rotated_at IS NOT NULL"));
    Http.Response reused = Endpoints.refresh(server.get(), app, first.refresh());
    assertEquals(400, reused.status(), reused.body());
    assertEquals("invalid_grant", reused.string("error"));
    Http.Response successorRefreshed = Endpoints.refresh(server.get(), app, successor.refresh());
    assertEquals(400, successorRefreshed.status(), successorRefreshed.body());
    assertEquals("invalid_grant", successorRefreshed.string("error"));
    assertFalse(Endpoints.isActive(server.get(), app, successor.access()));
  }

  @Test
  void purgeWhenFamilyRotatedRecentlyThenCodeKeptPastRetentionAndReplayStillRevokes() {
    TestApp app = TestApps.app().registerOn(server.get());
    String code = TestCodes.code(app).scopes("pins:read").issueOn(server.get());
    Tokens latest = Endpoints.tokensOf(Endpoints.exchange(server.get(), app, code));
    // A continuous refresh token lives 60 days and each rotation renews the family, so a user who
    // comes back every 50 days keeps one authorization for longer than the code retention.
    for (int days = 50; days <= 400; days += 50) {
      CLOCK.advance(Duration.ofDays(50));
      latest = Endpoints.tokensOf(Endpoints.refresh(server.get(), app, latest.refresh()));
    }

    purgeAt(CLOCK.instant());

    assertEquals(1, rows("authorization_code", "code_hash", code));
    Http.Response replayed = Endpoints.exchange(server.get(), app, code);
    assertEquals(400, replayed.status(), replayed.body());
    assertEquals("invalid_grant", replayed.string("error"));
    assertFalse(Endpoints.isActive(server.get(), app, latest.access()));
    Http.Response refreshed = Endpoints.refresh(server.get(), app, latest.refresh());
    assertEquals(400, refreshed.status(), refreshed.body());
  }

  @Test
  void purgeWhenLastRefreshTokenExpiredLessThanAnAccessTokenLifetimeAgoThenCodeKept() {
    TestApp app = TestApps.app().refreshMode(RefreshMode.LEGACY).registerOn(server.get());
    String code = TestCodes.code(app).scopes("pins:read").issueOn(server.get());
    Endpoints.tokensOf(Endpoints.exchange(server.get(), app, code));

    // The 365-day refresh token expired a day ago; an access token it gave out on its last day
    // lives 29 more, and a replayed code must still be able to revoke it.
    purgeAt(Instant.now().plus(Duration.ofDays(366)));
    assertEquals(1, rows("authorization_code", "code_hash", code));

    purgeAt(Instant.now().plus(Duration.ofDays(396)));
    assertEquals(0, rows("authorization_code", "code_hash", code));
    assertEquals(0, rows("token_family", "code_hash", code));
  }

  @Test
  void purgeWhenFamilyRevokedThenItsRedeemedCodeDeletedAfterRetention() {
    TestApp app = TestApps.app().refreshMode(RefreshMode.LEGACY).registerOn(server.get());
    String code = TestCodes.code(app).scopes("pins:read").issueOn(server.get());
    Tokens tokens = Endpoints.tokensOf(Endpoints.exchange(server.get(), app, code));
    assertEquals(200, Endpoints.revoke(server.get(), app, "token", tokens.refresh()).status());

    purgeAt(Instant.now().plus(RETENTION).minus(Duration.ofDays(1)));
    assertEquals(1, rows("authorization_code", "code_hash", code));
    purgeAt(Instant.now().plus(RETENTION).plus(Duration.ofDays(1)));

    assertEquals(0, rows("authorization_code", "code_hash", code));
    assertEquals(1, rows("refresh_token", "token_hash", tokens.refresh()));
  }

  @Test
  void purgeWhenThousandsOfRowsGoThenConcurrentRequestsKeepAnswering() throws Exception {
    // Holding one row holds every write on SQLite, the purge's and the requests' alike: its one
    // writer batches them in turn, 1,000 rows of the purge a unit (SqliteWriterTest).
    assumeFalse(TestDatabases.sqliteSelected(), "row locks: not on SQLite's one writer");
    TestApp app = TestApps.app().registerOn(server.get());
    Tokens tokens = Endpoints.issue(server.get(), app, "pinner", "pins:read");
    // Past the day of slack the purge gives revocations of expired tokens.
    Instant expired = Instant.now().minus(Duration.ofDays(2)).truncatedTo(ChronoUnit.MILLIS);
    List<String> seeded = seedRevocations(3_000, expired);
    String expiredRows = "SELECT COUNT(*) FROM revoked_access_token WHERE expires_at <= ?";
    assertTrue(count(expiredRows, expired.toEpochMilli()) >= seeded.size());
    ExecutorService purging = Executors.newSingleThreadExecutor();
    try {
      Future<Long> purge;
      // The purge's delete of the held row waits inside a batch transaction, so the purge is
      // provably in progress while the requests below run.
      try (HeldRow held =
          HeldRow.of(
              server.pinoauth().dataSource(),
              "revoked_access_token",
              "token_hash",
              seeded.get(0))) {
        purge = purging.submit(() -> purgeAt(Instant.now()));
        held.awaitWaiters(1, Duration.ofSeconds(8));

        for (int i = 0; i < 3; i++) {
          String appToken = Endpoints.appToken(server.get(), app, "pins:read");
          assertTrue(Endpoints.isActive(server.get(), app, appToken));
          assertTrue(Endpoints.isActive(server.get(), app, tokens.access()));
          assertEquals(200, Endpoints.revoke(server.get(), app, "token", appToken).status());
          assertFalse(Endpoints.isActive(server.get(), app, appToken));
          tokens = Endpoints.tokensOf(Endpoints.refresh(server.get(), app, tokens.refresh()));
        }
        assertFalse(purge.isDone(), "the purge ended while its row was held");
      }

      assertTrue(purge.get(30, TimeUnit.SECONDS) >= seeded.size());
      assertEquals(0, count(expiredRows, expired.toEpochMilli()));
      assertTrue(Endpoints.isActive(server.get(), app, tokens.access()));
    } finally {
      purging.shutdownNow();
      assertTrue(purging.awaitTermination(30, TimeUnit.SECONDS));
    }
  }

  /**
   * Revokes {@code count} access tokens that expire at {@code expiresAt}, through the store as the
   * revocation endpoint does, from several threads; returns the stored hashes.
   */
  private static List<String> seedRevocations(int count, Instant expiresAt) throws Exception {
    TokenMinter minter = new TokenMinter();
    List<String> hashes =
        IntStream.range(0, count)
            .mapToObj(i -> TokenHasher.hash(minter.mint(TokenMinter.ACCESS_TOKEN_PREFIX)))
            .toList();
    JdbcRevokedAccessTokenStore revocations =
        new JdbcRevokedAccessTokenStore(server.pinoauth().dataSource());
    ExecutorService seeding = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> writes = new ArrayList<>();
      for (String hash : hashes) {
        writes.add(seeding.submit(() -> revocations.revoke(hash, expiresAt)));
      }
      for (Future<?> write : writes) {
        write.get(60, TimeUnit.SECONDS);
      }
    } finally {
      seeding.shutdownNow();
    }
    return hashes;
  }

  private static long count(String sql, long parameter) {
    try (Connection connection = server.pinoauth().dataSource().getConnection();
        PreparedStatement select = connection.prepareStatement(sql)) {
      select.setLong(1, parameter);
      try (ResultSet row = select.executeQuery()) {
        assertTrue(row.next());
        return row.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
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
