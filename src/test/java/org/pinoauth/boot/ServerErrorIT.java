package org.pinoauth.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pinoauth.testing.TokenAssertions.assertError;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pinoauth.testing.Http;
import org.pinoauth.testing.LogCapture;
import org.pinoauth.testing.TestApps;
import org.pinoauth.testing.TestApps.TestApp;
import org.pinoauth.testing.TestDatabases;
import org.pinoauth.testing.TestServer;
import org.pinoauth.testing.TokenEndpoint;

/**
 * The {@code server_error} row of CONTRACT §2.5: a fault that is neither bad input nor a store
 * outage (here the store's schema broken under a running server) answers 500 with the JSON error
 * shape and a request id, keeps the stack trace off the wire, and logs it once under that id.
 */
class ServerErrorIT {

  @Test
  void postWhenStoreSchemaBrokenThenServerErrorJsonWithoutTraceAndLoggedUnderItsRid()
      throws SQLException {
    try (TestServer server = TestServer.start();
        LogCapture log = LogCapture.start()) {
      TestApp app = TestApps.app().registerOn(server);
      breakTheAppTable(server);

      Http.Response response = TokenEndpoint.of(server).clientCredentials(app, "pins:read");

      Map<String, Object> json = assertError(response, 500, "server_error", 500);
      assertFalse(response.body().contains("Exception"), response.body());
      assertFalse(response.body().contains("at org."), response.body());
      String rid = response.header("x-pinterest-rid").orElseThrow();
      List<LogCapture.Entry> failures =
          log.await(
              entry -> entry.text().contains("rid=" + rid + " unexpected failure"),
              1,
              Duration.ofSeconds(10));
      assertEquals(1, failures.size(), "one logged failure for rid " + rid);
      assertEquals(java.util.logging.Level.SEVERE, failures.get(0).level());
      assertTrue(failures.get(0).text().contains("\tat "), "the stack trace goes to the log");
      List<LogCapture.Entry> accessLines =
          log.await(
              entry ->
                  entry.text().contains("rid=" + rid)
                      && entry.text().contains("status=500")
                      && entry.text().contains("error=server_error"),
              1,
              Duration.ofSeconds(10));
      assertEquals(1, accessLines.size(), "the access line of rid " + rid);
      assertFalse(json.get("message").toString().isBlank());
    }
  }

  private static void breakTheAppTable(TestServer server) throws SQLException {
    try (Connection connection = TestDatabases.writableConnection(server.pinoauth().dataSource());
        Statement statement = connection.createStatement()) {
      statement.execute("ALTER TABLE app RENAME TO app_moved_away");
    }
  }
}
