package org.pinoauth.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pinoauth.boot.Pinoauth;
import org.pinoauth.config.Config;
import org.pinoauth.config.Settings;

/**
 * The SQLite store gives the pages of deleted rows back to the file system while it runs: after a
 * purge-like delete, the writer's next batches shrink the file to about its live data, without a
 * restart.
 */
class SqliteFileSizeTest {

  @Test
  void writesAfterManyRowsDeletedThenFreePagesGivenBackWhileRunning(@TempDir Path dataDir)
      throws Exception {
    DataSource dataSource =
        DataSources.open(
            Pinoauth.storeSettings(
                Config.from(
                    new Settings(
                        key -> null,
                        Map.of(),
                        Map.of("pinoauth.data.dir", dataDir.toString())::get))),
            new SimpleMeterRegistry());
    try {
      Jdbc jdbc = new Jdbc(dataSource);
      for (int batch = 0; batch < 20; batch++) {
        int first = batch * 1_000;
        jdbc.write(connection -> insertRevocations(connection, first, 1_000));
      }
      long full = pageCount(jdbc);
      jdbc.write(
          connection -> {
            try (Statement statement = connection.createStatement()) {
              return statement.executeUpdate("DELETE FROM revoked_access_token");
            }
          });

      long deadline = System.nanoTime() + 10_000_000_000L;
      long pages = pageCount(jdbc);
      while (pages > full / 4 && System.nanoTime() < deadline) {
        Thread.sleep(100);
        jdbc.write(connection -> insertRevocations(connection, 1_000_000, 0));
        pages = pageCount(jdbc);
      }

      System.out.println(
          "free "
              + jdbc.read(
                  c -> {
                    try (Statement s = c.createStatement();
                        ResultSet r = s.executeQuery("PRAGMA freelist_count")) {
                      r.next();
                      return r.getLong(1);
                    }
                  }));
      assertTrue(full > 400, "20,000 rows fill " + full + " pages");
      assertTrue(pages <= full / 4, "from " + full + " pages to " + pages);
    } finally {
      DataSources.close(dataSource);
    }
  }

  private static int insertRevocations(Connection connection, int first, int count)
      throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO revoked_access_token (token_hash, expires_at) VALUES (?, ?)")) {
      for (int i = first; i < first + count; i++) {
        insert.setString(1, String.format("%064x", i));
        insert.setLong(2, i);
        insert.addBatch();
      }
      insert.executeBatch();
    }
    return count;
  }

  private static long pageCount(Jdbc jdbc) {
    return jdbc.read(
        connection -> {
          try (Statement statement = connection.createStatement();
              ResultSet row = statement.executeQuery("PRAGMA page_count")) {
            row.next();
            return row.getLong(1);
          }
        });
  }
}
