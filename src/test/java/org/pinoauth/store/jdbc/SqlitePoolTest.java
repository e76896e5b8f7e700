package org.pinoauth.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.zaxxer.hikari.HikariConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A clean close of the SQLite store leaves the one file, its WAL checkpointed into it. */
class SqlitePoolTest {

  @Test
  void readsAndWritesThenCloseLeavesOnlyTheDatabaseFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("pinoauth.db");
    String url = "jdbc:sqlite:" + file;
    try (SqlitePool pool = new SqlitePool(new HikariConfig(), url)) {
      pool.migrate();
      Jdbc jdbc = new Jdbc(pool);
      jdbc.write(connection -> insertRevocation(connection, "a"));
      assertEquals(1L, jdbc.read(SqlitePoolTest::countRevocations));
    }

    assertEquals(List.of("pinoauth.db"), filesIn(dir));
    try (SqlitePool pool = new SqlitePool(new HikariConfig(), url)) {
      assertEquals(1L, new Jdbc(pool).read(SqlitePoolTest::countRevocations));
    }
    assertEquals(List.of("pinoauth.db"), filesIn(dir), "after a start that only read");
  }

  private static int insertRevocation(java.sql.Connection connection, String jti)
      throws java.sql.SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO revoked_access_token (token_hash, expires_at) VALUES (?, ?)")) {
      insert.setString(1, jti);
      insert.setLong(2, Long.MAX_VALUE / 2);
      return insert.executeUpdate();
    }
  }

  private static long countRevocations(java.sql.Connection connection)
      throws java.sql.SQLException {
    try (PreparedStatement count =
            connection.prepareStatement("SELECT count(*) FROM revoked_access_token");
        ResultSet row = count.executeQuery()) {
      row.next();
      return row.getLong(1);
    }
  }

  private static List<String> filesIn(Path dir) throws java.io.IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(path -> path.getFileName().toString()).sorted().toList();
    }
  }
}
