package org.pinoauth.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.pinoauth.scope.ScopeCatalog;
import org.pinoauth.scope.Scopes;

/**
 * pinoauth's typed configuration, read once at start-up from {@link Settings}. Every key is listed
 * in the README's configuration table.
 */
public record Config(
    Duration accessTokenTtl,
    Duration refreshTokenTtl,
    Duration legacyRefreshTokenTtl,
    Duration codeTtl,
    Duration refreshReuseGrace,
    Duration purgeInterval,
    Optional<String> issuer,
    ScopeCatalog scopes,
    Optional<Path> bootstrap,
    Path dataDir,
    Optional<String> dbUrl,
    Optional<String> dbUser,
    Optional<String> dbPassword,
    int dbPoolSize,
    Duration dbPoolTimeout) {

  public static Config from(Settings settings) {
    return new Config(
        seconds(settings, "access.token.ttl", 2_592_000),
        seconds(settings, "refresh.token.ttl", 5_184_000),
        seconds(settings, "legacy.refresh.token.ttl", 31_536_000),
        seconds(settings, "code.ttl", 600),
        seconds(settings, "refresh.reuse.grace", 0),
        seconds(settings, "purge.interval", 3600),
        settings.get("issuer"),
        settings
            .get("scopes")
            .map(list -> ScopeCatalog.of(Scopes.parse(list)))
            .orElseGet(ScopeCatalog::pinterest),
        settings.get("bootstrap").map(Path::of),
        Path.of(settings.get("data.dir", System.getProperty("user.home") + "/.pinoauth")),
        settings.get("db.url"),
        settings.get("db.user"),
        settings.get("db.password"),
        Math.toIntExact(Math.max(1, settings.getLong("db.pool.size", 10))),
        Duration.ofMillis(Math.max(250, settings.getLong("db.pool.timeout", 5_000))));
  }

  private static Duration seconds(Settings settings, String key, long defaultSeconds) {
    return Duration.ofSeconds(settings.getLong(key, defaultSeconds));
  }
}
