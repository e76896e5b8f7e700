package org.pinoauth.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.pinoauth.client.App;
import org.pinoauth.client.GrantType;
import org.pinoauth.client.RefreshMode;
import org.pinoauth.client.TokenEndpointAuthMethod;
import org.pinoauth.scope.Scopes;
import org.pinoauth.store.AppStore;
import org.pinoauth.store.Change;
import org.pinoauth.store.ChangeListener;
import org.pinoauth.store.StoreException;

/**
 * {@link AppStore} on the {@code app} table and its four child tables. Deleting an app deletes its
 * codes, consents, families and tokens through {@code ON DELETE CASCADE}, in the same statement.
 * Every write that changes an app records an {@code app} change in the same transaction ({@link
 * JdbcChangeLog}) and, once committed, tells its {@link ChangeListener}.
 */
public final class JdbcAppStore implements AppStore {
  /*
   * One round trip, one row per app, its child rows as arrays; each ARRAY(subquery) reads its table
   * on the primary key, as the branches of the UNION ALL this replaced did. Not a UNION because H2
   * caches only plain SELECTs and DML in its per-session query cache (QUERY_CACHE_SIZE, in
   * DataSources): H2 2.4's SelectUnion is not cacheable, so the UNION was parsed and planned again
   * on every request: 12 µs a lookup on the embedded store, 2.1 µs with this (bench/jmh
   * AppLookupBenchmark). PostgreSQL had cached the UNION's plan; there this is the same one round
   * trip with one row instead of one per child, and measured no slower.
   */
  private static final String ROWS =
      "SELECT client_id, name, secret_hash, refresh_mode, owner_username, allow_plain_pkce,"
          + " created_at,"
          + " ARRAY(SELECT redirect_uri FROM app_redirect_uri r WHERE r.client_id = app.client_id),"
          + " ARRAY(SELECT scope FROM app_scope s WHERE s.client_id = app.client_id),"
          + " ARRAY(SELECT grant_type FROM app_grant_type g WHERE g.client_id = app.client_id),"
          + " token_endpoint_auth_method,"
          + " ARRAY(SELECT origin FROM app_allowed_origin o WHERE o.client_id = app.client_id)"
          + " FROM app";
  private static final String FIND = ROWS + " WHERE client_id = ?";
  private static final String LIST = ROWS + " ORDER BY client_id";
  private static final String PAGE = ROWS + " WHERE client_id > ? ORDER BY client_id LIMIT ?";

  /** The name of the app of the grant row {@code g}, for statements that list grants. */
  static final String NAME_OF_GRANT = "(SELECT name FROM app a WHERE a.client_id = g.client_id)";

  private static final String UPDATE =
      "UPDATE app SET name = ?, secret_hash = ?, refresh_mode = ?, owner_username = ?,"
          + " allow_plain_pkce = ?, token_endpoint_auth_method = ? WHERE client_id = ?";
  private static final String INSERT =
      "INSERT INTO app (name, secret_hash, refresh_mode, owner_username, allow_plain_pkce,"
          + " token_endpoint_auth_method, client_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
          + " ON CONFLICT DO NOTHING";
  private static final String UPDATE_KEEPING_SECRET =
      "UPDATE app SET name = ?, refresh_mode = ?, owner_username = ?, allow_plain_pkce = ?"
          + " WHERE client_id = ?";
  private static final String REPLACE_SECRET = "UPDATE app SET secret_hash = ? WHERE client_id = ?";
  private static final String DELETE = "DELETE FROM app WHERE client_id = ?";
  // The primary key (client_id, origin) and the index on origin answer these two (V4).
  private static final String ORIGIN_OF_APP =
      "SELECT 1 FROM app_allowed_origin WHERE client_id = ? AND origin = ?";
  private static final String ORIGIN_OF_ANY_APP =
      "SELECT 1 FROM app_allowed_origin WHERE origin = ? LIMIT 1";

  /**
   * True while app {@code ?} stands as registered at {@code ?} and owned by user {@code ?}: what an
   * app's own access token needs, included in that token's liveness check. An app deleted and
   * registered again under its old id does not bring its old tokens back (the new registration has
   * another {@code created_at}); an app token acts for the app's owner, so it ends when an operator
   * gives the app another owner.
   */
  static final String STANDS_AS_REGISTERED =
      "EXISTS (SELECT 1 FROM app WHERE client_id = ? AND created_at = ? AND owner_username = ?)";

  private final Jdbc jdbc;
  private final Dialect dialect;
  private final ChangeListener listener;

  /** {@link #FIND}, {@link #LIST} and {@link #PAGE} in the store's dialect. */
  private final String find;

  private final String list;
  private final String page;

  public JdbcAppStore(DataSource dataSource) {
    this(dataSource, ChangeListener.NONE);
  }

  /** The store that tells {@code listener} of every change it commits. */
  public JdbcAppStore(DataSource dataSource, ChangeListener listener) {
    this.jdbc = new Jdbc(dataSource);
    this.listener = listener;
    this.dialect = jdbc.dialect();
    this.find = dialect.sql(FIND);
    this.list = dialect.sql(LIST);
    this.page = dialect.sql(PAGE);
  }

  @Override
  public Optional<App> find(String clientId) {
    return jdbc.read(
        connection -> {
          try (PreparedStatement select = connection.prepareStatement(find)) {
            select.setString(1, clientId);
            return readApps(select).stream().findFirst();
          }
        });
  }

  @Override
  public List<App> list() {
    return jdbc.read(
        connection -> {
          try (PreparedStatement select = connection.prepareStatement(list)) {
            return readApps(select);
          }
        });
  }

  @Override
  public List<App> page(Optional<String> afterClientId, int limit) {
    return jdbc.read(
        connection -> {
          try (PreparedStatement select = connection.prepareStatement(page)) {
            select.setString(1, afterClientId.orElse(""));
            select.setInt(2, limit);
            return readApps(select);
          }
        });
  }

  @Override
  public boolean create(App app) {
    return changed(
        app.clientId(),
        jdbc.inTransaction(
            transaction -> {
              Connection connection = transaction.connection();
              if (!insert(connection, app)) {
                return false;
              }
              replaceChildren(connection, app);
              return logged(transaction, app.clientId());
            }));
  }

  /**
   * Updates the app, or inserts it when there is none. Two nodes that start at once with the same
   * bootstrap file both find no row; the second one's insert waits for the first one's commit and
   * then inserts nothing, so it updates the row the first one made. (Under REPEATABLE READ or
   * SERIALIZABLE that insert is aborted instead, and {@link Jdbc} runs the whole save again.)
   */
  @Override
  public void save(App app) {
    changed(
        app.clientId(),
        jdbc.inTransaction(
            transaction -> {
              Connection connection = transaction.connection();
              if (!update(connection, app)
                  && !insert(connection, app)
                  && !update(connection, app)) {
                throw new StoreException(
                    "App " + app.clientId() + " appeared and disappeared while saving it", null);
              }
              replaceChildren(connection, app);
              return logged(transaction, app.clientId());
            }));
  }

  @Override
  public boolean update(App app) {
    return changed(
        app.clientId(),
        jdbc.inTransaction(
            transaction -> {
              Connection connection = transaction.connection();
              try (PreparedStatement update = connection.prepareStatement(UPDATE_KEEPING_SECRET)) {
                update.setString(1, app.name());
                update.setString(2, app.refreshMode().wireName());
                update.setString(3, app.owner());
                update.setBoolean(4, app.allowPlainPkce());
                update.setString(5, app.clientId());
                if (update.executeUpdate() != 1) {
                  return false;
                }
              }
              replaceChildren(connection, app);
              return logged(transaction, app.clientId());
            }));
  }

  @Override
  public boolean replaceSecret(String clientId, String secretHash) {
    return changed(
        clientId,
        jdbc.inTransaction(
            transaction -> {
              try (PreparedStatement update =
                  transaction.connection().prepareStatement(REPLACE_SECRET)) {
                update.setString(1, secretHash);
                update.setString(2, clientId);
                return update.executeUpdate() == 1 && logged(transaction, clientId);
              }
            }));
  }

  @Override
  public boolean delete(String clientId) {
    return changed(
        clientId,
        jdbc.inTransaction(
            transaction -> {
              try (PreparedStatement delete = transaction.connection().prepareStatement(DELETE)) {
                delete.setString(1, clientId);
                return delete.executeUpdate() == 1 && logged(transaction, clientId);
              }
            }));
  }

  /** Records an {@code app} change of {@code clientId}, last in {@code transaction}; true. */
  private static boolean logged(Transaction transaction, String clientId) throws SQLException {
    JdbcChangeLog.record(transaction, Change.app(clientId));
    return true;
  }

  /** Tells the listener of a committed change of {@code clientId}; returns {@code changed}. */
  private boolean changed(String clientId, boolean changed) {
    if (changed) {
      listener.applied(Change.app(clientId));
    }
    return changed;
  }

  @Override
  public boolean allowsOrigin(String clientId, String origin) {
    return jdbc.read(
        connection -> {
          try (PreparedStatement select = connection.prepareStatement(ORIGIN_OF_APP)) {
            select.setString(1, clientId);
            select.setString(2, origin);
            return exists(select);
          }
        });
  }

  @Override
  public boolean anyAllowsOrigin(String origin) {
    return jdbc.read(
        connection -> {
          try (PreparedStatement select = connection.prepareStatement(ORIGIN_OF_ANY_APP)) {
            select.setString(1, origin);
            return exists(select);
          }
        });
  }

  private static boolean exists(PreparedStatement select) throws SQLException {
    try (ResultSet rows = select.executeQuery()) {
      return rows.next();
    }
  }

  private List<App> readApps(PreparedStatement select) throws SQLException {
    List<App> apps = new ArrayList<>();
    try (ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        RefreshMode mode =
            RefreshMode.fromWireName(rows.getString(4))
                .orElseThrow(() -> new StoreException("Unknown refresh mode in app row", null));
        Set<GrantType> grantTypes = EnumSet.noneOf(GrantType.class);
        for (String grant : dialect.strings(rows, 10)) {
          GrantType.fromWireName(grant).ifPresent(grantTypes::add);
        }
        TokenEndpointAuthMethod authMethod =
            TokenEndpointAuthMethod.fromWireName(rows.getString(11))
                .orElseThrow(() -> new StoreException("Unknown auth method in app row", null));
        apps.add(
            new App(
                rows.getString(1),
                rows.getString(2),
                rows.getString(3),
                dialect.strings(rows, 8),
                Scopes.of(dialect.strings(rows, 9)),
                grantTypes,
                mode,
                rows.getString(5),
                rows.getBoolean(6),
                Instant.ofEpochMilli(rows.getLong(7)),
                authMethod,
                dialect.strings(rows, 12)));
      }
    }
    return apps;
  }

  private static boolean update(Connection connection, App app) throws SQLException {
    try (PreparedStatement update = connection.prepareStatement(UPDATE)) {
      bindFields(update, app);
      return update.executeUpdate() == 1;
    }
  }

  private static boolean insert(Connection connection, App app) throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
      bindFields(insert, app);
      insert.setLong(8, app.createdAt().toEpochMilli());
      return insert.executeUpdate() == 1;
    }
  }

  private static void bindFields(PreparedStatement statement, App app) throws SQLException {
    statement.setString(1, app.name());
    statement.setString(2, app.secretHash());
    statement.setString(3, app.refreshMode().wireName());
    statement.setString(4, app.owner());
    statement.setBoolean(5, app.allowPlainPkce());
    statement.setString(6, app.authMethod().wireName());
    statement.setString(7, app.clientId());
  }

  private static void replaceChildren(Connection connection, App app) throws SQLException {
    replaceChildren(connection, "app_redirect_uri", "redirect_uri", app, app.redirectUris());
    replaceChildren(connection, "app_scope", "scope", app, app.scopes().names());
    List<String> grants = app.grantTypes().stream().map(GrantType::wireName).toList();
    replaceChildren(connection, "app_grant_type", "grant_type", app, grants);
    replaceChildren(connection, "app_allowed_origin", "origin", app, app.allowedOrigins());
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
