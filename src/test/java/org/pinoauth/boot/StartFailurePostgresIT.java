package org.pinoauth.boot;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pinoauth.testing.LogCapture;
import org.pinoauth.testing.TestDatabases;
import org.pinoauth.testing.TestServer;

/**
 * The newcomer's case: on PostgreSQL 15 and newer, a database the role does not own refuses it the
 * schema {@code public} (Flyway: {@code permission denied for schema public}), and the container's
 * console said only that a listener failed. pinoauth's own line names it.
 */
class StartFailurePostgresIT {
  @Test
  void startWhenDatabaseNotOwnedByTheRoleThenOneLineNamesThePermissionAndTheOwner(@TempDir Path dir)
      throws SQLException {
    String adminUrl = TestDatabases.postgresUrlFor(dir); // owned by postgres
    String role = "r" + Long.toHexString(System.nanoTime());
    String password = "role-password-never-logged-" + System.nanoTime();
    try (Connection admin = DriverManager.getConnection(adminUrl);
        Statement sql = admin.createStatement()) {
      sql.execute("CREATE ROLE " + role + " LOGIN PASSWORD '" + password + "'");
      // What PostgreSQL 15 and newer do by default, so the test holds on 14 too.
      sql.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC");
    }
    String url = adminUrl.substring(0, adminUrl.indexOf('?'));

    try (LogCapture logs = LogCapture.start()) {
      assertThrows(
          IllegalStateException.class,
          () ->
              TestServer.builder()
                  .dataDir(dir)
                  .setting("db.url", url)
                  .setting("db.user", role)
                  .setting("db.password", password)
                  .start());

      String line = StartFailureIT.startFailureLine(logs);
      assertTrue(
          line.startsWith(
              "pinoauth failed to start: the store at " + url + " (user " + role + "): "),
          line);
      assertTrue(line.contains("permission denied for schema public"), line);
      assertTrue(line.contains("owned by that role"), "says what to check: " + line);
      assertTrue(line.contains("docs/postgresql.md"), line);
      assertFalse(line.contains(password), line);
    }
  }
}
