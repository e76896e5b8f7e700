package org.pinoauth.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import org.pinoauth.scope.Scopes;
import org.pinoauth.store.RefreshToken;
import org.pinoauth.store.StoredRefreshToken;

/**
 * The {@code refresh_token} table. A token counts as revoked when it or its family is ({@link
 * JdbcFamilyStore#liveOf}); a rotation retires the presented token by one conditional {@code
 * UPDATE}, so of concurrent rotations exactly one changes the row. Every method but {@link #find}
 * and {@link #rotateInOneStatement} (PostgreSQL's rotation, a unit of work by itself) joins the
 * caller's {@link Transaction}.
 */
final class JdbcRefreshTokenStore {
  private static final String INSERT =
      "INSERT INTO refresh_token (token_hash, family_id, client_id, username, scope, rotating,"
          + " issued_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
  private static final String FIND =
      "SELECT r.family_id, r.client_id, r.username, r.scope, r.rotating, r.issued_at,"
          + " r.expires_at, r.rotated_at, r.revoked_at, NOT "
          + JdbcFamilyStore.liveOf("r.family_id")
          + ", "
          + JdbcGrantStore.LAST_USED_OF_TOKEN
          + ", "
          + JdbcConsentStore.approvedOf("r")
          + " FROM refresh_token r WHERE r.token_hash = ?";

  private static final String FIND_SQLITE = Dialect.SQLITE.sql(FIND);
  private static final String RETIRE =
      "UPDATE refresh_token SET rotated_at = ?"
          + " WHERE token_hash = ? AND rotated_at IS NULL AND revoked_at IS NULL AND expires_at > ?"
          + " AND "
          + JdbcFamilyStore.liveOf("refresh_token.family_id");

  /**
   * A rotation in one PostgreSQL statement: {@link #RETIRE}, then the successor in the retired
   * token's family only if it retired one, then (in {@link #ROTATE_MARKING_USE}) the grant's use
   * ({@link JdbcGrantStore#MARK_USED_IF}) only if it retired one; answers the retired token's
   * family.
   */
  private static final String ROTATE =
      "WITH retired AS ("
          + RETIRE
          + " RETURNING family_id),"
          + " successor AS ("
          + insertInto("family_id", "retired")
          + ")";

  private static final String ROTATED = " SELECT family_id FROM retired";
  private static final String ROTATE_MARKING_USE =
      ROTATE
          + ", used AS ("
          + JdbcGrantStore.MARK_USED_IF
          + " EXISTS (SELECT 1 FROM retired))"
          + ROTATED;
  private static final String ROTATE_ONLY = ROTATE + ROTATED;
  private static final String REVOKE_FAMILY =
      "UPDATE refresh_token SET revoked_at = ? WHERE family_id = ? AND revoked_at IS NULL";

  private static final String REVOKE_OF_USER =
      "UPDATE refresh_token SET revoked_at = ?"
          + " WHERE revoked_at IS NULL AND family_id BETWEEN ? AND ? AND username = ?";

  private JdbcRefreshTokenStore() {}

  /**
   * An {@code INSERT} of one token into the family in column {@code familyId} of each row of {@code
   * rows} (a {@code WITH} clause): for a statement that stores a token only when its other writes
   * happened. Seven parameters ({@link #setInsertInto}).
   */
  static String insertInto(String familyId, String rows) {
    return "INSERT INTO refresh_token (token_hash, family_id, client_id, username, scope, rotating,"
        + " issued_at, expires_at) SELECT ?, "
        + familyId
        + ", ?, ?, ?, ?, ?, ? FROM "
        + rows;
  }

  /** Sets the seven parameters of {@link #insertInto} from {@code first}; returns the next. */
  static int setInsertInto(PreparedStatement statement, int first, RefreshToken refresh)
      throws SQLException {
    statement.setString(first, refresh.hash());
    statement.setString(first + 1, refresh.clientId());
    statement.setString(first + 2, refresh.username());
    statement.setString(first + 3, refresh.scopes().toString());
    statement.setBoolean(first + 4, refresh.rotating());
    statement.setLong(first + 5, refresh.issuedAt().toEpochMilli());
    statement.setLong(first + 6, refresh.expiresAt().toEpochMilli());
    return first + 7;
  }

  /**
   * The token with this hash, with its family's state, its grant's last use and its user's approved
   * scopes; one statement on {@code connection}.
   */
  static Optional<StoredRefreshToken> find(Connection connection, Dialect dialect, String hash)
      throws SQLException {
    String sql = dialect == Dialect.SQLITE ? FIND_SQLITE : FIND;
    try (PreparedStatement select = connection.prepareStatement(sql)) {
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
        boolean familyRevoked = row.getBoolean(10);
        long lastUsed = row.getLong(11);
        Optional<Instant> grantLastUsed =
            row.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(lastUsed));
        Scopes approved = Scopes.of(dialect.strings(row, 12));
        return Optional.of(
            new StoredRefreshToken(
                token,
                row.getLong(1),
                rotated,
                tokenRevoked || familyRevoked,
                grantLastUsed,
                approved));
      }
    }
  }

  /** Stores {@code refresh} in family {@code familyId}. */
  static void add(Transaction transaction, long familyId, RefreshToken refresh)
      throws SQLException {
    try (PreparedStatement insert = transaction.connection().prepareStatement(INSERT)) {
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

  /**
   * Marks the token rotated at {@code nowMillis} if it is still live (not rotated, revoked or
   * expired, its family standing).
   *
   * @return false, having changed nothing, when it was not live (also when a concurrent transaction
   *     retired it first)
   */
  static boolean retire(Transaction transaction, String hash, long nowMillis) throws SQLException {
    try (PreparedStatement retire = transaction.connection().prepareStatement(RETIRE)) {
      retire.setLong(1, nowMillis);
      retire.setString(2, hash);
      retire.setLong(3, nowMillis);
      return retire.executeUpdate() == 1;
    }
  }

  /**
   * {@link #retire} the token {@code hash}, then {@link #add} {@code successor} to its family, and
   * when {@code markUse} also {@link JdbcGrantStore#markUsed}, in one PostgreSQL statement that
   * writes nothing but the retirement's consequences: on an auto-commit {@code connection} it is a
   * unit of work by itself, in one round trip. The retirement is the same conditional {@code
   * UPDATE}, so of concurrent rotations exactly one retires the token and stores a successor.
   *
   * @return false, having changed nothing, when the token was not live
   */
  static boolean rotateInOneStatement(
      Connection connection, String hash, RefreshToken successor, boolean markUse, long nowMillis)
      throws SQLException {
    String sql = markUse ? ROTATE_MARKING_USE : ROTATE_ONLY;
    try (PreparedStatement rotate = connection.prepareStatement(sql)) {
      rotate.setLong(1, nowMillis);
      rotate.setString(2, hash);
      rotate.setLong(3, nowMillis);
      int next = setInsertInto(rotate, 4, successor);
      if (markUse) {
        JdbcGrantStore.setMarkUsedIf(
            rotate, next, successor.clientId(), successor.username(), nowMillis);
      }
      try (ResultSet retired = rotate.executeQuery()) {
        return retired.next();
      }
    }
  }

  /** Marks every unrevoked token of the family revoked. */
  static void revokeFamily(Transaction transaction, long familyId, long nowMillis)
      throws SQLException {
    try (PreparedStatement revoke = transaction.connection().prepareStatement(REVOKE_FAMILY)) {
      revoke.setLong(1, nowMillis);
      revoke.setLong(2, familyId);
      revoke.executeUpdate();
    }
  }

  /**
   * Marks revoked every unrevoked token of {@code username} (of {@code clientId}, or of every app
   * when null) in the families whose ids lie in {@code [firstFamily, lastFamily]}: the tokens of a
   * batch of families {@link JdbcFamilyStore#revokeOfUser} revoked, in one statement.
   */
  static void revokeOfUser(
      Transaction transaction,
      String username,
      String clientId,
      long firstFamily,
      long lastFamily,
      long nowMillis)
      throws SQLException {
    try (PreparedStatement revoke =
        transaction.connection().prepareStatement(Jdbc.ofApp(REVOKE_OF_USER, clientId))) {
      revoke.setLong(1, nowMillis);
      revoke.setLong(2, firstFamily);
      revoke.setLong(3, lastFamily);
      revoke.setString(4, username);
      if (clientId != null) {
        revoke.setString(5, clientId);
      }
      revoke.executeUpdate();
    }
  }
}
