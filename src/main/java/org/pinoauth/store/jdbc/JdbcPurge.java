package org.pinoauth.store.jdbc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.pinoauth.store.Purge;

/**
 * {@link Purge} on every table that holds expiring rows: the whole policy of what goes and when, in
 * one place. It is the one class besides each table's store that names those tables, because the
 * policy is about how they relate (a redeemed code stays while its family can still be revoked
 * through it, a family while it has a refresh token or code). Each batch is one short
 * auto-committed statement pair, and every delete repeats its condition, so a row that came back to
 * use meanwhile stays.
 */
public final class JdbcPurge implements Purge {
  private static final int PURGE_BATCH = 1_000;
  private static final Rows REVOCATIONS =
      new Rows("revoked_access_token", "token_hash", "VARCHAR", "t.expires_at < ?");
  private static final Rows REFRESH_TOKENS =
      new Rows("refresh_token", "token_hash", "VARCHAR", "t.expires_at < ?");
  private static final Rows UNREDEEMED_CODES =
      new Rows(
          "authorization_code",
          "code_hash",
          "VARCHAR",
          "t.expires_at < ? AND t.redeemed_at IS NULL");
  // A redeemed code stays while replaying it can still revoke something: while its family is
  // unrevoked and holds a refresh token the purge keeps (one that expired less than an access
  // token lifetime ago, so the access tokens it gave out may live). A continuous family renews
  // itself with every rotation and can outlive any fixed retention.
  private static final Rows REDEEMED_CODES =
      new Rows(
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
  private static final Rows FAMILIES =
      new Rows(
          "token_family",
          "id",
          "BIGINT",
          "t.created_at < ?"
              + " AND NOT EXISTS (SELECT 1 FROM refresh_token r WHERE r.family_id = t.id)"
              + " AND NOT EXISTS"
              + " (SELECT 1 FROM authorization_code c WHERE c.code_hash = t.code_hash)");

  // The change log is read by nodes within a minute of a row's commit (ChangeGaps.WINDOW_NANOS);
  // an hour is well past that and past any lapse of a node's freshness, which empties its caches.
  private static final Rows CHANGES = new Rows("change_log", "id", "BIGINT", "t.created_at < ?");

  /**
   * One kind of row the purge deletes: those of {@code table} that meet {@code condition} (on alias
   * {@code t}). A batch reads up to {@link #PURGE_BATCH} keys, then deletes those that still meet
   * the condition in one statement. Not {@code DELETE ... WHERE key IN (SELECT ... LIMIT n)}: H2
   * runs that subquery again for every row it scans, as the delete changes the table, so 3,000
   * expired rows took 7 s to purge on H2 that way, and take 0.3 s this way.
   */
  private record Rows(String table, String key, String keyType, String condition) {
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

    /**
     * The delete of the keys in the one parameter: an array, or on SQLite, which has no arrays, a
     * JSON array ({@link #jsonArray}).
     */
    String delete(Dialect dialect) {
      String keys =
          dialect == Dialect.SQLITE ? " IN (SELECT value FROM json_each(?))" : " = ANY (?)";
      return "DELETE FROM " + table + " AS t WHERE t." + key + keys + " AND " + condition;
    }
  }

  private final Jdbc jdbc;

  public JdbcPurge(DataSource dataSource) {
    this.jdbc = new Jdbc(dataSource);
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
        + purgeAll(FAMILIES, nowMillis - Duration.ofHours(1).toMillis())
        + purgeAll(CHANGES, nowMillis - Duration.ofHours(1).toMillis());
  }

  /**
   * Deletes in batches, each one short auto-committed statement, until a batch finds fewer rows.
   */
  private long purgeAll(Rows kind, long... parameters) {
    long deleted = 0;
    while (true) {
      long[] batch =
          jdbc.write(
              connection -> {
                List<Object> keys = new ArrayList<>();
                try (PreparedStatement select = connection.prepareStatement(kind.select())) {
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
                try (PreparedStatement delete =
                    connection.prepareStatement(kind.delete(jdbc.dialect()))) {
                  if (jdbc.dialect() == Dialect.SQLITE) {
                    delete.setString(1, jsonArray(keys));
                  } else {
                    delete.setArray(1, connection.createArrayOf(kind.keyType(), keys.toArray()));
                  }
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

  /**
   * The keys as a JSON array: numbers as they are, strings (hex hashes, but escaped all the same)
   * quoted.
   */
  static String jsonArray(List<Object> keys) {
    StringBuilder json = new StringBuilder("[");
    for (Object key : keys) {
      if (json.length() > 1) {
        json.append(',');
      }
      if (key instanceof Number number) {
        json.append(number.longValue());
      } else {
        json.append('"');
        for (char c : key.toString().toCharArray()) {
          if (c == '"' || c == '\\') {
            json.append('\\').append(c);
          } else if (c < 0x20) {
            json.append(String.format("\\u%04x", (int) c));
          } else {
            json.append(c);
          }
        }
        json.append('"');
      }
    }
    return json.append(']').toString();
  }

  private static void bind(PreparedStatement statement, int first, long... parameters)
      throws SQLException {
    for (int i = 0; i < parameters.length; i++) {
      statement.setLong(first + i, parameters[i]);
    }
  }
}
