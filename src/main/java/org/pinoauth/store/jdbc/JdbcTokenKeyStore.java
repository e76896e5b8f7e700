package org.pinoauth.store.jdbc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import javax.sql.DataSource;
import org.pinoauth.store.StoreException;
import org.pinoauth.store.TokenKeyStore;

/** {@link TokenKeyStore} on the one-row {@code token_key} table. */
public final class JdbcTokenKeyStore implements TokenKeyStore {
  private static final String INSERT =
      "INSERT INTO token_key (id, key_value, created_at) VALUES (1, ?, ?) ON CONFLICT DO NOTHING";
  private static final String SELECT = "SELECT key_value FROM token_key WHERE id = 1";

  private final Jdbc jdbc;
  private final Clock clock;

  public JdbcTokenKeyStore(DataSource dataSource, Clock clock) {
    this.jdbc = new Jdbc(dataSource);
    this.clock = clock;
  }

  /**
   * Two statements, each committed on its own: in one transaction, a node that starts beside
   * another under REPEATABLE READ or SERIALIZABLE isolation would fail on the other's insert
   * instead of reading its key.
   */
  @Override
  public String keyOr(String candidate) {
    jdbc.write(
        connection -> {
          try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            insert.setString(1, candidate);
            insert.setLong(2, clock.millis());
            return insert.executeUpdate();
          }
        });
    return jdbc.read(
        connection -> {
          try (PreparedStatement select = connection.prepareStatement(SELECT);
              ResultSet row = select.executeQuery()) {
            if (!row.next()) {
              throw new StoreException("The token key was not stored", null);
            }
            return row.getString(1);
          }
        });
  }
}
