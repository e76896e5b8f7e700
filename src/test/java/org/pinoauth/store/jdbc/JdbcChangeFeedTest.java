package org.pinoauth.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pinoauth.store.Change;
import org.pinoauth.store.ChangeListener;

/** The feed's polls on a change log (H2 in memory, the V6 table) written out of id order. */
class JdbcChangeFeedTest {
  private final List<List<Change>> polls = new ArrayList<>();
  private JdbcDataSource dataSource;
  private JdbcChangeFeed feed;

  @BeforeEach
  void createLog() throws Exception {
    dataSource = new JdbcDataSource();
    dataSource.setURL(
        "jdbc:h2:mem:feed" + System.nanoTime() + ";DB_CLOSE_DELAY=-1;MODE=PostgreSQL");
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(
          Files.readString(Path.of("src/main/resources/db/migration/V6__change_log.sql")));
    }
    ChangeListener listener =
        new ChangeListener() {
          @Override
          public void polled(List<Change> changes, long startNanos) {
            polls.add(changes);
          }
        };
    feed = new JdbcChangeFeed(dataSource, Duration.ofSeconds(1), listener, Optional.empty());
  }

  @Test
  void pollOnceWhenStartedThenOlderRowsNotReadAndNewOnesAre() throws Exception {
    insert(1, "app", "old", null);
    feed.pollOnce();
    insert(2, "app", "new", null);
    feed.pollOnce();

    assertEquals(List.of(List.of(), List.of(Change.app("new"))), polls);
  }

  @Test
  void pollOnceWhenRowCommitsAfterAHigherIdThenStillReadOnce() throws Exception {
    feed.pollOnce();
    insert(1, "app", "first", null);
    insert(3, "access_token", null, "hash3"); // id 2 is taken by a transaction still open
    feed.pollOnce();
    insert(2, "user", null, "alice");
    feed.pollOnce();
    feed.pollOnce();

    assertEquals(
        List.of(
            List.of(),
            List.of(Change.app("first"), Change.accessToken("hash3")),
            List.of(Change.user("alice", null)),
            List.of()),
        polls);
  }

  @Test
  void pollOnceWhenStartedWithAGapAmongRecentRowsThenTheGapIsRead() throws Exception {
    insert(5, "app", "a", null);
    insert(7, "app", "b", null);
    feed.pollOnce();
    insert(6, "family", null, "42");
    feed.pollOnce();

    assertEquals(List.of(List.of(), List.of(new Change(Change.Kind.FAMILY, null, "42"))), polls);
  }

  @Test
  void intervalIsAQuarterOfTheStalenessWithinTenMillisecondsAndOneSecond() {
    assertEquals(Duration.ofMillis(250), JdbcChangeFeed.interval(Duration.ofSeconds(1)));
    assertEquals(Duration.ofMillis(10), JdbcChangeFeed.interval(Duration.ofMillis(20)));
    assertEquals(Duration.ofSeconds(1), JdbcChangeFeed.interval(Duration.ofSeconds(60)));
  }

  private void insert(long id, String kind, String clientId, String subject) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO change_log (id, kind, client_id, subject, created_at)"
                    + " VALUES (?, ?, ?, ?, ?)")) {
      insert.setLong(1, id);
      insert.setString(2, kind);
      insert.setString(3, clientId);
      insert.setString(4, subject);
      insert.setLong(5, System.currentTimeMillis());
      insert.executeUpdate();
    }
  }

  @Test
  void describeWhenDriverMessageQuotesUrlWithPasswordThenOnlyClassAndState() {
    SQLException refused =
        new SQLException(
            "No suitable driver found for jdbc:postgresql://db/pinoauth?password=hunter2", "08001");

    String described = JdbcChangeFeed.describe(new IllegalStateException("wrapped", refused));

    assertEquals("java.sql.SQLException (SQLState 08001)", described);
  }
}
