package org.pinoauth.store.jdbc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.pinoauth.store.StoreException;

/**
 * The {@code token_family} table: everything issued from one authorization. Its {@code revoked_at}
 * is the truth about the family's tokens, so statements of other tables that must see it live
 * include {@link #LIVE} or {@link #LIVE_OF}. Every method joins the caller's {@link Transaction}.
 */
final class JdbcFamilyStore {
  /** True while the family of {@code family_id} column {@code %s} stands; no parameter. */
  private static final String LIVE_OF =
      "EXISTS (SELECT 1 FROM token_family f WHERE f.id = %s AND f.revoked_at IS NULL)";

  /** True while family {@code ?} of app {@code ?} and user {@code ?} stands. */
  static final String LIVE =
      "EXISTS (SELECT 1 FROM token_family"
          + " WHERE id = ? AND client_id = ? AND username = ? AND revoked_at IS NULL)";

  private static final String INSERT =
      "INSERT INTO token_family (client_id, username, code_hash, created_at) VALUES (?, ?, ?, ?)";
  private static final String LIVE_NOW =
      "SELECT id FROM token_family WHERE id = ? AND revoked_at IS NULL";

  /**
   * {@link #LIVE_NOW}, locking the row until the transaction ends. SQLite has neither the clause
   * nor the need: its one writer runs the transaction alone.
   */
  private static final String LOCK_LIVE = LIVE_NOW + " FOR UPDATE";

  private static final String REVOKE =
      "UPDATE token_family SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL";
  private static final String OF_CODE = "SELECT id FROM token_family WHERE code_hash = ?";

  private static final String LIVE_OF_USER =
      "SELECT id, client_id FROM token_family WHERE revoked_at IS NULL AND username = ?";
  private static final String REVOKE_OF_USER =
      "UPDATE token_family SET revoked_at = ?"
          + " WHERE revoked_at IS NULL AND id BETWEEN ? AND ? AND username = ?";

  /** A family by its id and its app. */
  record Member(long id, String clientId) {}

  private JdbcFamilyStore() {}

  /** {@link #LIVE_OF} for the family id in {@code column} of the enclosing statement. */
  static String liveOf(String column) {
    return String.format(LIVE_OF, column);
  }

  /**
   * An {@code INSERT} that starts a family for the code in the {@code code_hash} column of each row
   * of {@code rows} (a {@code WITH} clause), returning its {@code id}: for a statement that starts
   * one only when it redeemed the code. Three parameters: app, user, creation time.
   */
  static String startFor(String rows) {
    return "INSERT INTO token_family (client_id, username, code_hash, created_at)"
        + " SELECT ?, ?, code_hash, ? FROM "
        + rows
        + " RETURNING id";
  }

  /** Starts a family for the code {@code codeHash}; returns its id. */
  static long start(
      Transaction transaction, String clientId, String username, String codeHash, long nowMillis)
      throws SQLException {
    try (PreparedStatement insert =
        transaction.connection().prepareStatement(INSERT, new String[] {"id"})) {
      insert.setString(1, clientId);
      insert.setString(2, username);
      insert.setString(3, codeHash);
      insert.setLong(4, nowMillis);
      insert.executeUpdate();
      try (ResultSet keys = insert.getGeneratedKeys()) {
        if (!keys.next()) {
          throw new StoreException("The database returned no id for a new token family", null);
        }
        return keys.getLong(1);
      }
    }
  }

  /**
   * Locks the family until the transaction ends, so that it cannot be revoked meanwhile.
   *
   * @return false when it is revoked already
   */
  static boolean lockLive(Transaction transaction, long familyId) throws SQLException {
    String sql = transaction.dialect() == Dialect.SQLITE ? LIVE_NOW : LOCK_LIVE;
    try (PreparedStatement lock = transaction.connection().prepareStatement(sql)) {
      lock.setLong(1, familyId);
      try (ResultSet row = lock.executeQuery()) {
        return row.next();
      }
    }
  }

  /**
   * Marks the family revoked, unless it already is.
   *
   * @return whether this call revoked it (false: already revoked, or no such family)
   */
  static boolean revoke(Transaction transaction, long familyId, long nowMillis)
      throws SQLException {
    try (PreparedStatement revoke = transaction.connection().prepareStatement(REVOKE)) {
      revoke.setLong(1, nowMillis);
      revoke.setLong(2, familyId);
      return revoke.executeUpdate() == 1;
    }
  }

  /** The families started from the code {@code codeHash}. */
  static List<Long> ofCode(Transaction transaction, String codeHash) throws SQLException {
    try (PreparedStatement select = transaction.connection().prepareStatement(OF_CODE)) {
      select.setString(1, codeHash);
      try (ResultSet rows = select.executeQuery()) {
        List<Long> ids = new ArrayList<>();
        while (rows.next()) {
          ids.add(rows.getLong(1));
        }
        return ids;
      }
    }
  }

  /**
   * The first {@code limit} standing families of {@code username} by id, of {@code clientId} or of
   * every app when it is null.
   */
  static List<Member> standingOfUser(
      Transaction transaction, String username, String clientId, int limit) throws SQLException {
    String sql = Jdbc.ofApp(LIVE_OF_USER, clientId) + " ORDER BY id LIMIT ?";
    try (PreparedStatement select = transaction.connection().prepareStatement(sql)) {
      select.setString(1, username);
      if (clientId != null) {
        select.setString(2, clientId);
      }
      select.setInt(clientId == null ? 2 : 3, limit);
      try (ResultSet rows = select.executeQuery()) {
        List<Member> members = new ArrayList<>();
        while (rows.next()) {
          members.add(new Member(rows.getLong(1), rows.getString(2)));
        }
        return members;
      }
    }
  }

  /**
   * Revokes the standing families of {@code username} (of {@code clientId}, or of every app when
   * null) whose ids lie in {@code [firstId, lastId]}: one statement for a batch of families.
   */
  static int revokeOfUser(
      Transaction transaction,
      String username,
      String clientId,
      long firstId,
      long lastId,
      long nowMillis)
      throws SQLException {
    try (PreparedStatement revoke =
        transaction.connection().prepareStatement(Jdbc.ofApp(REVOKE_OF_USER, clientId))) {
      revoke.setLong(1, nowMillis);
      revoke.setLong(2, firstId);
      revoke.setLong(3, lastId);
      revoke.setString(4, username);
      if (clientId != null) {
        revoke.setString(5, clientId);
      }
      return revoke.executeUpdate();
    }
  }
}
