package org.pinoauth.web;

import jakarta.servlet.ServletContext;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.pinoauth.audit.AuditLog;
import org.pinoauth.authorize.SignInCsrf;
import org.pinoauth.client.ClientAuthenticator;
import org.pinoauth.config.Config;
import org.pinoauth.limit.FailureLimiter;
import org.pinoauth.limit.Lockouts;
import org.pinoauth.limit.SignInSlowdown;
import org.pinoauth.metrics.Metrics;
import org.pinoauth.store.AppStore;
import org.pinoauth.store.CodeStore;
import org.pinoauth.store.ConsentStore;
import org.pinoauth.store.StoreException;
import org.pinoauth.store.TokenStore;
import org.pinoauth.store.jdbc.JdbcAppStore;
import org.pinoauth.store.jdbc.JdbcCodeStore;
import org.pinoauth.store.jdbc.JdbcConsentStore;
import org.pinoauth.store.jdbc.JdbcRevokedAccessTokenStore;
import org.pinoauth.store.jdbc.JdbcTokenKeyStore;
import org.pinoauth.store.jdbc.JdbcTokenStore;
import org.pinoauth.token.AccessTokenSealer;
import org.pinoauth.token.AccessTokens;
import org.pinoauth.token.AuthorizationCodeGrant;
import org.pinoauth.token.ClientCredentialsGrant;
import org.pinoauth.token.GrantHandler;
import org.pinoauth.token.GrantType;
import org.pinoauth.token.RefreshTokenGrant;
import org.pinoauth.token.TokenFactory;
import org.pinoauth.token.TokenKey;
import org.pinoauth.token.TokenMinter;

/**
 * The application's object graph, built once by {@link PinoauthListener} and shared through the
 * servlet context: configuration, the DataSource, the stores, the grant handlers and the audit log.
 * Servlets and filters take what they need in {@code init()}.
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
    Map<GrantType, GrantHandler> grants,
    AuditLog audit) {

  static final String ATTRIBUTE = Pinoauth.class.getName();
  private static final Logger LOG = System.getLogger(Pinoauth.class.getName());

  public Pinoauth {
    grants = Map.copyOf(grants);
  }

  /** Wires every part on {@code dataSource}. */
  public static Pinoauth build(Config config, Clock clock, DataSource dataSource, Metrics metrics) {
    LOG.log(Level.INFO, Libraries.describe(dataSource));
    AppStore apps = new JdbcAppStore(dataSource);
    CodeStore codes = new JdbcCodeStore(dataSource);
    ConsentStore consents = new JdbcConsentStore(dataSource);
    TokenStore tokens = new JdbcTokenStore(dataSource, clock);
    TokenMinter minter = new TokenMinter();
    byte[] tokenKey = TokenKey.load(config.tokenKey(), new JdbcTokenKeyStore(dataSource, clock));
    AccessTokenSealer sealer =
        new AccessTokenSealer(tokenKey, TokenKey.previous(config.tokenKeyPrevious()));
    TokenFactory factory = new TokenFactory(minter, sealer, clock, config);
    AuditLog audit = new AuditLog(tokenKey);
    List<GrantHandler> handlers =
        List.of(
            new AuthorizationCodeGrant(codes, consents, tokens, factory, clock, audit),
            new RefreshTokenGrant(
                tokens,
                consents,
                factory,
                config.scopes(),
                clock,
                config.refreshReuseGrace(),
                audit),
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
    metrics.watchWaitingRequests(requestDelays);
    metrics.watchLockouts("client", clientLockouts);
    metrics.watchLockouts("signin", signInLockouts);
    Map<GrantType, GrantHandler> grants = new EnumMap<>(GrantType.class);
    for (GrantHandler handler : handlers) {
      grants.put(handler.grantType(), handler);
    }
    return new Pinoauth(
        config,
        clock,
        dataSource,
        apps,
        codes,
        consents,
        tokens,
        new AccessTokens(sealer, new JdbcRevokedAccessTokenStore(dataSource), clock),
        minter,
        new ClientAuthenticator(apps, clientLockouts),
        clientLockouts,
        signInLockouts,
        signInSlowdown,
        requestDelays,
        new SignInCsrf(tokenKey, minter, clock),
        metrics,
        grants,
        audit);
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

  /** The instance {@link PinoauthListener} put in this context. */
  public static Pinoauth from(ServletContext context) {
    Pinoauth pinoauth = (Pinoauth) context.getAttribute(ATTRIBUTE);
    if (pinoauth == null) {
      throw new IllegalStateException("PinoauthListener did not start; see the log above");
    }
    return pinoauth;
  }
}
