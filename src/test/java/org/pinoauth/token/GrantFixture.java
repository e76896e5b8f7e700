package org.pinoauth.token;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.pinoauth.audit.AuditLog;
import org.pinoauth.boot.Pinoauth;
import org.pinoauth.client.App;
import org.pinoauth.client.GrantType;
import org.pinoauth.config.Config;
import org.pinoauth.config.Settings;
import org.pinoauth.crypto.TokenHasher;
import org.pinoauth.http.Form;
import org.pinoauth.scope.Scopes;
import org.pinoauth.store.AppStore;
import org.pinoauth.store.AuthorizationCode;
import org.pinoauth.store.CodeStore;
import org.pinoauth.store.ConsentStore;
import org.pinoauth.store.TokenStore;
import org.pinoauth.testing.MutableClock;
import org.pinoauth.testing.TestApps;

/**
 * The three grants as the listener wires them — built by {@link Pinoauth#build}, the boot wiring
 * itself, not a copy of it — on the real JDBC stores over a fresh in-memory H2 database and a
 * {@link MutableClock}, so a grant test can move time and read the tables.
 */
final class GrantFixture implements AutoCloseable {
  static final Instant START = Instant.parse("2025-01-01T00:00:00Z");
  static final String REDIRECT_URI = "http://localhost:8085/";

  /** A fixed {@code token.key}, so a test can build a grant that seals as the wired ones do. */
  private static final byte[] TOKEN_KEY = tokenKey();

  final MutableClock clock = new MutableClock(START);
  final Config config;
  final JdbcDataSource dataSource;
  final Pinoauth pinoauth;
  final AppStore apps;
  final CodeStore codes;
  final ConsentStore consents;
  final TokenStore tokens;
  final AccessTokens accessTokens;
  final AuditLog audit;
  final TokenFactory factory;
  final GrantHandler authorizationCode;
  final GrantHandler refreshToken;
  final GrantHandler clientCredentials;

  private GrantFixture(Map<String, String> settings) {
    Map<String, String> withKey = new HashMap<>(settings);
    withKey.putIfAbsent(
        "pinoauth.token.key", Base64.getUrlEncoder().withoutPadding().encodeToString(TOKEN_KEY));
    config = Config.from(new Settings(key -> null, Map.of(), withKey::get));
    dataSource = new JdbcDataSource();
    dataSource.setURL(
        "jdbc:h2:mem:grant-"
            + UUID.randomUUID()
            + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"
            + ";DB_CLOSE_DELAY=-1");
    Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
    pinoauth = Pinoauth.build(config, clock, dataSource, Pinoauth.newMetrics());
    apps = pinoauth.apps();
    codes = pinoauth.codes();
    consents = pinoauth.consents();
    tokens = pinoauth.tokens();
    accessTokens = pinoauth.accessTokens();
    audit = pinoauth.audit();
    factory = new TokenFactory(new TokenMinter(), new AccessTokenSealer(TOKEN_KEY), clock, config);
    authorizationCode = pinoauth.grants().of(GrantType.AUTHORIZATION_CODE);
    refreshToken = pinoauth.grants().of(GrantType.REFRESH_TOKEN);
    clientCredentials = pinoauth.grants().of(GrantType.CLIENT_CREDENTIALS);
  }

  private static byte[] tokenKey() {
    byte[] key = new byte[32];
    for (int i = 0; i < key.length; i++) {
      key[i] = (byte) (i + 1);
    }
    return key;
  }

  /** A fixture with default settings. */
  static GrantFixture create() {
    return new GrantFixture(Map.of());
  }

  /**
   * A fixture with settings given as {@code pinoauth.<key>} init-parameters, key without prefix.
   */
  static GrantFixture create(Map<String, String> settings) {
    Map<String, String> prefixed = new HashMap<>();
    settings.forEach((key, value) -> prefixed.put("pinoauth." + key, value));
    return new GrantFixture(prefixed);
  }

  /** Saves the app in the store. */
  App register(TestApps builder) {
    App app = builder.build();
    apps.save(app);
    return app;
  }

  /** Issues a code now, as the authorization endpoint does once the user allows. */
  String issueCode(App app, String username, String scopes) {
    return issueCode(app, username, scopes, REDIRECT_URI, null, null);
  }

  String issueCode(
      App app,
      String username,
      String scopes,
      String redirectUri,
      String challenge,
      String method) {
    String value = new TokenMinter().mint("");
    Instant now = clock.instant();
    codes.issue(
        new AuthorizationCode(
            TokenHasher.hash(value),
            app.clientId(),
            username,
            redirectUri,
            Scopes.parse(scopes),
            Optional.ofNullable(challenge),
            Optional.ofNullable(method),
            now,
            now.plus(config.codeTtl())));
    return value;
  }

  /** A token request of this grant with the given body parameters, in pairs. */
  static TokenRequest request(GrantType grantType, String... namesAndValues) {
    Map<String, List<String>> parameters = new LinkedHashMap<>();
    parameters.put("grant_type", List.of(grantType.wireName()));
    for (int i = 0; i < namesAndValues.length; i += 2) {
      parameters
          .computeIfAbsent(namesAndValues[i], key -> new ArrayList<>())
          .add(namesAndValues[i + 1]);
    }
    return new TokenRequest(grantType, new Form(parameters));
  }

  TokenResponse exchange(App app, String code) {
    return authorizationCode.handle(
        request(GrantType.AUTHORIZATION_CODE, "code", code, "redirect_uri", REDIRECT_URI), app);
  }

  TokenResponse refresh(App app, String refreshTokenValue, String... more) {
    String[] pairs = new String[more.length + 2];
    pairs[0] = "refresh_token";
    pairs[1] = refreshTokenValue;
    System.arraycopy(more, 0, pairs, 2, more.length);
    return refreshToken.handle(request(GrantType.REFRESH_TOKEN, pairs), app);
  }

  void advance(Duration duration) {
    clock.advance(duration);
  }

  /** The claims sealed in an access token this fixture issued. */
  AccessToken accessToken(String value) {
    return accessTokens.open(value).orElseThrow(() -> new AssertionError("not a sealed token"));
  }

  Optional<Map<String, Object>> refreshTokenRow(String value) {
    return row("SELECT * FROM refresh_token WHERE token_hash = ?", TokenHasher.hash(value));
  }

  /** Whether an access token this fixture issued no longer counts: it or its family revoked. */
  boolean accessTokenRevoked(String value) {
    accessToken(value);
    return accessTokens.findLive(value).isEmpty();
  }

  long count(String sql) {
    return row(sql)
        .map(found -> ((Number) found.values().iterator().next()).longValue())
        .orElse(0L);
  }

  private Optional<Map<String, Object>> row(String sql, Object... parameters) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        select.setObject(i + 1, parameters[i]);
      }
      try (ResultSet rows = select.executeQuery()) {
        if (!rows.next()) {
          return Optional.empty();
        }
        Map<String, Object> found = new LinkedHashMap<>();
        for (int column = 1; column <= rows.getMetaData().getColumnCount(); column++) {
          found.put(
              rows.getMetaData().getColumnLabel(column).toLowerCase(Locale.ROOT),
              rows.getObject(column));
        }
        return Optional.of(found);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("SHUTDOWN");
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
