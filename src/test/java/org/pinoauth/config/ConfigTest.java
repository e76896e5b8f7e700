package org.pinoauth.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.pinoauth.scope.ScopeCatalog;
import org.pinoauth.store.jdbc.EmbeddedEngine;

class ConfigTest {

  private static Config config(Map<String, String> initParameters) {
    return Config.from(new Settings(key -> null, Map.of(), initParameters::get));
  }

  @Test
  void fromWhenNothingSetThenContractDefaults() {
    Config config = config(Map.of());

    assertEquals(Duration.ofSeconds(2_592_000), config.accessTokenTtl());
    assertEquals(Duration.ofSeconds(5_184_000), config.refreshTokenTtl());
    assertEquals(Duration.ofSeconds(31_536_000), config.legacyRefreshTokenTtl());
    assertEquals(Duration.ofSeconds(600), config.codeTtl());
    assertEquals(Duration.ZERO, config.refreshReuseGrace());
    assertEquals(Optional.empty(), config.issuer());
    assertEquals(ScopeCatalog.pinterest().all(), config.scopes().all());
    assertEquals(Optional.empty(), config.bootstrap());
    assertEquals(Optional.empty(), config.dbUrl());
    assertEquals(Path.of(System.getProperty("user.home"), ".pinoauth"), config.dataDir());
    assertEquals(10, config.dbPoolSize());
    assertEquals(Duration.ofSeconds(5), config.dbPoolTimeout());
    assertEquals(Duration.ofSeconds(120), config.dbStartWait());
  }

  @Test
  void fromWhenCacheStalenessUnsetThenZeroAndWhenWithUnitThenThatLong() {
    assertEquals(Duration.ZERO, config(Map.of()).cacheStaleness());
    assertEquals(Duration.ZERO, config(Map.of("pinoauth.cache.staleness", "0")).cacheStaleness());
    assertEquals(
        Duration.ofSeconds(1), config(Map.of("pinoauth.cache.staleness", "1s")).cacheStaleness());
    assertEquals(
        Duration.ofMillis(250),
        config(Map.of("pinoauth.cache.staleness", " 250ms ")).cacheStaleness());
  }

  @Test
  void fromWhenCacheStalenessWithoutUnitOrNegativeThenIllegalArgumentNamingKey() {
    for (String bad : new String[] {"1", "-1s", "1.5s", "1m", "s", "99999999999999s"}) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> config(Map.of("pinoauth.cache.staleness", bad)),
              bad);
      assertTrue(e.getMessage().contains("cache.staleness"), e.getMessage());
    }
  }

  @Test
  void fromWhenAuthorizationIssUnsetThenOffAndWhenTrueInAnyCaseThenOn() {
    assertFalse(config(Map.of()).authorizationIss());
    assertFalse(config(Map.of("pinoauth.authorization.iss", "false")).authorizationIss());
    assertTrue(config(Map.of("pinoauth.authorization.iss", "true")).authorizationIss());
    assertTrue(config(Map.of("pinoauth.authorization.iss", " TRUE ")).authorizationIss());
  }

  @Test
  void fromWhenAuthorizationIssNeitherTrueNorFalseThenIllegalArgumentNamingKey() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> config(Map.of("pinoauth.authorization.iss", "yes")));

    assertTrue(e.getMessage().contains("authorization.iss"), e.getMessage());
  }

  @Test
  void fromWhenDataEngineUnsetThenSqliteAndWhenH2InAnyCaseThenH2() {
    assertEquals(EmbeddedEngine.SQLITE, config(Map.of()).dataEngine());
    assertEquals(EmbeddedEngine.H2, config(Map.of("pinoauth.data.engine", " H2 ")).dataEngine());
    assertEquals(
        EmbeddedEngine.SQLITE, config(Map.of("pinoauth.data.engine", "sqlite")).dataEngine());
  }

  @Test
  void fromWhenDataEngineUnknownThenIllegalArgumentNamingKeyAndChoices() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> config(Map.of("pinoauth.data.engine", "mysql")));

    assertEquals("Setting pinoauth.data.engine must be sqlite or h2", e.getMessage());
  }

  @Test
  void fromWhenPoolAndStartWaitSetThenThem() {
    Config config =
        config(
            Map.of(
                "pinoauth.db.pool.size", "25",
                "pinoauth.db.pool.timeout", "1500",
                "pinoauth.db.start.wait", "0"));

    assertEquals(25, config.dbPoolSize());
    assertEquals(Duration.ofMillis(1500), config.dbPoolTimeout());
    assertEquals(Duration.ZERO, config.dbStartWait(), "0: fail at once");
  }

  @Test
  void fromWhenPoolSettingsBelowUsefulThenRaisedToTheirFloor() {
    Config config = config(Map.of("pinoauth.db.pool.size", "0", "pinoauth.db.pool.timeout", "10"));

    assertEquals(1, config.dbPoolSize());
    assertEquals(Duration.ofMillis(250), config.dbPoolTimeout());
  }

  @Test
  void fromWhenStartWaitNegativeThenIllegalArgumentNamingKey() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> config(Map.of("pinoauth.db.start.wait", "-1")));

    assertTrue(e.getMessage().contains("db.start.wait"), e.getMessage());
  }

  @Test
  void fromWhenLifetimesSetThenThem() {
    Config config =
        config(
            Map.of(
                "pinoauth.access.token.ttl", "3600",
                "pinoauth.refresh.token.ttl", "7200",
                "pinoauth.legacy.refresh.token.ttl", "86400",
                "pinoauth.code.ttl", "60",
                "pinoauth.refresh.reuse.grace", "30"));

    assertEquals(Duration.ofHours(1), config.accessTokenTtl());
    assertEquals(Duration.ofHours(2), config.refreshTokenTtl());
    assertEquals(Duration.ofDays(1), config.legacyRefreshTokenTtl());
    assertEquals(Duration.ofMinutes(1), config.codeTtl());
    assertEquals(Duration.ofSeconds(30), config.refreshReuseGrace());
  }

  @Test
  void fromWhenScopesSetThenCatalogOfThem() {
    Config config = config(Map.of("pinoauth.scopes", "read, write"));

    assertTrue(config.scopes().knows("read"));
    assertTrue(config.scopes().knows("write"));
    assertFalse(config.scopes().knows("pins:read"));
  }

  @Test
  void fromWhenDataDirSetThenIt() {
    Config config = config(Map.of("pinoauth.data.dir", "/var/lib/pinoauth"));

    assertEquals(Path.of("/var/lib/pinoauth"), config.dataDir());
  }

  @Test
  void fromWhenLifetimeNegativeThenIllegalArgumentNamingKey() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> config(Map.of("pinoauth.refresh.reuse.grace", "-30")));

    assertTrue(e.getMessage().contains("refresh.reuse.grace"), e.getMessage());
  }

  @Test
  void fromWhenSlowdownAndMetricsRoleUnsetThenDefaults() {
    Config config = config(Map.of());

    assertEquals(10, config.slowdown().after());
    assertEquals(Duration.ofSeconds(1), config.slowdown().delay());
    assertEquals(Optional.empty(), config.metricsRole());
  }

  @Test
  void fromWhenSlowdownDelayOverOneSecondThenOneSecond() {
    Config config =
        config(
            Map.of(
                "pinoauth.signin.slowdown.after", "0",
                "pinoauth.signin.slowdown.delay", "60000",
                "pinoauth.metrics.role", "prometheus"));

    assertEquals(0, config.slowdown().after(), "0: off");
    assertEquals(Duration.ofSeconds(1), config.slowdown().delay());
    assertEquals(Optional.of("prometheus"), config.metricsRole());
  }
}
