package org.pinoauth.boot;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.pinoauth.config.Bootstrap;
import org.pinoauth.config.Config;
import org.pinoauth.config.Settings;
import org.pinoauth.http.RequestLog;
import org.pinoauth.metrics.Metrics;
import org.pinoauth.store.Purger;
import org.pinoauth.store.cache.NodeCaches;
import org.pinoauth.store.jdbc.DataSources;
import org.pinoauth.store.jdbc.JdbcChangeFeed;
import org.pinoauth.store.jdbc.JdbcPurge;
import org.pinoauth.store.jdbc.StoreSettings;

/**
 * The composition root: reads the configuration (CONTRACT §7), opens and migrates the store, loads
 * the bootstrap apps, and publishes to each servlet and filter its collaborators ({@link
 * Pinoauth#publish}). A failure here stops the deployment rather than serving half a server.
 */
public final class PinoauthListener implements ServletContextListener {
  private static final Logger LOG = System.getLogger(PinoauthListener.class.getName());

  /**
   * A servlet context attribute through which whoever embeds the WAR (a test) may hand pinoauth the
   * {@link Clock} it runs on; without it, the system clock.
   */
  public static final String CLOCK_ATTRIBUTE = "org.pinoauth.clock";

  private Purger purger;
  private JdbcChangeFeed changeFeed;

  /**
   * Starts pinoauth, or logs one line that names why it cannot ({@link StartFailure}) and fails the
   * deployment with the cause.
   */
  @Override
  public void contextInitialized(ServletContextEvent event) {
    StartFailure failure = new StartFailure();
    try {
      start(event.getServletContext(), failure);
    } catch (RuntimeException | LinkageError e) {
      LOG.log(Level.ERROR, failure.line(e));
      throw e;
    }
  }

  private void start(ServletContext context, StartFailure failure) {
    failure.configuration();
    Config config = Config.from(Settings.of(context::getInitParameter));
    failure.hide(config.dbPassword());
    failure.hide(config.tokenKey());
    config
        .tokenKeyPrevious()
        .ifPresent(
            keys ->
                List.of(keys.split(",")).forEach(key -> failure.hide(Optional.of(key.strip()))));
    StoreSettings storeSettings = Pinoauth.storeSettings(config);
    failure.store(DataSources.describe(storeSettings));
    Metrics metrics = Pinoauth.newMetrics();
    DataSource dataSource;
    try {
      dataSource = DataSources.open(storeSettings, metrics.registry());
    } catch (RuntimeException e) {
      metrics.close(); // its JVM meters' listeners would keep this WAR's class loader alive
      throw e;
    }
    Pinoauth pinoauth;
    try {
      Clock clock =
          context.getAttribute(CLOCK_ATTRIBUTE) instanceof Clock given ? given : Clock.systemUTC();
      failure.tokenKey();
      pinoauth =
          Pinoauth.build(
              config, clock, dataSource, metrics, caches(config, storeSettings, dataSource));
      failure.bootstrap();
      config.bootstrap().ifPresent(file -> Bootstrap.load(file, pinoauth.apps(), config.scopes()));
    } catch (RuntimeException e) {
      DataSources.close(dataSource);
      metrics.close();
      throw e;
    }
    if (!config.purgeInterval().isZero()) {
      // Redeemed codes are kept as long as a refresh token from them could be, for replay
      // detection.
      Duration codeRetention = max(config.refreshTokenTtl(), config.legacyRefreshTokenTtl());
      purger =
          Purger.start(
              new JdbcPurge(pinoauth.dataSource()),
              pinoauth.clock(),
              config.purgeInterval(),
              codeRetention,
              config.accessTokenTtl());
    }
    pinoauth
        .caches()
        .filter(caches -> !caches.isExact())
        .ifPresent(
            caches ->
                changeFeed =
                    JdbcChangeFeed.start(
                        pinoauth.dataSource(), storeSettings, config.cacheStaleness(), caches));
    pinoauth.publish(context);
    LOG.log(Level.INFO, "pinoauth is ready");
  }

  /**
   * The node's caches, when {@code cache.staleness} is above 0: exact on the embedded store, which
   * this node alone opened and changes; else kept fresh by polling the change log.
   */
  private static Optional<NodeCaches> caches(
      Config config, StoreSettings storeSettings, DataSource dataSource) {
    Duration staleness = config.cacheStaleness();
    if (staleness.isZero()) {
      return Optional.empty();
    }
    return Optional.of(
        DataSources.isEmbedded(storeSettings, dataSource)
            ? NodeCaches.exact(staleness)
            : NodeCaches.polled(staleness));
  }

  /**
   * Takes the JDBC drivers this WAR brought (H2, PostgreSQL) out of {@link DriverManager}, so an
   * undeployed WAR leaves no class loader behind (containers warn and do it themselves otherwise).
   */
  private static void deregisterDrivers() {
    ClassLoader ours = PinoauthListener.class.getClassLoader();
    if (ours == ClassLoader.getSystemClassLoader()) {
      return; // Not a WAR of its own (embedded in a test): the drivers belong to the whole JVM.
    }
    for (Driver driver : Collections.list(DriverManager.getDrivers())) {
      if (driver.getClass().getClassLoader() == ours) {
        try {
          DriverManager.deregisterDriver(driver);
        } catch (SQLException e) {
          LOG.log(Level.WARNING, "Could not deregister JDBC driver " + driver.getClass(), e);
        }
      }
    }
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  @Override
  public void contextDestroyed(ServletContextEvent event) {
    RequestLog.close();
    if (purger != null) {
      purger.close();
    }
    if (changeFeed != null) {
      changeFeed.close();
    }
    Object pinoauth = event.getServletContext().getAttribute(Pinoauth.ATTRIBUTE);
    if (pinoauth instanceof Pinoauth started) {
      started.requestDelays().close();
      DataSources.close(started.dataSource());
      started.metrics().close();
    }
    deregisterDrivers();
  }
}
