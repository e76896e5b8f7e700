package org.pinoauth.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pinoauth.client.App;
import org.pinoauth.scope.Scopes;
import org.pinoauth.store.AuthorizationCode;
import org.pinoauth.store.RefreshToken;
import org.pinoauth.store.StoreException;
import org.pinoauth.testing.TestApps;
import org.pinoauth.testing.TestServerExtension;

/**
 * The units of work that span tables, on the real schema of each store the build tests (H2, then
 * PostgreSQL): a statement that fails late in a unit takes back what the other tables' stores wrote
 * earlier in it, and a unit that did not happen can happen afterwards.
 */
class TokenStoreUnitsIT {
  private static final Instant NOW = Instant.now();

  @RegisterExtension
  static final TestServerExtension server =
      TestServerExtension.of(builder -> builder.setting("purge.interval", "0"));

  private static DataSource dataSource;
  private static JdbcCodeStore codes;
  private static JdbcTokenStore tokens;

  @BeforeAll
  static void startServer() {
    dataSource = server.pinoauth().dataSource();
    codes = new JdbcCodeStore(dataSource);
    tokens = new JdbcTokenStore(dataSource, Clock.systemUTC());
  }

  @Test
  void redeemCodeWhenFirstRefreshTokenCannotBeStoredThenCodeUnredeemedAndNoFamilyStarted() {
    App app = registered();
    String taken = "taken-" + UUID.randomUUID();
    assertTrue(tokens.redeemCode(issuedCode(app), refresh(app, taken)).isPresent());
    String code = issuedCode(app);

    // The code is redeemed and its family started before the duplicate refresh hash fails.
    assertThrows(StoreException.class, () -> tokens.redeemCode(code, refresh(app, taken)));

    assertEquals(0, count("authorization_code", "code_hash", code, "AND redeemed_at IS NOT NULL"));
    assertEquals(0, count("token_family", "code_hash", code, ""));
    String fresh = "fresh-" + UUID.randomUUID();
    OptionalLong family = tokens.redeemCode(code, refresh(app, fresh));
    assertTrue(family.isPresent(), "the code was not spent by the unit that failed");
    assertEquals(1, count("token_family", "code_hash", code, ""));
    assertEquals(1, count("refresh_token", "token_hash", fresh, ""));
  }

  @Test
  void issueWhenCodeStoredThenItsConsentStoredInTheSameUnit() {
    App app = registered();
    String code = issuedCode(app);

    assertEquals(1, count("authorization_code", "code_hash", code, ""));
    assertEquals(
        Scopes.parse("pins:read"),
        new JdbcConsentStore(dataSource).approved("pinner", app.clientId()));
    // The same code again: the code's insert fails, so no second approval time is written either.
    assertThrows(StoreException.class, () -> codes.issue(code(app, code, "boards:read")));
    assertEquals(
        Scopes.parse("pins:read"),
        new JdbcConsentStore(dataSource).approved("pinner", app.clientId()));
  }

  @Test
  void revokeFamilyOfCodeThenFamilyAndEveryRefreshTokenRevokedTogether() {
    App app = registered();
    String code = issuedCode(app);
    String first = "first-" + UUID.randomUUID();
    long family = tokens.redeemCode(code, refresh(app, first)).getAsLong();
    String second = "second-" + UUID.randomUUID();
    assertTrue(tokens.addToFamily(family, refresh(app, second)));

    tokens.revokeFamilyOfCode(code);

    assertEquals(1, count("token_family", "code_hash", code, "AND revoked_at IS NOT NULL"));
    assertEquals(1, count("refresh_token", "token_hash", first, "AND revoked_at IS NOT NULL"));
    assertEquals(1, count("refresh_token", "token_hash", second, "AND revoked_at IS NOT NULL"));
    assertTrue(tokens.findRefreshToken(second).orElseThrow().revoked());
    assertFalse(tokens.addToFamily(family, refresh(app, "late-" + UUID.randomUUID())));
  }

  private static App registered() {
    App app = TestApps.app().build();
    new JdbcAppStore(dataSource).save(app);
    return app;
  }

  /** Issues a code for pins:read to "pinner"; returns its hash. */
  private static String issuedCode(App app) {
    String hash = "code-" + UUID.randomUUID();
    codes.issue(code(app, hash, "pins:read"));
    return hash;
  }

  private static AuthorizationCode code(App app, String hash, String scopes) {
    return new AuthorizationCode(
        hash,
        app.clientId(),
        "pinner",
        app.redirectUris().get(0),
        Scopes.parse(scopes),
        Optional.empty(),
        Optional.empty(),
        NOW,
        NOW.plus(Duration.ofMinutes(10)));
  }

  private static RefreshToken refresh(App app, String hash) {
    return new RefreshToken(
        hash,
        app.clientId(),
        "pinner",
        Scopes.parse("pins:read"),
        true,
        NOW,
        NOW.plus(Duration.ofDays(60)));
  }

  @Test
  void revokeFamilyWhenAlreadyRevokedThenNoSecondChangeRow() {
    App app = registered();
    long family =
        tokens.redeemCode(issuedCode(app), refresh(app, "twice-" + UUID.randomUUID())).getAsLong();

    tokens.revokeFamily(family);
    tokens.revokeFamily(family); // a client revoking the same token again

    // One row for every node's caches to act on; a repeat would make them all work for nothing.
    assertEquals(1, count("change_log", "subject", Long.toString(family), "AND kind = 'family'"));
  }

  private static long count(String table, String column, String value, String condition) {
    String sql = "SELECT COUNT(*) FROM " + table + " WHERE " + column + " = ? " + condition;
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select = connection.prepareStatement(sql)) {
      select.setString(1, value);
      try (ResultSet row = select.executeQuery()) {
        assertTrue(row.next());
        return row.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }
}
