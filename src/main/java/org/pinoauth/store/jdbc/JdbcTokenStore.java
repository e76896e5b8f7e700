package org.pinoauth.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import javax.sql.DataSource;
import org.pinoauth.scope.Scopes;
import org.pinoauth.store.RefreshToken;
import org.pinoauth.store.StoreException;
import org.pinoauth.store.StoredRefreshToken;
import org.pinoauth.store.TokenStore;

/**
 * {@link TokenStore} on the {@code token_family}, {@code refresh_token} and {@code
 * revoked_access_token} tables. Each race (two redemptions of one code, two rotations of one
 * refresh token) is decided by one conditional {@code UPDATE}: the database lets exactly one of
 * them change the row.
 *
 * <p>A family's {@code revoked_at} is the truth about its tokens: readers check it, so a token
 * inserted while its family was being revoked is dead all the same.
 */
public final class JdbcTokenStore implements TokenStore {
  private static final String REDEEM_CODE =
      "UPDATE authorization_code SET redeemed_at = ? WHERE code_hash = ? AND redeemed_at IS NULL";
  private static final String INSERT_FAMILY =
      "INSERT INTO token_family (client_id, username, code_hash, created_at) VALUES (?, ?, ?, ?)";
  private static final String INSERT_REFRESH =
      "INSERT INTO refresh_token (token_hash, family_id, client_id, username, scope, rotating,"
          + " issued_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
  private static final String FIND_REFRESH =
      "SELECT r.family_id, r.client_id, r.username, r.scope, r.rotating, r.issued_at,"
          + " r.expires_at, r.rotated_at, r.revoked_at, f.revoked_at"
          + " FROM refresh_token r JOIN token_family f ON f.id = r.family_id"
          + " WHERE r.token_hash = ?";
  private static final String LIVE_REFRESH =
      " WHERE token_hash = ? AND rotated_at IS NULL AND revoked_at IS NULL AND expires_at > ?"
          + " AND EXISTS (SELECT 1 FROM token_family f"
          + " WHERE f.id = refresh_token.family_id AND f.revoked_at IS NULL)";
  private static final String RETIRE_REFRESH =
      "UPDATE refresh_token SET rotated_at = ?" + LIVE_REFRESH;
  private static final String LIVE_FAMILY =
      "SELECT id FROM token_family WHERE id = ? AND revoked_at IS NULL FOR UPDATE";
  private static final String REVOKE_FAMILY =
      "UPDATE token_family SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL";
  private static final String REVOKE_FAMILY_REFRESH =
      "UPDATE refresh_token SET revoked_at = ? WHERE family_id = ? AND revoked_at IS NULL";
  private static final String FAMILIES_OF_CODE = "SELECT id FROM token_family WHERE code_hash = ?";
  private static final String FAMILY_TOKEN_LIVE =
      "SELECT NOT EXISTS (SELECT 1 FROM revoked_access_token WHERE token_hash = ?)"
          + " AND EXISTS (SELECT 1 FROM token_family"
          + " WHERE id = ? AND client_id = ? AND username = ? AND revoked_at IS NULL)";
  // An app deleted and registered again under its old id does not bring its old tokens back: the
  // new registration has another created_at. An app token acts for the app's owner, so it ends
  // when an operator gives the app another owner.
  private static final String APP_TOKEN_LIVE =
      "SELECT NOT EXISTS (SELECT 1 FROM revoked_access_token WHERE token_hash = ?)"
          + " AND EXISTS (SELECT 1 FROM app"
          + " WHERE client_id = ? AND created_at = ? AND owner_username = ?)";
  private static final String REVOKE_ACCESS =
      "INSERT INTO revoked_access_token (token_hash, expires_at) VALUES (?, ?)"
          + " ON CONFLICT DO NOTHING";
  private static final int PURGE_BATCH = 1_000;
  private static final Purge REVOCATIONS =
      new Purge("revoked_access_token", "token_hash", "VARCHAR", "t.expires_at < ?");
  private static final Purge REFRESH_TOKENS =
      new Purge("refresh_token", "token_hash", "VARCHAR", "t.expires_at < ?");
  private static final Purge UNREDEEMED_CODES =
      new Purge(
          "authorization_code",
          "code_hash",
          "VARCHAR",
          "t.expires_at < ? AND t.redeemed_at IS NULL");
  // A redeemed code stays while replaying it can still revoke something: while its family is
  // unrevoked and holds a refresh token the purge keeps (one that expired less than an access
  // token lifetime ago, so the access tokens it gave out may live). A continuous family renews
  // itself with every rotation and can outlive any fixed retention.
  private static final Purge REDEEMED_CODES =
      new Purge(
          "authorization_code",
          "code_hash",
          "VARCHAR",
          "t.expires_at < ? AND t.redeemed_at IS NOT NULL"
              + " AND NOT EXISTS (SELECT 1 FROM token_family f JOIN refresh_token r"
              + " ON r.family_id = f.id WHERE f.code_hash = t.code_hash AND f.revoked_at IS NULL"
              + " AND r.expires_at >= ?)");
  // A family stands while it has a refresh token or its code (kept for replay detection). Every
  // access token of a family was issued while one of its refresh tokens was live, and refresh
  // tokens stay an access token lifetime past their expiry, so no live access token loses its
  // family. New families are spared for an hour: one may be in flight.
  private static final Purge FAMILIES =
      new Purge(
          "token_family",
          "id",
          "BIGINT",
          "t.created_at < ?"
              + " AND NOT EXISTS (SELECT 1 FROM refresh_token r WHERE r.family_id = t.id)"
              + " AND NOT EXISTS"
              + " (SELECT 1 FROM authorization_code c WHERE c.code_hash = t.code_hash)");

  /**
   * One kind of row the purge deletes: those of {@code table} that meet {@code condition} (on alias
   * {@code t}). A batch reads up to {@link #PURGE_BATCH} keys, then deletes those that still meet
   * the condition in one statement. Not {@code DELETE ... WHERE key IN (SELECT ... LIMIT n)}: H2
   * runs that subquery again for every row it scans, as the delete changes the table, so 3,000
   * expired rows took 7 s to purge on H2 that way, and take 0.3 s this way.
   */
  private record Purge(String table, String key, String keyType, String condition) {
    String select() {
      return "SELECT t."
          + key
          + " FROM "
          + table
          + " t WHERE "
          + condition
          + " LIMIT "
          + PURGE_BATCH;
    }

    String delete() {
      return "DELETE FROM " + table + " t WHERE t." + key + " = ANY (?) AND " + condition;
    }
  }

  private final Jdbc jdbc;
  private final Clock clock;

  public JdbcTokenStore(DataSource dataSource, Clock clock) {
    this.jdbc = new Jdbc(dataSource);
    this.clock = clock;
  }

  @Override
  public OptionalLong redeemCode(String codeHash, RefreshToken refresh) {
    return jdbc.transaction(
        connection -> {
          try (PreparedStatement redeem = connection.prepareStatement(REDEEM_CODE)) {
            redeem.setLong(1, clock.millis());
            redeem.setString(2, codeHash);
            if (redeem.executeUpdate() != 1) {
              return OptionalLong.empty();
            }
          }
          long familyId = insertFamily(connection, refresh, codeHash);
          insertRefresh(connection, familyId, refresh);
          return OptionalLong.of(familyId);
        });
  }

  @Override
  public void revokeFamilyOfCode(String codeHash) {
    jdbc.transaction(
        connection -> {
          try (PreparedStatement select = connection.prepareStatement(FAMILIES_OF_CODE)) {
            select.setString(1, codeHash);
            try (ResultSet rows = select.executeQuery()) {
              while (rows.next()) {
                revokeFamily(connection, rows.getLong(1));
              }
            }
          }
          return null;
        });
  }

  @Override
  public Optional<StoredRefreshToken> findRefreshToken(String hash) {
    return jdbc.read(
        connection -> {
          try (PreparedStatement select = connection.prepareStatement(FIND_REFRESH)) {
            select.setString(1, hash);
            try (ResultSet row = select.executeQuery()) {
              if (!row.next()) {
                return Optional.empty();
              }
              RefreshToken token =
                  new RefreshToken(
                      hash,
                      row.getString(2),
                      row.getString(3),
                      Scopes.parse(row.getString(4)),
                      row.getBoolean(5),
                      Instant.ofEpochMilli(row.getLong(6)),
                      Instant.ofEpochMilli(row.getLong(7)));
              long rotatedAt = row.getLong(8);
              Optional<Instant> rotated =
                  row.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(rotatedAt));
              row.getLong(9);
              boolean tokenRevoked = !row.wasNull();
              row.getLong(10);
              boolean familyRevoked = !row.wasNull();
              return Optional.of(
                  new StoredRefreshToken(
                      token, row.getLong(1), rotated, tokenRevoked || familyRevoked));
            }
          }
        });
  }

  @Override
  public boolean rotate(StoredRefreshToken presented, RefreshToken successor) {
    long now = clock.millis();
    return jdbc.transaction(
        connection -> {
          try (PreparedStatement retire = connection.prepareStatement(RETIRE_REFRESH)) {
            retire.setLong(1, now);
            retire.setString(2, presented.token().hash());
            retire.setLong(3, now);
            if (retire.executeUpdate() != 1) {
              return false;
            }
          }
          insertRefresh(connection, presented.familyId(), successor);
          return true;
        });
  }

  @Override
  public boolean addToFamily(long familyId, RefreshToken refresh) {
    return jdbc.transaction(
        connection -> {
          try (PreparedStatement lock = connection.prepareStatement(LIVE_FAMILY)) {
            lock.setLong(1, familyId);
            try (ResultSet row = lock.executeQuery()) {
              if (!row.next()) {
                return false;
              }
            }
          }
          insertRefresh(connection, familyId, refresh);
          return true;
        });
  }

  @Override
  public void revokeFamily(long familyId) {
    jdbc.transaction(
        connection -> {
          revokeFamily(connection, familyId);
          return null;
        });
  }

  @Override
  public boolean isAccessTokenLive(
      String hash, long familyId, String clientId, String username, Instant appCreatedAt) {
    return jdbc.read(
        connection -> {
          boolean family = familyId != 0;
          try (PreparedStatement select =
              connection.prepareStatement(family ? FAMILY_TOKEN_LIVE : APP_TOKEN_LIVE)) {
            select.setString(1, hash);
            if (family) {
              select.setLong(2, familyId);
              select.setString(3, clientId);
              select.setString(4, username);
            } else {
              select.setString(2, clientId);
              select.setLong(3, appCreatedAt.toEpochMilli());
              select.setString(4, username);
            }
            try (ResultSet row = select.executeQuery()) {
              return row.next() && row.getBoolean(1);
            }
          }
        });
  }

  @Override
  public void revokeAccessToken(String hash, Instant expiresAt) {
    jdbc.write(
        connection -> {
          try (PreparedStatement revoke = connection.prepareStatement(REVOKE_ACCESS)) {
            revoke.setString(1, hash);
            revoke.setLong(2, expiresAt.toEpochMilli());
            return revoke.executeUpdate();
          }
        });
  }

  @Override
  public long purge(Instant now, Duration redeemedCodeRetention, Duration accessTokenTtl) {
    long nowMillis = now.toEpochMilli();
    long refreshCutoff = nowMillis - accessTokenTtl.toMillis();
    // A day past expiry: a node whose clock is behind still sees the token as unexpired.
    return purgeAll(REVOCATIONS, nowMillis - Duration.ofDays(1).toMillis())
        + purgeAll(REFRESH_TOKENS, refreshCutoff)
        + purgeAll(UNREDEEMED_CODES, nowMillis)
        + purgeAll(REDEEMED_CODES, nowMillis - redeemedCodeRetention.toMillis(), refreshCutoff)
        + purgeAll(FAMILIES, nowMillis - Duration.ofHours(1).toMillis());
  }

  /**
   * Deletes in batches, each one short auto-committed statement, until a batch finds fewer rows.
   */
  private long purgeAll(Purge purge, long... parameters) {
    long deleted = 0;
    while (true) {
      long[] batch =
          jdbc.write(
              connection -> {
                List<Object> keys = new ArrayList<>();
                try (PreparedStatement select = connection.prepareStatement(purge.select())) {
                  bind(select, 1, parameters);
                  try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                      keys.add(rows.getObject(1));
                    }
                  }
                }
                if (keys.isEmpty()) {
                  return new long[] {0, 0};
                }
                try (PreparedStatement delete = connection.prepareStatement(purge.delete())) {
                  delete.setArray(1, connection.createArrayOf(purge.keyType(), keys.toArray()));
                  bind(delete, 2, parameters);
                  return new long[] {keys.size(), delete.executeUpdate()};
                }
              });
      deleted += batch[1];
      if (batch[0] < PURGE_BATCH) {
        return deleted;
      }
    }
  }

  private static void bind(PreparedStatement statement, int first, long... parameters)
      throws SQLException {
    for (int i = 0; i < parameters.length; i++) {
      statement.setLong(first + i, parameters[i]);
    }
  }

  private void revokeFamily(Connection connection, long familyId) throws SQLException {
    long now = clock.millis();
    for (String sql : new String[] {REVOKE_FAMILY, REVOKE_FAMILY_REFRESH}) {
      try (PreparedStatement revoke = connection.prepareStatement(sql)) {
        revoke.setLong(1, now);
        revoke.setLong(2, familyId);
        revoke.executeUpdate();
      }
    }
  }

  private long insertFamily(Connection connection, RefreshToken refresh, String codeHash)
      throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(INSERT_FAMILY, new String[] {"id"})) {
      insert.setString(1, refresh.clientId());
      insert.setString(2, refresh.username());
      insert.setString(3, codeHash);
      insert.setLong(4, clock.millis());
      insert.executeUpdate();
      try (ResultSet keys = insert.getGeneratedKeys()) {
        if (!keys.next()) {
          throw new StoreException("The database returned no id for a new token family", null);
        }
        return keys.getLong(1);
      }
    }
  }

  private static void insertRefresh(Connection connection, long familyId, RefreshToken refresh)
      throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(INSERT_REFRESH)) {
      insert.setString(1, refresh.hash());
      insert.setLong(2, familyId);
      insert.setString(3, refresh.clientId());
      insert.setString(4, refresh.username());
      insert.setString(5, refresh.scopes().toString());
      insert.setBoolean(6, refresh.rotating());
      insert.setLong(7, refresh.issuedAt().toEpochMilli());
      insert.setLong(8, refresh.expiresAt().toEpochMilli());
      insert.executeUpdate();
    }
  }
}
