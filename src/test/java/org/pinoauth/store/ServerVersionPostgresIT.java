package org.pinoauth.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pinoauth.testing.TestDatabases;

/**
 * The PostgreSQL suite runs on the version its failsafe run names ({@code
 * pinoauth.test.postgres.version}, the version of zonky's binaries): the newest supported major in
 * one run, the oldest in another, so a green build means both ends of the supported range passed.
 */
class ServerVersionPostgresIT {
  @TempDir Path dataDir;

  @Test
  void theDatabaseOfThisRunIsThePostgresqlMajorItNames() throws Exception {
    assumeTrue(TestDatabases.postgresSelected(), "a test of the PostgreSQL runs");
    String named = System.getProperty("pinoauth.test.postgres.version", "");
    assertFalse(named.isBlank(), "failsafe names the PostgreSQL version of this run");
    String expectedMajor = named.substring(0, named.indexOf('.'));

    String serverVersion;
    try (Connection connection =
            DriverManager.getConnection(TestDatabases.postgresUrlFor(dataDir));
        Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("SHOW server_version")) {
      assertTrue(row.next());
      serverVersion = row.getString(1);
    }

    assertEquals(
        expectedMajor, serverVersion.substring(0, serverVersion.indexOf('.')), serverVersion);
  }
}
