package org.pinoauth.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.pinoauth.store.ChangeListener;
import org.pinoauth.testing.Eventually;
import org.pinoauth.testing.TestDatabases;

/**
 * The change feed's {@code LISTEN} connection is opened by the PostgreSQL driver the WAR ships, not
 * through {@link DriverManager}: a stock Tomcat keeps WEB-INF/lib drivers out of DriverManager,
 * where the connection would fail with "No suitable driver" on every attempt and the nodes would
 * never be woken by a change (polling alone would still keep the bound).
 */
class ChangeFeedListenPostgresIT {

  @Test
  void startWhenDriverManagerKnowsNoPostgresDriverThenStillListens() throws Exception {
    Path dir = Files.createTempDirectory("pinoauth-listen");
    String url = TestDatabases.postgresUrlFor(dir);
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setDriverClassName("org.postgresql.Driver");
    List<Driver> hidden = hidePostgresDrivers();
    try (HikariDataSource pool = new HikariDataSource(config)) {
      try (Connection connection = pool.getConnection();
          Statement statement = connection.createStatement()) {
        statement.execute(
            Files.readString(Path.of("src/main/resources/db/migration/V6__change_log.sql")));
      }
      StoreSettings settings =
          new StoreSettings(
              "",
              Optional.of(url),
              Optional.empty(),
              Optional.empty(),
              2,
              Duration.ofSeconds(5),
              Duration.ZERO,
              dir,
              EmbeddedEngine.SQLITE);
      try (JdbcChangeFeed feed =
          JdbcChangeFeed.start(pool, settings, Duration.ofSeconds(1), new ChangeListener() {})) {
        assertTrue(
            Eventually.within(Duration.ofSeconds(10), () -> listening(pool)),
            "a connection named " + JdbcChangeFeed.APPLICATION_NAME + " listens");
      }
    } finally {
      for (Driver driver : hidden) {
        DriverManager.registerDriver(driver);
      }
    }
  }

  /**
   * Deregisters every PostgreSQL driver from DriverManager, as a stock Tomcat never lets it see.
   */
  private static List<Driver> hidePostgresDrivers() throws SQLException {
    List<Driver> hidden = new ArrayList<>();
    for (Driver driver : Collections.list(DriverManager.getDrivers())) {
      if (driver.getClass().getName().startsWith("org.postgresql.")) {
        DriverManager.deregisterDriver(driver);
        hidden.add(driver);
      }
    }
    return hidden;
  }

  private static boolean listening(HikariDataSource pool) {
    try (Connection connection = pool.getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT 1 FROM pg_stat_activity WHERE application_name = ?"
                    + " AND query LIKE 'LISTEN%'")) {
      select.setString(1, JdbcChangeFeed.APPLICATION_NAME);
      try (ResultSet row = select.executeQuery()) {
        return row.next();
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
