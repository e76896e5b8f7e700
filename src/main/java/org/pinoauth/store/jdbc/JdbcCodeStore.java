package org.pinoauth.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import javax.sql.DataSource;
import org.pinoauth.scope.Scopes;
import org.pinoauth.store.AuthorizationCode;
import org.pinoauth.store.CodeStore;
import org.pinoauth.store.RefreshToken;
import org.pinoauth.store.StoredCode;

/**
 * {@link CodeStore} on the {@code authorization_code} table, which it alone reads and writes. A
 * code is issued in one unit of work with its consent ({@link JdbcConsentStore#approve}); it is
 * redeemed ({@link #redeem}) in the unit of work that starts its family ({@link JdbcTokenStore}),
 * on PostgreSQL in one statement with it ({@link #redeemInOneStatement}). The first code of a user
 * for an app starts their grant ({@link JdbcGrantStore#record}).
 */
public final class JdbcCodeStore implements CodeStore {
  private static final String INSERT_CODE =
      "INSERT INTO authorization_code (code_hash, client_id, username, redirect_uri, scope,"
          + " code_challenge, code_challenge_method, issued_at, expires_at)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
  private static final String REDEEM =
      "UPDATE authorization_code SET redeemed_at = ? WHERE code_hash = ? AND redeemed_at IS NULL";

  /**
   * A redemption in one PostgreSQL statement: {@link #REDEEM}, then, only if it redeemed the code,
   * a family for it, the family's first refresh token and the grant's use ({@link
   * JdbcGrantStore#MARK_USED_IF}); answers the new family's id.
   */
  private static final String REDEEM_STARTING_FAMILY =
      "WITH redeemed AS ("
          + REDEEM
          + " RETURNING code_hash),"
          + " family AS ("
          + JdbcFamilyStore.startFor("redeemed")
          + "), refresh AS ("
          + JdbcRefreshTokenStore.insertInto("id", "family")
          + "), used AS ("
          + JdbcGrantStore.MARK_USED_IF
          + " EXISTS (SELECT 1 FROM redeemed))"
          + " SELECT id FROM family";

  private static final String FIND =
      "SELECT a.client_id, a.username, a.redirect_uri, a.scope, a.code_challenge,"
          + " a.code_challenge_method, a.issued_at, a.expires_at, a.redeemed_at, "
          + JdbcConsentStore.approvedOf("a")
          + " FROM authorization_code a WHERE a.code_hash = ?";

  private static final String VOID_OF_USER =
      "UPDATE authorization_code SET redeemed_at = ? WHERE redeemed_at IS NULL AND username = ?";

  private final Jdbc jdbc;

  /** {@link #FIND} in the store's dialect. */
  private final String find;

  public JdbcCodeStore(DataSource dataSource) {
    this.jdbc = new Jdbc(dataSource);
    this.find = jdbc.dialect().sql(FIND);
  }

  @Override
  public void issue(AuthorizationCode code) {
    jdbc.inTransaction(
        transaction -> {
          try (PreparedStatement insert = transaction.connection().prepareStatement(INSERT_CODE)) {
            insert.setString(1, code.hash());
            insert.setString(2, code.clientId());
            insert.setString(3, code.username());
            insert.setString(4, code.redirectUri());
            insert.setString(5, code.scopes().toString());
            insert.setString(6, code.codeChallenge().orElse(null));
            insert.setString(7, code.codeChallengeMethod().orElse(null));
            insert.setLong(8, code.issuedAt().toEpochMilli());
            insert.setLong(9, code.expiresAt().toEpochMilli());
            insert.executeUpdate();
          }
          JdbcConsentStore.approve(
              transaction, code.clientId(), code.username(), code.scopes(), code.issuedAt());
          JdbcGrantStore.record(transaction, code.clientId(), code.username(), code.issuedAt());
          return null;
        });
  }

  /**
   * Marks the code redeemed at {@code nowMillis} unless it already was: one conditional {@code
   * UPDATE}, so of concurrent redemptions exactly one succeeds.
   *
   * @return false, having changed nothing, when it was redeemed already
   */
  static boolean redeem(Transaction transaction, String codeHash, long nowMillis)
      throws SQLException {
    try (PreparedStatement redeem = transaction.connection().prepareStatement(REDEEM)) {
      redeem.setLong(1, nowMillis);
      redeem.setString(2, codeHash);
      return redeem.executeUpdate() == 1;
    }
  }

  /**
   * {@link #redeem}s the code, and only if it did, starts its family ({@link
   * JdbcFamilyStore#start}) with {@code refresh} as its first token ({@link
   * JdbcRefreshTokenStore#add}) and marks the grant used ({@link JdbcGrantStore#markUsed}), in one
   * PostgreSQL statement: on an auto-commit {@code connection} it is a unit of work by itself, in
   * one round trip. The redemption is the same conditional {@code UPDATE}, so of concurrent
   * redemptions exactly one starts a family.
   *
   * @return the new family's id; empty, having changed nothing, when the code was redeemed already
   */
  static OptionalLong redeemInOneStatement(
      Connection connection, String codeHash, RefreshToken refresh, long nowMillis)
      throws SQLException {
    try (PreparedStatement redeem = connection.prepareStatement(REDEEM_STARTING_FAMILY)) {
      redeem.setLong(1, nowMillis);
      redeem.setString(2, codeHash);
      redeem.setString(3, refresh.clientId());
      redeem.setString(4, refresh.username());
      redeem.setLong(5, nowMillis);
      int next = JdbcRefreshTokenStore.setInsertInto(redeem, 6, refresh);
      JdbcGrantStore.setMarkUsedIf(redeem, next, refresh.clientId(), refresh.username(), nowMillis);
      try (ResultSet family = redeem.executeQuery()) {
        return family.next() ? OptionalLong.of(family.getLong(1)) : OptionalLong.empty();
      }
    }
  }

  /**
   * Marks every unredeemed code of {@code username} for {@code clientId} (every app when null)
   * redeemed, in the caller's transaction: an exchange of one answers {@code invalid_grant}, as a
   * used code does. Returns how many it marked.
   */
  static int voidUnredeemed(
      Transaction transaction, String username, String clientId, long nowMillis)
      throws SQLException {
    try (PreparedStatement update =
        transaction.connection().prepareStatement(Jdbc.ofApp(VOID_OF_USER, clientId))) {
      update.setLong(1, nowMillis);
      update.setString(2, username);
      if (clientId != null) {
        update.setString(3, clientId);
      }
      return update.executeUpdate();
    }
  }

  @Override
  public Optional<StoredCode> find(String codeHash) {
    return jdbc.read(
        connection -> {
          try (PreparedStatement select = connection.prepareStatement(find)) {
            select.setString(1, codeHash);
            try (ResultSet row = select.executeQuery()) {
              if (!row.next()) {
                return Optional.empty();
              }
              AuthorizationCode code =
                  new AuthorizationCode(
                      codeHash,
                      row.getString(1),
                      row.getString(2),
                      row.getString(3),
                      Scopes.parse(row.getString(4)),
                      Optional.ofNullable(row.getString(5)),
                      Optional.ofNullable(row.getString(6)),
                      Instant.ofEpochMilli(row.getLong(7)),
                      Instant.ofEpochMilli(row.getLong(8)));
              row.getLong(9);
              boolean redeemed = !row.wasNull();
              Scopes approved = Scopes.of(jdbc.dialect().strings(row, 10));
              return Optional.of(new StoredCode(code, redeemed, approved));
            }
          }
        });
  }
}
