package org.pinoauth.store.jdbc;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.pinoauth.store.Change;
import org.pinoauth.store.ChangeListener;
import org.postgresql.Driver;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * How a node learns of the changes other nodes made: one daemon thread polls the {@code change_log}
 * by increasing id, with the ids it skipped ({@link ChangeGaps}), every quarter of {@code
 * cache.staleness} (10 ms to 1 s), and tells its {@link ChangeListener} each poll's changes with
 * the poll's start, which is what the node's freshness is confirmed to. On PostgreSQL reached by
 * URL a second daemon thread holds a {@code LISTEN} connection of its own, outside the request pool
 * (a container's pool may recycle its connections), named {@code pinoauth-changes}; a notification
 * wakes the poller at once. A lost connection is opened again with a growing pause while the polls
 * go on, so the bound holds by polling alone.
 *
 * <p>A node starting cold reads no more of the log than its highest id and the last {@link
 * ChangeGaps#WINDOW_NANOS} of rows (for the gaps among them): its caches start empty.
 */
public final class JdbcChangeFeed implements AutoCloseable {
  private static final Logger LOG = System.getLogger(JdbcChangeFeed.class.getName());

  /** What a feed's {@code LISTEN} connection calls itself in {@code pg_stat_activity}. */
  public static final String APPLICATION_NAME = "pinoauth-changes";

  private static final long MIN_INTERVAL_NANOS = Duration.ofMillis(10).toNanos();
  private static final long MAX_INTERVAL_NANOS = Duration.ofSeconds(1).toNanos();
  private static final long MAX_BACKOFF_MILLIS = 5_000;
  private static final int LISTEN_WAIT_MILLIS = 250;

  private static final String HIGHEST = "SELECT COALESCE(MAX(id), 0) FROM change_log";
  private static final String RECENT =
      "SELECT id FROM change_log WHERE created_at >= ? ORDER BY id";
  private static final String COLUMNS = "SELECT id, kind, client_id, subject FROM change_log";

  private final Jdbc jdbc;
  private final ChangeListener listener;
  private final long intervalNanos;
  private final Semaphore wake = new Semaphore(0);
  private final Thread poller;
  private final Thread listening;
  private final Optional<Listen> listen;

  /** The poller's own state: null until the first poll found where the log stands. */
  private ChangeGaps gaps;

  private volatile boolean closed;

  /** Where to open the {@code LISTEN} connection. */
  public record Listen(String url, Optional<String> user, Optional<String> password) {}

  JdbcChangeFeed(
      DataSource dataSource, Duration staleness, ChangeListener listener, Optional<Listen> listen) {
    this.jdbc = new Jdbc(dataSource);
    this.listener = listener;
    this.intervalNanos = interval(staleness).toNanos();
    this.listen = listen;
    this.poller = new Thread(this::pollForever, "pinoauth-change-poll");
    this.poller.setDaemon(true);
    this.listening = listen.isPresent() ? new Thread(this::listenForever, APPLICATION_NAME) : null;
    if (listening != null) {
      listening.setDaemon(true);
    }
  }

  /**
   * Starts polling the log of {@code dataSource} for {@code listener}, and, when {@code url} is a
   * PostgreSQL URL, listening for its notifications on a connection of its own.
   */
  public static JdbcChangeFeed start(
      DataSource dataSource, StoreSettings settings, Duration staleness, ChangeListener listener) {
    Optional<Listen> listen =
        settings
            .url()
            .filter(url -> url.startsWith("jdbc:postgresql:"))
            .map(url -> new Listen(url, settings.user(), settings.password()));
    JdbcChangeFeed feed = new JdbcChangeFeed(dataSource, staleness, listener, listen);
    feed.poller.start();
    if (feed.listening != null) {
      feed.listening.start();
    }
    return feed;
  }

  /** A quarter of the staleness bound, at least 10 ms and at most 1 s. */
  static Duration interval(Duration staleness) {
    long quarter = staleness.toNanos() / 4;
    return Duration.ofNanos(Math.max(MIN_INTERVAL_NANOS, Math.min(MAX_INTERVAL_NANOS, quarter)));
  }

  /**
   * One poll: reads the rows past the highest id seen and the gaps, and tells the listener, with
   * the time the poll began. The first poll reads only where the log stands.
   */
  void pollOnce() {
    long start = System.nanoTime();
    List<Change> changes = gaps == null ? findTheEnd(start) : read(start);
    listener.polled(changes, start);
  }

  private List<Change> findTheEnd(long start) {
    long since = System.currentTimeMillis() - Duration.ofNanos(ChangeGaps.WINDOW_NANOS).toMillis();
    ChangeGaps found =
        jdbc.read(
            connection -> {
              long highest;
              try (Statement select = connection.createStatement();
                  ResultSet row = select.executeQuery(HIGHEST)) {
                row.next();
                highest = row.getLong(1);
              }
              List<Long> recent = new ArrayList<>();
              try (PreparedStatement select = connection.prepareStatement(RECENT)) {
                select.setLong(1, since);
                try (ResultSet rows = select.executeQuery()) {
                  while (rows.next()) {
                    recent.add(rows.getLong(1));
                  }
                }
              }
              // Ids between the recent rows that are not there may still commit.
              ChangeGaps tracked = new ChangeGaps(recent.isEmpty() ? highest : recent.get(0));
              recent.forEach(id -> tracked.seen(id, start));
              tracked.seen(highest, start);
              return tracked;
            });
    gaps = found;
    return List.of();
  }

  private List<Change> read(long start) {
    gaps.expire(start);
    long[] missing = gaps.ids();
    long after = gaps.highest();
    List<Long> ids = new ArrayList<>();
    List<Change> changes =
        jdbc.read(
            connection -> {
              try (PreparedStatement select = connection.prepareStatement(sql(missing))) {
                select.setLong(1, after);
                Array array = null;
                if (missing.length > 0) {
                  if (jdbc.dialect() == Dialect.SQLITE) {
                    select.setString(
                        2,
                        JdbcPurge.jsonArray(
                            new ArrayList<>(Arrays.stream(missing).boxed().toList())));
                  } else {
                    array =
                        connection.createArrayOf(
                            "BIGINT", Arrays.stream(missing).boxed().toArray());
                    select.setArray(2, array);
                  }
                }
                List<Change> read = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                  while (rows.next()) {
                    ids.add(rows.getLong(1));
                    read.add(
                        new Change(
                            Change.Kind.fromWireName(rows.getString(2)),
                            rows.getString(3),
                            rows.getString(4)));
                  }
                } finally {
                  if (array != null) {
                    array.free();
                  }
                }
                return read;
              }
            });
    // Only a poll that succeeded moves the gaps: a failed one is simply polled again.
    ids.forEach(id -> gaps.seen(id, start));
    return changes;
  }

  private String sql(long[] missing) {
    if (missing.length == 0) {
      return COLUMNS + " WHERE id > ? ORDER BY id";
    }
    String gapIds =
        jdbc.dialect() == Dialect.SQLITE ? " IN (SELECT value FROM json_each(?))" : " = ANY (?)";
    return COLUMNS + " WHERE id > ? OR id" + gapIds + " ORDER BY id";
  }

  private void pollForever() {
    boolean failing = false;
    while (!closed) {
      try {
        pollOnce();
        if (failing) {
          LOG.log(Level.INFO, "Change log polls succeed again: cached answers resume");
          failing = false;
        }
      } catch (RuntimeException e) {
        if (!failing && !closed) {
          LOG.log(
              Level.WARNING,
              "Change log poll failed; until one succeeds every request reads the store: "
                  + describe(e));
          failing = true;
        }
      }
      try {
        wake.tryAcquire(intervalNanos, TimeUnit.NANOSECONDS);
        wake.drainPermits();
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void listenForever() {
    long backoff = 100;
    boolean lost = false;
    while (!closed) {
      try (Connection connection = connect(listen.orElseThrow())) {
        try (Statement statement = connection.createStatement()) {
          statement.execute("LISTEN " + JdbcChangeLog.CHANNEL);
        }
        if (lost) {
          LOG.log(Level.INFO, "Listening for change notifications again");
          lost = false;
        }
        backoff = 100;
        wake.release(); // a change notified while no one listened is polled now
        PGConnection pg = connection.unwrap(PGConnection.class);
        while (!closed) {
          PGNotification[] notifications = pg.getNotifications(LISTEN_WAIT_MILLIS);
          if (notifications != null && notifications.length > 0) {
            wake.release();
          }
        }
      } catch (SQLException | RuntimeException e) {
        if (closed) {
          return;
        }
        if (!lost) {
          LOG.log(
              Level.WARNING,
              "Lost the change notification connection; polling alone until it is back: "
                  + describe(e));
          lost = true;
        }
        try {
          Thread.sleep(backoff);
        } catch (InterruptedException interrupted) {
          return;
        }
        backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
      }
    }
  }

  /**
   * An exception's class and SQLState, never its message: a driver's message may quote the URL, and
   * a URL may carry the password.
   */
  static String describe(Exception e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof SQLException sql && sql.getSQLState() != null) {
        return cause.getClass().getName() + " (SQLState " + sql.getSQLState() + ")";
      }
    }
    return e.getClass().getName();
  }

  private static Connection connect(Listen listen) throws SQLException {
    Properties properties = new Properties();
    listen.user().ifPresent(user -> properties.setProperty("user", user));
    listen.password().ifPresent(password -> properties.setProperty("password", password));
    properties.setProperty("ApplicationName", APPLICATION_NAME);
    properties.setProperty("connectTimeout", "5");
    properties.setProperty("tcpKeepAlive", "true");
    // The driver itself, not DriverManager: a stock Tomcat keeps WEB-INF/lib drivers out of
    // DriverManager ("No suitable driver"), as DataSources.driverClassFor says for the pool.
    Connection connection = new Driver().connect(listen.url(), properties);
    if (connection == null) {
      throw new SQLException("Not a PostgreSQL URL; no change notifications");
    }
    return connection;
  }

  /** Stops both threads and closes the listening connection; waits for them to end. */
  @Override
  public void close() {
    closed = true;
    poller.interrupt();
    if (listening != null) {
      listening.interrupt();
    }
    join(poller);
    if (listening != null) {
      join(listening);
    }
  }

  private static void join(Thread thread) {
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
