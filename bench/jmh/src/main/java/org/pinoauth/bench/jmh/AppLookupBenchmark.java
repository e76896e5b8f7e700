package org.pinoauth.bench.jmh;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.pinoauth.boot.Pinoauth;
import org.pinoauth.client.App;
import org.pinoauth.client.RefreshMode;
import org.pinoauth.client.Secret;
import org.pinoauth.client.SecretHasher;
import org.pinoauth.config.Config;
import org.pinoauth.config.Settings;
import org.pinoauth.metrics.Metrics;
import org.pinoauth.scope.Scopes;
import org.pinoauth.store.jdbc.DataSources;
import org.pinoauth.store.jdbc.JdbcAppStore;
import org.pinoauth.client.GrantType;

/**
 * The app lookup every authenticated request makes ({@code JdbcAppStore.find}), on the store the
 * server would open: pinoauth's embedded H2 file (in a temporary directory) with its settings and
 * its HikariCP pool, or the database the environment names as the server's would ({@code
 * PINOAUTH_DB_URL}, {@code PINOAUTH_DB_USER}, ...; the forked JVM inherits it). The app is the
 * benchmark's ({@code bench/bootstrap.json}). {@code pooledConnection} is the floor: borrowing and
 * returning a pooled connection, which every lookup also does.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class AppLookupBenchmark {
  private static final String CLIENT_ID = "9000001";

  private Path dataDir;
  private Metrics metrics;
  private DataSource dataSource;
  private JdbcAppStore apps;

  @Setup
  public void setUp() throws IOException {
    dataDir = Files.createTempDirectory("pinoauth-jmh-");
    Map<String, String> defaults = Map.of("pinoauth.data.dir", dataDir.toString());
    Config config =
        Config.from(
            new Settings(
                name -> System.getProperty(name, defaults.get(name)),
                System.getenv(),
                name -> null));
    metrics = Pinoauth.newMetrics();
    dataSource = DataSources.open(Pinoauth.storeSettings(config), metrics.registry());
    apps = new JdbcAppStore(dataSource);
    apps.save(
        new App(
            CLIENT_ID,
            "pinoauth benchmark app",
            SecretHasher.hash(new Secret("Zk3v9Q2mXo1bT7cR4yN8hL0wE5uJ6sA3dF9gK2pV1qM")),
            List.of("http://localhost:8085/"),
            Scopes.of(List.of("boards:read", "pins:read", "user_accounts:read")),
            EnumSet.of(
                GrantType.AUTHORIZATION_CODE,
                GrantType.REFRESH_TOKEN,
                GrantType.CLIENT_CREDENTIALS),
            RefreshMode.CONTINUOUS,
            "bench",
            false,
            Instant.now()));
  }

  @TearDown
  public void tearDown() throws IOException {
    apps.delete(CLIENT_ID);
    DataSources.close(dataSource);
    metrics.close();
    try (Stream<Path> files = Files.walk(dataDir)) {
      files
          .sorted(Comparator.reverseOrder())
          .forEach(
              file -> {
                try {
                  Files.delete(file);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    }
  }

  /** JdbcAppStore.find of the benchmark app: one statement, one round trip. */
  @Benchmark
  public Optional<App> find() {
    return apps.find(CLIENT_ID);
  }

  /** Borrowing a pooled connection and giving it back, nothing else. */
  @Benchmark
  public boolean pooledConnection() throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      return connection.getAutoCommit();
    }
  }
}
