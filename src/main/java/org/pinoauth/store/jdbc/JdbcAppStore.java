package org.pinoauth.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

/**
 * {@link AppStore} on the {@code app} table and its three child tables. Deleting an app deletes its
 * codes, consents, families and tokens through {@code ON DELETE CASCADE}, in the same statement.
 */
public final class JdbcAppStore implements AppStore {
  // One round trip: the app rows and their child rows, each branch on its own primary key.
  private static final String ROWS =
      "SELECT client_id, 'a', name, secret_hash, refresh_mode, owner_username, allow_plain_pkce,"
          + " created_at FROM app %1$s"
          + " UNION ALL SELECT client_id, 'r', redirect_uri, NULL, NULL, NULL, NULL, NULL"
          + " FROM app_redirect_uri %1$s"
          + " UNION ALL SELECT client_id, 's', scope, NULL, NULL, NULL, NULL, NULL"
          + " FROM app_scope %1$s"
          + " UNION ALL SELECT client_id, 'g', grant_type, NULL, NULL, NULL, NULL, NULL"
          + " FROM app_grant_type %1$s";
  private static final String FIND = String.format(ROWS, "WHERE client_id = ?");
  private static final String LIST = String.format(ROWS, "") + " ORDER BY 1";
  private static final String UPDATE =
      "UPDATE app SET name = ?, secret_hash = ?, refresh_mode = ?, owner_username = ?,"
          + " allow_plain_pkce = ? WHERE client_id = ?";
  private static final String INSERT =
      "INSERT INTO app (name, secret_hash, refresh_mode, owner_username, allow_plain_pkce,"
          + " client_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";
  private static final String REPLACE_SECRET = "UPDATE app SET secret_hash = ? WHERE client_id = ?";
  private static final String DELETE = "DELETE FROM app WHERE client_id = ?";

  private final Jdbc jdbc;

  public JdbcAppStore(DataSource dataSource) {
    this.jdbc = new Jdbc(dataSource);
  }

  @Override
  public Optional<App> find(String clientId) {
    return jdbc.read(
        connection -> {
          try (PreparedStatement select = connection.prepareStatement(FIND)) {
            for (int i = 1; i <= 4; i++) {
              select.setString(i, clientId);
            }
            return readApps(select).stream().findFirst();
          }
        });
  }

  @Override
  public List<App> list() {
    return jdbc.read(
        connection -> {
          try (PreparedStatement select = connection.prepareStatement(LIST)) {
            return readApps(select);
          }
        });
  }

  @Override
  public boolean create(App app) {
    return jdbc.transaction(
        connection -> {
          if (!insert(connection, app)) {
            return false;
          }
          replaceChildren(connection, app);
          return true;
        });
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
          if (!updated && !insert(connection, app)) {
            throw new StoreException("App " + app.clientId() + " appeared while saving it", null);
          }
          replaceChildren(connection, app);
          return null;
        });
  }

  @Override
  public boolean replaceSecret(String clientId, String secretHash) {
    return jdbc.read(
        connection -> {
          try (PreparedStatement update = connection.prepareStatement(REPLACE_SECRET)) {
            update.setString(1, secretHash);
            update.setString(2, clientId);
            return update.executeUpdate() == 1;
          }
        });
  }

  @Override
  public boolean delete(String clientId) {
    return jdbc.read(
        connection -> {
          try (PreparedStatement delete = connection.prepareStatement(DELETE)) {
            delete.setString(1, clientId);
            return delete.executeUpdate() == 1;
          }
        });
  }

  /** Collects an app from its rows, whatever order they arrive in. */
  private static final class AppRows {
    String name;
    String secretHash;
    String refreshMode;
    String owner;
    boolean allowPlainPkce;
    Instant createdAt;
    final List<String> redirectUris = new ArrayList<>();
    final Set<String> scopes = new TreeSet<>();
    final Set<GrantType> grantTypes = EnumSet.noneOf(GrantType.class);

    App toApp(String clientId) {
      RefreshMode mode =
          RefreshMode.fromWireName(refreshMode)
              .orElseThrow(() -> new StoreException("Unknown refresh mode in app row", null));
      return new App(
          clientId,
          name,
          secretHash,
          redirectUris,
          Scopes.of(scopes),
          grantTypes,
          mode,
          owner,
          allowPlainPkce,
          createdAt);
    }
  }

  private static List<App> readApps(PreparedStatement select) throws SQLException {
    Map<String, AppRows> apps = new LinkedHashMap<>();
    try (ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        AppRows app = apps.computeIfAbsent(rows.getString(1), id -> new AppRows());
        String value = rows.getString(3);
        switch (rows.getString(2)) {
          case "a" -> {
            app.name = value;
            app.secretHash = rows.getString(4);
            app.refreshMode = rows.getString(5);
            app.owner = rows.getString(6);
            app.allowPlainPkce = rows.getBoolean(7);
            app.createdAt = Instant.ofEpochMilli(rows.getLong(8));
          }
          case "r" -> app.redirectUris.add(value);
          case "s" -> app.scopes.add(value);
          default -> GrantType.fromWireName(value).ifPresent(app.grantTypes::add);
        }
      }
    }
    List<App> result = new ArrayList<>();
    apps.forEach(
        (clientId, rows) -> {
          if (rows.name != null) {
            result.add(rows.toApp(clientId));
          }
        });
    return result;
  }

  private boolean insert(Connection connection, App app) throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
      bindFields(insert, app);
      insert.setLong(7, app.createdAt().toEpochMilli());
      return insert.executeUpdate() == 1;
    }
  }

  private static void bindFields(PreparedStatement statement, App app) throws SQLException {
    statement.setString(1, app.name());
    statement.setString(2, app.secretHash());
    statement.setString(3, app.refreshMode().wireName());
    statement.setString(4, app.owner());
    statement.setBoolean(5, app.allowPlainPkce());
    statement.setString(6, app.clientId());
  }

  private static void replaceChildren(Connection connection, App app) throws SQLException {
    replaceChildren(connection, "app_redirect_uri", "redirect_uri", app, app.redirectUris());
    replaceChildren(connection, "app_scope", "scope", app, app.scopes().names());
    List<String> grants = app.grantTypes().stream().map(GrantType::wireName).toList();
    replaceChildren(connection, "app_grant_type", "grant_type", app, grants);
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
