package org.pinoauth.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.pinoauth.scope.ScopeCatalog;
import org.pinoauth.scope.Scopes;
import org.pinoauth.store.jdbc.EmbeddedEngine;

/**
 * pinoauth's typed configuration, read once at start-up from {@link Settings}. Every key pinoauth
 * reads is read here, in {@link #from}, and has its row in docs/configuration.md
 * (ConfigurationDocTest compares the two).
 */
public record Config(
    Duration accessTokenTtl,
    Duration refreshTokenTtl,
    Duration legacyRefreshTokenTtl,
    Duration codeTtl,
    Duration refreshReuseGrace,
    Duration purgeInterval,
    Optional<String> issuer,
    boolean authorizationIss,
    ScopeCatalog scopes,
    Optional<Path> bootstrap,
    Path dataDir,
    EmbeddedEngine dataEngine,
    String dbJndiName,
    Optional<String> dbUrl,
    Optional<String> dbUser,
    Optional<String> dbPassword,
    int dbPoolSize,
    Duration dbPoolTimeout,
    Duration dbStartWait,
    Optional<String> tokenKey,
    Optional<String> tokenKeyPrevious,
    Limits limits,
    Slowdown slowdown,
    Optional<String> metricsRole,
    Duration cacheStaleness) {

  /** Leaves the secrets out: a record would print every field. */
  @Override
  public String toString() {
    return "Config[dataDir="
        + dataDir
        + ", dataEngine="
        + dataEngine
        + ", dbUrl="
        + dbUrl.orElse("(none)")
        + ", tokenKey="
        + (tokenKey.isPresent() ? "(set)" : "(stored)")
        + "]";
  }

  /**
   * Failed-authentication limits (CONTRACT §2.5 {@code slow_down}, §2.6), all per source address
   * block ({@link org.pinoauth.limit.AddressBlock}: an IPv4 address, an IPv6 /64), never per
   * account alone: {@code clientPerApp} failures per (client id, block) and {@code
   * clientPerAddress} per block at the token, revocation and introspection endpoints ({@code
   * auth.failure.limit}, {@code auth.failure.address.limit}); {@code signInPerUser} per (username,
   * block) and {@code signInPerAddress} per block at the {@code /oauth/} sign-in and the admin API
   * ({@code signin.failure.limit}, {@code signin.failure.address.limit}); in windows of {@code
   * window}, at most {@code trackedKeys} keys counted per kind. A limit of 0 turns that count off.
   */
  public record Limits(
      int clientPerApp,
      int clientPerAddress,
      int signInPerUser,
      int signInPerAddress,
      Duration window,
      int trackedKeys) {

    static Limits from(Settings settings) {
      return new Limits(
          count(settings, "auth.failure.limit", 10),
          count(settings, "auth.failure.address.limit", 100),
          count(settings, "signin.failure.limit", 5),
          count(settings, "signin.failure.address.limit", 50),
          seconds(settings, "auth.failure.window", 300),
          Math.max(1_000, count(settings, "auth.failure.tracked", 100_000)));
    }
  }

  /**
   * The account-wide sign-in slowdown ({@link org.pinoauth.limit.SignInSlowdown}): after {@code
   * after} failures of one account in a window ({@code auth.failure.window}), attempts from
   * addresses that never signed in to it wait {@code delay} before the check; {@code after} 0 turns
   * it off. The delay is at most one second.
   */
  public record Slowdown(int after, Duration delay) {
    private static final long MAX_DELAY_MILLIS = 1_000;

    static Slowdown from(Settings settings) {
      return new Slowdown(
          count(settings, "signin.slowdown.after", 10),
          Duration.ofMillis(
              Math.min(MAX_DELAY_MILLIS, settings.getLong("signin.slowdown.delay", 1_000))));
    }
  }

  public static Config from(Settings settings) {
    return new Config(
        seconds(settings, "access.token.ttl", 2_592_000),
        seconds(settings, "refresh.token.ttl", 5_184_000),
        seconds(settings, "legacy.refresh.token.ttl", 31_536_000),
        seconds(settings, "code.ttl", 600),
        seconds(settings, "refresh.reuse.grace", 0),
        seconds(settings, "purge.interval", 3600),
        settings.get("issuer"),
        settings.getBoolean("authorization.iss", false),
        settings
            .get("scopes")
            .map(list -> ScopeCatalog.of(Scopes.parse(list)))
            .orElseGet(ScopeCatalog::pinterest),
        settings.get("bootstrap").map(Path::of),
        Path.of(settings.get("data.dir", System.getProperty("user.home") + "/.pinoauth")),
        settings.get("data.engine").map(EmbeddedEngine::of).orElse(EmbeddedEngine.SQLITE),
        settings.get("db.jndi", "java:comp/env/jdbc/pinoauth"),
        settings.get("db.url"),
        settings.get("db.user"),
        settings.get("db.password"),
        Math.toIntExact(Math.max(1, settings.getLong("db.pool.size", 10))),
        Duration.ofMillis(Math.max(250, settings.getLong("db.pool.timeout", 5_000))),
        seconds(settings, "db.start.wait", 120),
        settings.get("token.key"),
        settings.get("token.key.previous"),
        Limits.from(settings),
        Slowdown.from(settings),
        settings.get("metrics.role"),
        settings.getDuration("cache.staleness", Duration.ZERO));
  }

  private static int count(Settings settings, String key, int defaultCount) {
    return Math.toIntExact(Math.min(Integer.MAX_VALUE, settings.getLong(key, defaultCount)));
  }

  private static Duration seconds(Settings settings, String key, long defaultSeconds) {
    return Duration.ofSeconds(settings.getLong(key, defaultSeconds));
  }
}
