package org.pinoauth.boot;

import jakarta.servlet.ServletContext;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.pinoauth.audit.AuditLog;
import org.pinoauth.authorize.SignInCsrf;
import org.pinoauth.client.GrantType;
import org.pinoauth.clientauth.ClientAuthenticator;
import org.pinoauth.config.Config;
import org.pinoauth.http.Collaborators;
import org.pinoauth.http.RequestDelays;
import org.pinoauth.introspect.TokenIntrospection;
import org.pinoauth.limit.FailureLimiter;
import org.pinoauth.limit.Lockouts;
import org.pinoauth.limit.SignInSlowdown;
import org.pinoauth.metrics.Metrics;
import org.pinoauth.realm.RealmBasicLogin;
import org.pinoauth.revoke.TokenRevocation;
import org.pinoauth.store.AppStore;
import org.pinoauth.store.ChangeListener;
import org.pinoauth.store.CodeStore;
import org.pinoauth.store.ConsentStore;
import org.pinoauth.store.GrantStore;
import org.pinoauth.store.RevokedAccessTokenStore;
import org.pinoauth.store.StoreException;
import org.pinoauth.store.TokenStore;
import org.pinoauth.store.cache.CachingAppStore;
import org.pinoauth.store.cache.CachingRevokedAccessTokenStore;
import org.pinoauth.store.cache.NodeCaches;
import org.pinoauth.store.jdbc.JdbcAppStore;
import org.pinoauth.store.jdbc.JdbcCodeStore;
import org.pinoauth.store.jdbc.JdbcConsentStore;
import org.pinoauth.store.jdbc.JdbcGrantStore;
import org.pinoauth.store.jdbc.JdbcRevokedAccessTokenStore;
import org.pinoauth.store.jdbc.JdbcTokenKeyStore;
import org.pinoauth.store.jdbc.JdbcTokenStore;
import org.pinoauth.store.jdbc.StoreSettings;
import org.pinoauth.token.AccessTokenSealer;
import org.pinoauth.token.AccessTokens;
import org.pinoauth.token.AuthorizationCodeGrant;
import org.pinoauth.token.ClientCredentialsGrant;
import org.pinoauth.token.GrantHandler;
import org.pinoauth.token.Grants;
import org.pinoauth.token.RefreshTokenGrant;
import org.pinoauth.token.TokenFactory;
import org.pinoauth.token.TokenIssued;
import org.pinoauth.token.TokenKey;
import org.pinoauth.token.TokenMinter;

/**
 * The application's object graph, built once by {@link PinoauthListener}: configuration, the
 * DataSource, the stores, the grant handlers and the audit log. It {@linkplain #publish publishes}
 * each servlet's and filter's collaborators under their types ({@link Collaborators}), and each
 * {@code init()} takes only what it uses; the graph as a whole is for the listener and for tests.
 */
public record Pinoauth(
    Config config,
    Clock clock,
    DataSource dataSource,
    AppStore apps,
    CodeStore codes,
    ConsentStore consents,
    TokenStore tokens,
    AccessTokens accessTokens,
    TokenMinter minter,
    ClientAuthenticator clientAuthenticator,
    Lockouts clientLockouts,
    Lockouts signInLockouts,
    SignInSlowdown signInSlowdown,
    RequestDelays requestDelays,
    SignInCsrf signInCsrf,
    Metrics metrics,
    Grants grants,
    AuditLog audit,
    Optional<NodeCaches> caches) {

  static final String ATTRIBUTE = Pinoauth.class.getName();
  private static final Logger LOG = System.getLogger(Pinoauth.class.getName());

  /** Wires every part on {@code dataSource}, without caches. */
  public static Pinoauth build(Config config, Clock clock, DataSource dataSource, Metrics metrics) {
    return build(config, clock, dataSource, metrics, Optional.empty());
  }

  /**
   * Wires every part on {@code dataSource}; with {@code caches}, apps and access tokens' liveness
   * are answered from them while they are fresh, and every store that changes what they hold tells
   * them at once.
   */
  public static Pinoauth build(
      Config config,
      Clock clock,
      DataSource dataSource,
      Metrics metrics,
      Optional<NodeCaches> caches) {
    LOG.log(Level.INFO, Libraries.describe(dataSource));
    ChangeListener changes = caches.<ChangeListener>map(c -> c).orElse(ChangeListener.NONE);
    AppStore jdbcApps = new JdbcAppStore(dataSource, changes);
    AppStore apps = caches.<AppStore>map(c -> new CachingAppStore(jdbcApps, c)).orElse(jdbcApps);
    RevokedAccessTokenStore jdbcRevoked = new JdbcRevokedAccessTokenStore(dataSource, changes);
    RevokedAccessTokenStore revoked =
        caches
            .<RevokedAccessTokenStore>map(c -> new CachingRevokedAccessTokenStore(jdbcRevoked, c))
            .orElse(jdbcRevoked);
    caches.ifPresent(c -> metrics.watchCaches(c::hits, c::readThroughs, c::freshnessAgeSeconds));
    CodeStore codes = new JdbcCodeStore(dataSource);
    ConsentStore consents = new JdbcConsentStore(dataSource);
    TokenStore tokens = new JdbcTokenStore(dataSource, clock, changes);
    TokenMinter minter = new TokenMinter();
    byte[] tokenKey = TokenKey.load(config.tokenKey(), new JdbcTokenKeyStore(dataSource, clock));
    AccessTokenSealer sealer =
        new AccessTokenSealer(tokenKey, TokenKey.previous(config.tokenKeyPrevious()));
    TokenFactory factory = new TokenFactory(minter, sealer, clock, config);
    AuditLog audit = new AuditLog(tokenKey);
    List<GrantHandler> handlers =
        List.of(
            new AuthorizationCodeGrant(codes, tokens, factory, clock, audit),
            new RefreshTokenGrant(
                tokens, factory, config.scopes(), clock, config.refreshReuseGrace(), audit),
            new ClientCredentialsGrant(factory, config.scopes()));
    Config.Limits limits = config.limits();
    Lockouts clientLockouts =
        new Lockouts(
            new FailureLimiter(limits.clientPerApp(), limits.window(), limits.trackedKeys(), clock),
            new FailureLimiter(
                limits.clientPerAddress(), limits.window(), limits.trackedKeys(), clock),
            audit.locks("client", clientId -> isRegistered(apps, clientId)));
    // A username is what someone typed, perhaps a password: its locks log only its keyed hash.
    Lockouts signInLockouts =
        new Lockouts(
            new FailureLimiter(
                limits.signInPerUser(), limits.window(), limits.trackedKeys(), clock),
            new FailureLimiter(
                limits.signInPerAddress(), limits.window(), limits.trackedKeys(), clock),
            audit.locks("signin", username -> false));
    Config.Slowdown slowdown = config.slowdown();
    SignInSlowdown signInSlowdown =
        new SignInSlowdown(
            slowdown.after(), slowdown.delay(), limits.window(), limits.trackedKeys(), clock);
    RequestDelays requestDelays = new RequestDelays();
    metrics.watchWaitingRequests(requestDelays::waiting);
    metrics.watchLockouts("client", clientLockouts::activeLockouts);
    metrics.watchLockouts("signin", signInLockouts::activeLockouts);
    return new Pinoauth(
        config,
        clock,
        dataSource,
        apps,
        codes,
        consents,
        tokens,
        new AccessTokens(sealer, revoked, clock),
        minter,
        new ClientAuthenticator(apps, clientLockouts),
        clientLockouts,
        signInLockouts,
        signInSlowdown,
        requestDelays,
        new SignInCsrf(tokenKey, minter, clock),
        metrics,
        new Grants(handlers),
        audit,
        caches);
  }

  /**
   * Puts in {@code context}, each under its type, what the servlets and filters of {@code web.xml}
   * use. The one {@link Lockouts} is the sign-in lockouts of people ({@code /oauth/}): the lockouts
   * of apps are inside the {@link ClientAuthenticator}.
   */
  void publish(ServletContext context) {
    Collaborators.put(context, Config.class, config);
    Collaborators.put(context, Clock.class, clock);
    Collaborators.put(context, DataSource.class, dataSource);
    Collaborators.put(context, AppStore.class, apps);
    Collaborators.put(context, CodeStore.class, codes);
    Collaborators.put(context, ConsentStore.class, consents);
    Collaborators.put(context, GrantStore.class, grantStore());
    Collaborators.put(context, AccessTokens.class, accessTokens);
    Collaborators.put(context, TokenMinter.class, minter);
    Collaborators.put(context, ClientAuthenticator.class, clientAuthenticator);
    Collaborators.put(context, Lockouts.class, signInLockouts);
    Collaborators.put(context, SignInSlowdown.class, signInSlowdown);
    Collaborators.put(context, RequestDelays.class, requestDelays);
    Collaborators.put(context, SignInCsrf.class, signInCsrf);
    Collaborators.put(context, AuditLog.class, audit);
    Collaborators.put(context, Metrics.class, metrics);
    Collaborators.put(context, Grants.class, grants);
    Collaborators.put(
        context, TokenIssued.class, grant -> metrics.recordTokenIssued(grant.wireName()));
    Collaborators.put(context, TokenRevocation.class, new TokenRevocation(accessTokens, tokens));
    Collaborators.put(
        context, TokenIntrospection.class, new TokenIntrospection(accessTokens, tokens, clock));
    Collaborators.put(
        context,
        RealmBasicLogin.class,
        new RealmBasicLogin(signInLockouts, signInSlowdown, requestDelays));
    context.setAttribute(ATTRIBUTE, this);
  }

  /** People's grants, on the same DataSource and clock as every other store. */
  public GrantStore grantStore() {
    return new JdbcGrantStore(
        dataSource, clock, caches.<ChangeListener>map(c -> c).orElse(ChangeListener.NONE));
  }

  /** The metrics of a deployment, with a token counter for every grant type. */
  public static Metrics newMetrics() {
    return new Metrics(Stream.of(GrantType.values()).map(GrantType::wireName).toList());
  }

  /** The store's settings out of {@code config}. */
  public static StoreSettings storeSettings(Config config) {
    return new StoreSettings(
        config.dbJndiName(),
        config.dbUrl(),
        config.dbUser(),
        config.dbPassword(),
        config.dbPoolSize(),
        config.dbPoolTimeout(),
        config.dbStartWait(),
        config.dataDir(),
        config.dataEngine());
  }

  /**
   * Whether a client id that just locked is a registered app's, so the audit log may name it; an
   * unregistered one may be a secret sent in its place.
   */
  private static boolean isRegistered(AppStore apps, String clientId) {
    try {
      return apps.find(clientId).isPresent();
    } catch (StoreException unavailable) {
      return false; // logged as its hash: nothing is lost but the name
    }
  }

  /** The instance {@link PinoauthListener} put in this context: for the listener and for tests. */
  public static Pinoauth from(ServletContext context) {
    Pinoauth pinoauth = (Pinoauth) context.getAttribute(ATTRIBUTE);
    if (pinoauth == null) {
      throw new IllegalStateException("PinoauthListener did not start; see the log above");
    }
    return pinoauth;
  }
}
