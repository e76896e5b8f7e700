package org.pinoauth.store.jdbc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.pinoauth.scope.Scopes;
import org.pinoauth.store.ConsentStore;

/** {@link ConsentStore} on the {@code consent} table. */
public final class JdbcConsentStore implements ConsentStore {
  private static final String APPROVED =
      "SELECT scope FROM consent WHERE client_id = ? AND username = ?";

  private final Jdbc jdbc;

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
}
