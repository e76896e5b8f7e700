package org.pinoauth.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.pinoauth.client.App;
import org.pinoauth.client.RefreshMode;
import org.pinoauth.scope.Scopes;
import org.pinoauth.store.AppStore;
import org.pinoauth.store.StoreException;
import org.pinoauth.token.GrantType;

/** {@link AppStore} on the {@code app} table and its three child tables. */
public final class JdbcAppStore implements AppStore {
  // One round trip: the app row and its child rows, each branch on its own primary key.
  private static final String FIND =
      "SELECT 'a', name, secret_hash, refresh_mode, owner_username, allow_plain_pkce"
          + " FROM app WHERE client_id = ?"
          + " UNION ALL SELECT 'r', redirect_uri, NULL, NULL, NULL, NULL"
          + " FROM app_redirect_uri WHERE client_id = ?"
          + " UNION ALL SELECT 's', scope, NULL, NULL, NULL, NULL FROM app_scope WHERE client_id = ?"
          + " UNION ALL SELECT 'g', grant_type, NULL, NULL, NULL, NULL"
          + " FROM app_grant_type WHERE client_id = ?";
  private static final String UPDATE =
      "UPDATE app SET name = ?, secret_hash = ?, refresh_mode = ?, owner_username = ?,"
          + " allow_plain_pkce = ? WHERE client_id = ?";
  private static final String INSERT =
      "INSERT INTO app (name, secret_hash, refresh_mode, owner_username, allow_plain_pkce,"
          + " client_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)";

  private final Jdbc jdbc;
  private final Clock clock;

  public JdbcAppStore(DataSource dataSource, Clock clock) {
    this.jdbc = new Jdbc(dataSource);
    this.clock = clock;
  }

  @Override
  public Optional<App> find(String clientId) {
    return jdbc.read(connection -> find(connection, clientId));
  }

  private static Optional<App> find(Connection connection, String clientId) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(FIND)) {
      for (int i = 1; i <= 4; i++) {
        select.setString(i, clientId);
      }
      try (ResultSet rows = select.executeQuery()) {
        String[] main = null;
        boolean allowPlainPkce = false;
        List<String> redirectUris = new ArrayList<>();
        Set<String> scopes = new TreeSet<>();
        Set<GrantType> grantTypes = EnumSet.noneOf(GrantType.class);
        while (rows.next()) {
          String value = rows.getString(2);
          switch (rows.getString(1)) {
            case "a" -> {
              main = new String[] {value, rows.getString(3), rows.getString(4), rows.getString(5)};
              allowPlainPkce = rows.getBoolean(6);
            }
            case "r" -> redirectUris.add(value);
            case "s" -> scopes.add(value);
            default -> GrantType.fromWireName(value).ifPresent(grantTypes::add);
          }
        }
        if (main == null) {
          return Optional.empty();
        }
        RefreshMode mode =
            RefreshMode.fromWireName(main[2])
                .orElseThrow(() -> new StoreException("Unknown refresh mode in app row", null));
        return Optional.of(
            new App(
                clientId,
                main[0],
                main[1],
                redirectUris,
                Scopes.of(scopes),
                grantTypes,
                mode,
                main[3],
                allowPlainPkce));
      }
    }
  }

  @Override
  public void save(App app) {
    jdbc.transaction(
        connection -> {
          boolean updated;
          try (PreparedStatement update = connection.prepareStatement(UPDATE)) {
            bindFields(update, app);
            updated = update.executeUpdate() == 1;
          }
          if (!updated) {
            try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
              bindFields(insert, app);
              insert.setLong(7, clock.millis());
              insert.executeUpdate();
            }
          }
          replaceChildren(connection, "app_redirect_uri", "redirect_uri", app, app.redirectUris());
          replaceChildren(connection, "app_scope", "scope", app, app.scopes().names());
          List<String> grants = app.grantTypes().stream().map(GrantType::wireName).toList();
          replaceChildren(connection, "app_grant_type", "grant_type", app, grants);
          return null;
        });
  }

  private static void bindFields(PreparedStatement statement, App app) throws SQLException {
    statement.setString(1, app.name());
    statement.setString(2, app.secretHash());
    statement.setString(3, app.refreshMode().wireName());
    statement.setString(4, app.owner());
    statement.setBoolean(5, app.allowPlainPkce());
    statement.setString(6, app.clientId());
  }

  private static void replaceChildren(
      Connection connection, String table, String column, App app, Iterable<String> values)
      throws SQLException {
    try (PreparedStatement delete =
        connection.prepareStatement("DELETE FROM " + table + " WHERE client_id = ?")) {
      delete.setString(1, app.clientId());
      delete.executeUpdate();
    }
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO " + table + " (client_id, " + column + ") VALUES (?, ?)")) {
      for (String value : values) {
        insert.setString(1, app.clientId());
        insert.setString(2, value);
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }
}
