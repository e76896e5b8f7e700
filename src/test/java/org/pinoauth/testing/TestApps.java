package org.pinoauth.testing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.pinoauth.client.App;
import org.pinoauth.client.GrantType;
import org.pinoauth.client.RefreshMode;
import org.pinoauth.client.Secret;
import org.pinoauth.client.SecretHasher;
import org.pinoauth.client.TokenEndpointAuthMethod;
import org.pinoauth.scope.ScopeCatalog;
import org.pinoauth.scope.Scopes;

/**
 * A builder of test apps, so a test changes only the field it is about: {@code
 * TestApps.app().refreshMode(LEGACY).registerOn(server)}. Defaults: a fresh numeric id, secret
 * {@code test-secret}, all scopes, all grants, continuous refresh, owner {@code app-owner},
 * redirect URI {@code http://localhost:8085/}.
 */
public final class TestApps {
  private static final AtomicLong NEXT_ID = new AtomicLong(7_000_000);

  private String clientId = Long.toString(NEXT_ID.incrementAndGet());
  private Instant createdAt = Instant.now();
  private String secret = "test-secret";
  private String name = "Test app";
  private List<String> redirectUris = new ArrayList<>(List.of("http://localhost:8085/"));
  private Scopes scopes = ScopeCatalog.pinterest().all();
  private Set<GrantType> grantTypes = EnumSet.allOf(GrantType.class);
  private RefreshMode refreshMode = RefreshMode.CONTINUOUS;
  private String owner = "app-owner";
  private boolean allowPlainPkce;
  private TokenEndpointAuthMethod authMethod = TokenEndpointAuthMethod.CLIENT_SECRET_BASIC;
  private List<String> allowedOrigins = List.of();

  private TestApps() {}

  public static TestApps app() {
    return new TestApps();
  }

  public TestApps clientId(String value) {
    clientId = value;
    return this;
  }

  public TestApps secret(String value) {
    secret = value;
    return this;
  }

  public TestApps name(String value) {
    name = value;
    return this;
  }

  public TestApps redirectUris(String... values) {
    redirectUris = new ArrayList<>(List.of(values));
    return this;
  }

  public TestApps scopes(String list) {
    scopes = Scopes.parse(list);
    return this;
  }

  public TestApps grantTypes(GrantType... values) {
    grantTypes =
        values.length == 0 ? EnumSet.noneOf(GrantType.class) : EnumSet.of(values[0], values);
    return this;
  }

  public TestApps refreshMode(RefreshMode value) {
    refreshMode = value;
    return this;
  }

  public TestApps owner(String value) {
    owner = value;
    return this;
  }

  /** When the app was registered; by default now. */
  public TestApps createdAt(Instant value) {
    createdAt = value;
    return this;
  }

  public TestApps allowPlainPkce(boolean value) {
    allowPlainPkce = value;
    return this;
  }

  /**
   * A public app (token_endpoint_auth_method none): no secret, only the grants and refresh mode a
   * public app may have, redirect URIs of a native app on loopback.
   */
  public TestApps publicClient() {
    authMethod = TokenEndpointAuthMethod.NONE;
    secret = null;
    grantTypes = EnumSet.of(GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN);
    redirectUris = new ArrayList<>(List.of("http://127.0.0.1/callback"));
    return this;
  }

  /** Browser origins, canonical (as {@code AllowedOrigin} stores them). */
  public TestApps allowedOrigins(String... values) {
    allowedOrigins = List.of(values);
    return this;
  }

  public App build() {
    return new App(
        clientId,
        name,
        secret == null ? "" : SecretHasher.hash(new Secret(secret)),
        redirectUris,
        scopes,
        grantTypes,
        refreshMode,
        owner,
        allowPlainPkce,
        createdAt,
        authMethod,
        allowedOrigins);
  }

  /** Saves the app in the server's store and returns a handle with its plain credentials. */
  public TestApp registerOn(TestServer server) {
    App app = build();
    server.pinoauth().apps().save(app);
    return new TestApp(app, secret);
  }

  /** A registered app and the secret it was given. */
  public record TestApp(App app, String secret) {
    public String clientId() {
      return app.clientId();
    }
  }
}
