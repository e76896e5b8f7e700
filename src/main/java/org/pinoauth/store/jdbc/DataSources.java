package org.pinoauth.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * Resolves the store's DataSource as CONTRACT §7 orders it: a container DataSource at {@code
 * java:comp/env/jdbc/pinoauth} (or the JNDI name of the {@code db.jndi} setting: full application
 * servers bind their JDBC resources under global names such as {@code jdbc/pinoauth}), used as it
 * is; else {@code db.url}; else an embedded store in {@code data.dir}, a folder kept to its owner
 * ({@link EmbeddedStoreFolder}): a SQLite file ({@link SqlitePool}) or, with {@code
 * data.engine=h2}, an H2 file ({@link GroupCommitPool}). The last two get a HikariCP pool that
 * {@link #close} shuts. Then migrates the schema to the newest version.
 */
public final class DataSources {
  /**
   * H2 runs in its PostgreSQL mode so one SQL dialect serves both engines. The embedded store's
   * commits are made durable before an answer by {@link H2GroupCommit}; an H2 {@code db.url} that
   * gets these settings appended gets {@code WRITE_DELAY=0} instead, and one that sets its own
   * {@code MODE} (like a container's H2 DataSource) keeps its own durability. The query cache (per
   * connection) holds every statement pinoauth prepares, so none is parsed again per request; H2
   * caches plain SELECTs and DML only, never a UNION or a SELECT ... FOR UPDATE.
   */
  static final String H2_SETTINGS =
      ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"
          + ";DB_CLOSE_ON_EXIT=FALSE;LOCK_TIMEOUT=10000;QUERY_CACHE_SIZE=64";

  /**
   * Added to {@link #H2_SETTINGS} for the embedded store only: {@code RETENTION_TIME=0} makes H2
   * reuse a superseded chunk's space at once instead of keeping it 45 s. With 45 s, 8 clients
   * rotating refresh tokens (about 1,000 a second) grew the file to 2.4 GiB in 3 minutes, about 13
   * KB a rotation, for 24 MiB of live data, and it stayed so while the server ran; with 0 it held
   * 57 MiB for 18 MiB of live data after 3 minutes (3-4 times; H2 gives holes inside the file back
   * only when its housekeeping finds the file fragmented) (issue 15, StoreFileSizeEmbeddedIT). H2
   * keeps old chunks to survive a power loss that drops writes the operating system had not flushed
   * yet; the group commit syncs the file before any answer ({@code CHECKPOINT SYNC}), so nothing it
   * answered waits on the operating system, and a killed process loses nothing (CrashSafetyIT).
   * Setting it needs admin rights, which a {@code db.url} user may lack.
   */
  static final String H2_EMBEDDED_SETTINGS = ";RETENTION_TIME=0";

  private static final String H2_DRIVER = "org.h2.Driver";
  private static final Logger LOG = System.getLogger(DataSources.class.getName());

  private DataSources() {}

  /**
   * The DataSource to use, migrated. While the database cannot be reached, the migration is tried
   * again for up to {@code db.start.wait} ({@link StartWait}), and the deployment waits with it.
   */
  public static DataSource open(StoreSettings settings, MeterRegistry registry) {
    DataSource dataSource =
        lookupContainerDataSource(settings.jndiName(), registry)
            .orElseGet(() -> pool(settings, registry));
    try {
      new StartWait(settings.startWait(), Clock.systemUTC(), StartWait.THREAD_SLEEP)
          .run(() -> migrate(dataSource));
    } catch (RuntimeException e) {
      close(dataSource);
      throw e;
    }
    if (isEmbedded(settings, dataSource)) {
      // The migration opened the embedded store: the engine has made its files by now.
      EmbeddedStoreFolder.tightenFiles(embeddedStoreFolder(settings));
    }
    return dataSource;
  }

  /**
   * Which store {@code settings} name, in the words of the start-up log and without a password or
   * URL parameter: {@code container DataSource <name>}, {@code at jdbc:… (user …)}, {@code embedded
   * SQLite at <file>} or {@code embedded H2 at <file>}.
   */
  public static String describe(StoreSettings settings) {
    if (isContainerDataSource(settings.jndiName())) {
      return "container DataSource " + settings.jndiName();
    }
    if (settings.url().isPresent()) {
      return "at "
          + redact(settings.url().get())
          + settings.user().map(user -> " (user " + user + ")").orElse("");
    }
    return describeEmbedded(settings);
  }

  private static String describeEmbedded(StoreSettings settings) {
    return settings.engine() == EmbeddedEngine.SQLITE
        ? "embedded SQLite at " + sqliteFile(settings)
        : "embedded H2 at " + embeddedStoreFolder(settings).resolve("pinoauth") + ".mv.db";
  }

  /**
   * The embedded SQLite store's file, beside which SQLite keeps its {@code -wal} and {@code -shm}.
   */
  static Path sqliteFile(StoreSettings settings) {
    return embeddedStoreFolder(settings).resolve("pinoauth.db");
  }

  /**
   * Whether {@code dataSource} is the embedded store in {@code data.dir}, which this node alone
   * opened, so every change to it is this node's.
   */
  public static boolean isEmbedded(StoreSettings settings, DataSource dataSource) {
    return dataSource instanceof GroupCommitPool
        || (dataSource instanceof SqlitePool && settings.url().isEmpty());
  }

  private static boolean isContainerDataSource(String name) {
    try {
      return new InitialContext().lookup(name) instanceof DataSource;
    } catch (NamingException e) {
      return false;
    }
  }

  /** Shuts the pool if pinoauth made it; a container's DataSource is the container's. */
  public static void close(DataSource dataSource) {
    if (dataSource instanceof HikariDataSource pool) {
      pool.close();
    }
  }

  static void migrate(DataSource dataSource) {
    if (dataSource instanceof SqlitePool sqlite) {
      sqlite.migrate();
      return;
    }
    Flyway.configure(DataSources.class.getClassLoader())
        .dataSource(dataSource)
        .locations("classpath:db/migration")
        .load()
        .migrate();
  }

  private static Optional<DataSource> lookupContainerDataSource(
      String name, MeterRegistry registry) {
    try {
      Object found = new InitialContext().lookup(name);
      if (found instanceof DataSource dataSource) {
        LOG.log(Level.INFO, "Store: container DataSource " + name);
        return Optional.of(new MeteredDataSource(dataSource, name, registry));
      }
      return Optional.empty();
    } catch (NamingException e) {
      return Optional.empty();
    }
  }

  private static DataSource pool(StoreSettings settings, MeterRegistry registry) {
    HikariConfig hikari = new HikariConfig();
    hikari.setPoolName("pinoauth");
    hikari.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(registry));
    hikari.setMaximumPoolSize(settings.poolSize());
    // A request waits this long for a connection before it answers 503. The pool starts without
    // a connection and keeps reconnecting by itself, at start-up and after a fault; whether the
    // deployment waits for the database at start-up is open()'s to decide (db.start.wait).
    hikari.setConnectionTimeout(settings.poolTimeout().toMillis());
    hikari.setValidationTimeout(Math.min(settings.poolTimeout().toMillis(), 5_000));
    hikari.setInitializationFailTimeout(-1);
    if (settings.url().isPresent()) {
      String url = settings.url().get();
      if (isSqlite(url)) {
        LOG.log(Level.INFO, "Store: " + redact(url));
        return new SqlitePool(hikari, url);
      }
      hikari.setJdbcUrl(isH2(url) ? withH2Settings(url) : url);
      driverClassFor(url).ifPresent(hikari::setDriverClassName);
      if (isPostgres(url)) {
        // Bounded waits on a database that went away, unless the URL sets its own (seconds).
        defaultProperty(hikari, url, "connectTimeout", "5");
        defaultProperty(hikari, url, "socketTimeout", "30");
      }
      settings.user().ifPresent(hikari::setUsername);
      settings.password().ifPresent(hikari::setPassword);
      LOG.log(Level.INFO, "Store: " + redact(url));
    } else {
      Path folder = embeddedStoreFolder(settings);
      EmbeddedStoreFolder.prepare(folder);
      if (settings.engine() == EmbeddedEngine.SQLITE) {
        Path file = sqliteFile(settings);
        H2StoreImport.runIfNeeded(folder); // an embedded H2 store of an earlier version
        EmbeddedStoreFolder.createPrivateFile(file);
        LOG.log(Level.INFO, "Store: " + describeEmbedded(settings));
        return new SqlitePool(hikari, "jdbc:sqlite:" + file);
      }
      Path file = folder.resolve("pinoauth");
      hikari.setJdbcUrl("jdbc:h2:file:" + file + H2_SETTINGS + H2_EMBEDDED_SETTINGS);
      hikari.setDriverClassName(H2_DRIVER);
      LOG.log(Level.INFO, "Store: embedded H2 at " + file + ".mv.db");
      return new GroupCommitPool(hikari);
    }
    return new HikariDataSource(hikari);
  }

  private static Path embeddedStoreFolder(StoreSettings settings) {
    return settings.dataDir().toAbsolutePath();
  }

  /**
   * The driver class of the URLs pinoauth ships drivers for. Named, the pool loads it from the WAR
   * itself; left to {@code DriverManager}, a stock Tomcat (whose leak-prevention listener keeps
   * WEB-INF/lib drivers out of it) answers "No suitable driver".
   */
  static Optional<String> driverClassFor(String url) {
    if (isH2(url)) {
      return Optional.of(H2_DRIVER);
    }
    if (isSqlite(url)) {
      return Optional.of("org.sqlite.JDBC");
    }
    return isPostgres(url) ? Optional.of("org.postgresql.Driver") : Optional.empty();
  }

  static boolean isPostgres(String url) {
    return url.toLowerCase(Locale.ROOT).startsWith("jdbc:postgresql:");
  }

  private static void defaultProperty(HikariConfig hikari, String url, String name, String value) {
    if (!url.contains(name + "=")) {
      hikari.addDataSourceProperty(name, value);
    }
  }

  static boolean isSqlite(String url) {
    return url.toLowerCase(Locale.ROOT).startsWith("jdbc:sqlite:");
  }

  static boolean isH2(String url) {
    return url.toLowerCase(Locale.ROOT).startsWith("jdbc:h2:");
  }

  /**
   * Adds pinoauth's H2 settings to a {@code db.url} that does not choose a mode itself, with {@code
   * WRITE_DELAY=0}: such a URL may name a user without the admin rights the group commit's {@code
   * CHECKPOINT} needs, so each commit is written on its own instead.
   */
  static String withH2Settings(String url) {
    return url.toUpperCase(Locale.ROOT).contains(";MODE=")
        ? url
        : url + H2_SETTINGS + ";WRITE_DELAY=0";
  }

  /** A JDBC URL without anything after '?' or ';' that might hold a password. */
  private static String redact(String url) {
    int cut = url.length();
    for (char c : new char[] {'?', ';'}) {
      int at = url.indexOf(c);
      if (at >= 0) {
        cut = Math.min(cut, at);
      }
    }
    return url.substring(0, cut);
  }
}
