package org.pinoauth.store.jdbc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.pinoauth.scope.Scopes;
import org.pinoauth.store.Change;
import org.pinoauth.store.ChangeListener;
import org.pinoauth.store.Grant;
import org.pinoauth.store.GrantRemoval;
import org.pinoauth.store.GrantStore;

/**
 * {@link GrantStore} on the {@code user_grant} table, which it alone writes, with the units of work
 * that remove grants across the tables of consents ({@link JdbcConsentStore}), codes ({@link
 * JdbcCodeStore}), families ({@link JdbcFamilyStore}) and refresh tokens ({@link
 * JdbcRefreshTokenStore}). A grant row is written with the first code of its pair ({@link #record},
 * in {@link JdbcCodeStore#issue}) and marked used, to the hour, by code exchanges and refreshes
 * ({@link #markUsed}, in {@link JdbcTokenStore}'s units).
 *
 * <p>A removal is one short transaction for the consent, the grant row and the codes, then one per
 * batch of at most {@link #FAMILIES_PER_BATCH} standing families: a select of the batch's ids, one
 * {@code UPDATE} of their families by id range and one of their refresh tokens; never a statement
 * per family or token. Families first, then their tokens, as every unit that revokes does. Each
 * batch that revoked a family records one {@code user} change last in its transaction ({@link
 * JdbcChangeLog}), however many families it revoked, and, once committed, tells its {@link
 * ChangeListener}.
 */
public final class JdbcGrantStore implements GrantStore {
  private static final long HOUR_MILLIS = 3_600_000L;

  private static final String COLUMNS =
      "SELECT g.client_id, "
          + JdbcAppStore.NAME_OF_GRANT
          + ", g.username, "
          + JdbcConsentStore.SCOPES_OF_GRANT
          + ", g.first_authorized_at, g.last_used_at FROM user_grant g";
  private static final String OF_USER =
      COLUMNS + " WHERE g.username = ? AND g.client_id > ? ORDER BY g.client_id LIMIT ?";
  private static final String OF_APP =
      COLUMNS + " WHERE g.client_id = ? AND g.username > ? ORDER BY g.username LIMIT ?";
  private static final String FIND = COLUMNS + " WHERE g.username = ? AND g.client_id = ?";
  private static final String INSERT =
      "INSERT INTO user_grant (client_id, username, first_authorized_at) VALUES (?, ?, ?)"
          + " ON CONFLICT DO NOTHING";
  private static final String MARK_USED =
      "UPDATE user_grant SET last_used_at = ? WHERE client_id = ? AND username = ?"
          + " AND (last_used_at IS NULL OR last_used_at < ?)";

  /**
   * {@link #MARK_USED} with one more condition to complete, for a statement that marks the use only
   * when its other writes happened; four parameters ({@link #setMarkUsedIf}).
   */
  static final String MARK_USED_IF = MARK_USED + " AND";

  private static final String CLIENTS_OF_USER =
      "SELECT client_id FROM user_grant WHERE username = ?";
  private static final String DELETE = "DELETE FROM user_grant WHERE username = ?";

  /**
   * The hour (epoch milliseconds) the grant of refresh token row {@code r} was last used in, or
   * null; no parameter. Read with the token, so a refresh in an hour already recorded writes
   * nothing.
   */
  static final String LAST_USED_OF_TOKEN =
      "(SELECT g.last_used_at FROM user_grant g"
          + " WHERE g.client_id = r.client_id AND g.username = r.username)";

  private final Jdbc jdbc;
  private final Clock clock;
  private final Dialect dialect;
  private final ChangeListener listener;

  /** {@link #OF_USER}, {@link #OF_APP} and {@link #FIND} in the store's dialect. */
  private final String ofUser;

  private final String ofApp;
  private final String find;

  public JdbcGrantStore(DataSource dataSource, Clock clock) {
    this(dataSource, clock, ChangeListener.NONE);
  }

  /** The store that tells {@code listener} of every batch of revoked families it commits. */
  public JdbcGrantStore(DataSource dataSource, Clock clock, ChangeListener listener) {
    this.jdbc = new Jdbc(dataSource);
    this.clock = clock;
    this.listener = listener;
    this.dialect = jdbc.dialect();
    this.ofUser = dialect.sql(OF_USER);
    this.ofApp = dialect.sql(OF_APP);
    this.find = dialect.sql(FIND);
  }

  /** The start of the hour {@code millis} falls in: what a grant records as its last use. */
  static long hourOf(long millis) {
    return millis - Math.floorMod(millis, HOUR_MILLIS);
  }

  /** Starts the grant of {@code username} to {@code clientId}, unless it stands already. */
  static void record(Transaction transaction, String clientId, String username, Instant at)
      throws SQLException {
    try (PreparedStatement insert = transaction.connection().prepareStatement(INSERT)) {
      insert.setString(1, clientId);
      insert.setString(2, username);
      insert.setLong(3, at.toEpochMilli());
      insert.executeUpdate();
    }
  }

  /**
   * Records a use of the grant in the hour of {@code nowMillis}: one conditional {@code UPDATE} by
   * primary key that changes the row at most once an hour (and never moves it back).
   */
  static void markUsed(Transaction transaction, String clientId, String username, long nowMillis)
      throws SQLException {
    try (PreparedStatement update = transaction.connection().prepareStatement(MARK_USED)) {
      setMarkUsedIf(update, 1, clientId, username, nowMillis);
      update.executeUpdate();
    }
  }

  /**
   * Sets the four parameters of {@link #MARK_USED_IF} (or {@link #MARK_USED}) from {@code first}.
   */
  static void setMarkUsedIf(
      PreparedStatement statement, int first, String clientId, String username, long nowMillis)
      throws SQLException {
    long hour = hourOf(nowMillis);
    statement.setLong(first, hour);
    statement.setString(first + 1, clientId);
    statement.setString(first + 2, username);
    statement.setLong(first + 3, hour);
  }

  @Override
  public List<Grant> ofUser(String username, Optional<String> afterClientId, int limit) {
    return list(ofUser, username, afterClientId.orElse(""), limit);
  }

  @Override
  public List<Grant> ofApp(String clientId, Optional<String> afterUsername, int limit) {
    return list(ofApp, clientId, afterUsername.orElse(""), limit);
  }

  @Override
  public Optional<Grant> find(String username, String clientId) {
    return jdbc.read(
        connection -> {
          try (PreparedStatement select = connection.prepareStatement(find)) {
            select.setString(1, username);
            select.setString(2, clientId);
            return read(select).stream().findFirst();
          }
        });
  }

  @Override
  public GrantRemoval remove(String username, String clientId) {
    return removeGrants(username, clientId);
  }

  @Override
  public GrantRemoval removeAll(String username) {
    return removeGrants(username, null);
  }

  /** The grants of {@code username}, of {@code clientId} or of every app when it is null. */
  private GrantRemoval removeGrants(String username, String clientId) {
    long now = clock.millis();
    Set<String> apps =
        jdbc.inTransaction(
            transaction -> {
              Set<String> removed = JdbcConsentStore.withdraw(transaction, username, clientId);
              removed.addAll(deleteRows(transaction, username, clientId));
              if (JdbcCodeStore.voidUnredeemed(transaction, username, clientId, now) > 0
                  && clientId != null) {
                removed.add(clientId);
              }
              return removed;
            });
    Map<String, Integer> families = new TreeMap<>();
    apps.forEach(app -> families.put(app, 0));
    while (true) {
      Change change = Change.user(username, clientId);
      List<JdbcFamilyStore.Member> batch =
          jdbc.inTransaction(
              transaction -> {
                List<JdbcFamilyStore.Member> revoked =
                    revokeBatch(transaction, username, clientId, now);
                if (!revoked.isEmpty()) {
                  JdbcChangeLog.record(transaction, change);
                }
                return revoked;
              });
      if (batch.isEmpty()) {
        return new GrantRemoval(families);
      }
      listener.applied(change);
      batch.forEach(member -> families.merge(member.clientId(), 1, Integer::sum));
    }
  }

  private static List<JdbcFamilyStore.Member> revokeBatch(
      Transaction transaction, String username, String clientId, long now) throws SQLException {
    List<JdbcFamilyStore.Member> batch =
        JdbcFamilyStore.standingOfUser(transaction, username, clientId, FAMILIES_PER_BATCH);
    if (!batch.isEmpty()) {
      long first = batch.get(0).id();
      long last = batch.get(batch.size() - 1).id();
      JdbcFamilyStore.revokeOfUser(transaction, username, clientId, first, last, now);
      JdbcRefreshTokenStore.revokeOfUser(transaction, username, clientId, first, last, now);
    }
    return batch;
  }

  /** Deletes the grant rows; returns their apps. */
  private static Set<String> deleteRows(Transaction transaction, String username, String clientId)
      throws SQLException {
    Set<String> apps = new TreeSet<>();
    try (PreparedStatement select =
        transaction.connection().prepareStatement(Jdbc.ofApp(CLIENTS_OF_USER, clientId))) {
      select.setString(1, username);
      if (clientId != null) {
        select.setString(2, clientId);
      }
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          apps.add(rows.getString(1));
        }
      }
    }
    try (PreparedStatement delete =
        transaction.connection().prepareStatement(Jdbc.ofApp(DELETE, clientId))) {
      delete.setString(1, username);
      if (clientId != null) {
        delete.setString(2, clientId);
      }
      delete.executeUpdate();
    }
    return apps;
  }

  private List<Grant> list(String sql, String key, String after, int limit) {
    return jdbc.read(
        connection -> {
          try (PreparedStatement select = connection.prepareStatement(sql)) {
            select.setString(1, key);
            select.setString(2, after);
            select.setInt(3, limit);
            return read(select);
          }
        });
  }

  private List<Grant> read(PreparedStatement select) throws SQLException {
    List<Grant> grants = new ArrayList<>();
    try (ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        long lastUsed = rows.getLong(6);
        Optional<Instant> used =
            rows.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(lastUsed));
        grants.add(
            new Grant(
                rows.getString(1),
                rows.getString(2),
                rows.getString(3),
                Scopes.of(dialect.strings(rows, 4)),
                Instant.ofEpochMilli(rows.getLong(5)),
                used));
      }
    }
    return grants;
  }
}
