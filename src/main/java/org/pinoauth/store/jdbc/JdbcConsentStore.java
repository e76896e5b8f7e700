package org.pinoauth.store.jdbc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.pinoauth.scope.Scopes;
import org.pinoauth.store.ConsentStore;

/**
 * {@link ConsentStore} on the {@code consent} table, which it alone reads and writes. Approvals are
 * written by {@link #approve} in the unit of work that issues a code ({@link JdbcCodeStore#issue}).
 */
public final class JdbcConsentStore implements ConsentStore {
  private static final String APPROVED =
      "SELECT scope FROM consent WHERE client_id = ? AND username = ?";
  private static final String INSERT =
      "INSERT INTO consent (client_id, username, scope, granted_at) VALUES (?, ?, ?, ?)"
          + " ON CONFLICT DO NOTHING";

  private static final String WITHDRAW = "DELETE FROM consent WHERE username = ?";
  private static final String CLIENTS_OF_USER =
      "SELECT DISTINCT client_id FROM consent WHERE username = ?";

  /**
   * The scopes approved by the grant row {@code g} (its {@code client_id} and {@code username}
   * columns) as an array, for statements that list grants; no parameter.
   */
  static final String SCOPES_OF_GRANT = approvedOf("g");

  private final Jdbc jdbc;

  /**
   * The scopes approved for the app and user of the row {@code alias} (its {@code client_id} and
   * {@code username} columns) as an array ({@link Dialect#strings}), for statements that read them
   * with that row; no parameter.
   */
  static String approvedOf(String alias) {
    return "ARRAY(SELECT scope FROM consent c WHERE c.client_id = "
        + alias
        + ".client_id AND c.username = "
        + alias
        + ".username)";
  }

  public JdbcConsentStore(DataSource dataSource) {
    this.jdbc = new Jdbc(dataSource);
  }

  @Override
  public Scopes approved(String username, String clientId) {
    return jdbc.read(
        connection -> {
          try (PreparedStatement select = connection.prepareStatement(APPROVED)) {
            select.setString(1, clientId);
            select.setString(2, username);
            try (ResultSet rows = select.executeQuery()) {
              List<String> scopes = new ArrayList<>();
              while (rows.next()) {
                scopes.add(rows.getString(1));
              }
              return Scopes.of(scopes);
            }
          }
        });
  }

  /**
   * Records, in the caller's transaction, that {@code username} approved {@code scopes} for {@code
   * clientId} at {@code at}; scopes approved before keep their first approval time.
   */
  static void approve(
      Transaction transaction, String clientId, String username, Scopes scopes, Instant at)
      throws SQLException {
    try (PreparedStatement consent = transaction.connection().prepareStatement(INSERT)) {
      for (String scope : scopes.names()) {
        consent.setString(1, clientId);
        consent.setString(2, username);
        consent.setString(3, scope);
        consent.setLong(4, at.toEpochMilli());
        consent.addBatch();
      }
      consent.executeBatch();
    }
  }

  /**
   * Deletes, in the caller's transaction, every approval of {@code username} for {@code clientId},
   * or for every app when it is null; returns the apps that had one.
   */
  static Set<String> withdraw(Transaction transaction, String username, String clientId)
      throws SQLException {
    Set<String> apps = new TreeSet<>();
    if (clientId == null) {
      try (PreparedStatement select = transaction.connection().prepareStatement(CLIENTS_OF_USER)) {
        select.setString(1, username);
        try (ResultSet rows = select.executeQuery()) {
          while (rows.next()) {
            apps.add(rows.getString(1));
          }
        }
      }
    }
    try (PreparedStatement delete =
        transaction.connection().prepareStatement(Jdbc.ofApp(WITHDRAW, clientId))) {
      delete.setString(1, username);
      if (clientId != null) {
        delete.setString(2, clientId);
        if (delete.executeUpdate() > 0) {
          apps.add(clientId);
        }
      } else {
        delete.executeUpdate();
      }
    }
    return apps;
  }
}
