package org.pinoauth.store.jdbc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import javax.sql.DataSource;
import org.pinoauth.store.Change;
import org.pinoauth.store.ChangeListener;
import org.pinoauth.store.RevokedAccessTokenStore;

/**
 * {@link RevokedAccessTokenStore} on the {@code revoked_access_token} table, which it alone writes.
 * A liveness check is one statement: this table's condition with the family's ({@link
 * JdbcFamilyStore#LIVE}) or the app's ({@link JdbcAppStore#STANDS_AS_REGISTERED}), each written by
 * that table's store. A revocation records an {@code access_token} change in its transaction
 * ({@link JdbcChangeLog}) and, once committed, tells its {@link ChangeListener}.
 */
public final class JdbcRevokedAccessTokenStore implements RevokedAccessTokenStore {
  private static final String NOT_REVOKED =
      "NOT EXISTS (SELECT 1 FROM revoked_access_token WHERE token_hash = ?)";
  private static final String FAMILY_TOKEN_LIVE =
      "SELECT " + NOT_REVOKED + " AND " + JdbcFamilyStore.LIVE;
  private static final String APP_TOKEN_LIVE =
      "SELECT " + NOT_REVOKED + " AND " + JdbcAppStore.STANDS_AS_REGISTERED;
  private static final String INSERT =
      "INSERT INTO revoked_access_token (token_hash, expires_at) VALUES (?, ?)"
          + " ON CONFLICT DO NOTHING";

  private final Jdbc jdbc;
  private final ChangeListener listener;

  public JdbcRevokedAccessTokenStore(DataSource dataSource) {
    this(dataSource, ChangeListener.NONE);
  }

  /** The store that tells {@code listener} of every revocation it commits. */
  public JdbcRevokedAccessTokenStore(DataSource dataSource, ChangeListener listener) {
    this.jdbc = new Jdbc(dataSource);
    this.listener = listener;
  }

  @Override
  public boolean isLive(
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
  public void revoke(String hash, Instant expiresAt) {
    Change change = Change.accessToken(hash);
    jdbc.inTransaction(
        transaction -> {
          try (PreparedStatement revoke = transaction.connection().prepareStatement(INSERT)) {
            revoke.setString(1, hash);
            revoke.setLong(2, expiresAt.toEpochMilli());
            revoke.executeUpdate();
          }
          JdbcChangeLog.record(transaction, change);
          return null;
        });
    listener.applied(change);
  }
}
