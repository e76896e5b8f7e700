package org.pinoauth.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pinoauth.testing.LogCapture;
import org.pinoauth.testing.TestServer;

/**
 * A deployment that cannot start says why in one line of pinoauth's own ({@code pinoauth failed to
 * start: …}), which containers print on their console, where their own message names no cause; the
 * line holds no password.
 */
class StartFailureIT {
  private static final String URL_PASSWORD = "url-password-never-logged";
  private static final String SETTING_PASSWORD = "setting-password-never-logged";

  @Test
  void startWhenDatabaseUnreachableThenOneLineNamesTheStoreAndTheRefusedConnection(
      @TempDir Path dir) throws IOException {
    int port = freePort();
    String url =
        "jdbc:postgresql://127.0.0.1:" + port + "/pinoauth?user=pinoauth&password=" + URL_PASSWORD;
    try (LogCapture logs = LogCapture.start()) {
      assertThrows(
          IllegalStateException.class,
          () ->
              TestServer.builder()
                  .dataDir(dir)
                  .setting("db.url", url)
                  .setting("db.user", "pinoauth")
                  .setting("db.password", SETTING_PASSWORD)
                  .setting("db.start.wait", "0")
                  .setting("db.pool.timeout", "500")
                  .start());

      String line = startFailureLine(logs);
      assertTrue(
          line.startsWith(
              "pinoauth failed to start: the store at jdbc:postgresql://127.0.0.1:"
                  + port
                  + "/pinoauth (user pinoauth): "),
          line);
      assertTrue(line.contains("refused"), "names the refused connection: " + line);
      assertTrue(line.contains("is the database running"), "says what to check: " + line);
      assertFalse(line.contains(URL_PASSWORD), line);
      assertFalse(line.contains(SETTING_PASSWORD), line);
      assertFalse(line.contains("\n"), "one line: " + line);
    }
  }

  @Test
  void startWhenBootstrapEntryInvalidThenOneLineNamesTheFileAndTheField(@TempDir Path dir)
      throws IOException {
    String secret = "bootstrap-secret-never-logged-0123456789";
    Path bootstrap =
        Files.writeString(
            dir.resolve("apps.json"),
            """
            [{"client_id": "7654321", "client_secret": "%s", "name": "broken app",
              "redirect_uris": ["http://localhost:8085/"], "scopes": ["no:such:scope"],
              "grant_types": ["client_credentials"], "owner": "ops"}]"""
                .formatted(secret));
    try (LogCapture logs = LogCapture.start()) {
      assertThrows(
          IllegalStateException.class,
          () ->
              TestServer.builder()
                  .dataDir(dir.resolve("data"))
                  .setting("bootstrap", bootstrap.toString())
                  .start());

      String line = startFailureLine(logs);
      assertTrue(
          line.startsWith("pinoauth failed to start: bootstrap " + bootstrap + " app #1: scopes: "),
          "names the file, the entry and the field: " + line);
      assertTrue(line.contains("fix that entry"), "says what to do: " + line);
      assertFalse(line.contains(secret), line);
    }
  }

  @Test
  void startWhenDataEngineUnknownThenOneLineNamesTheSettingAndTheChoicesAndNoFileIsMade(
      @TempDir Path dir) throws IOException {
    Path data = dir.resolve("data");
    try (LogCapture logs = LogCapture.start()) {
      assertThrows(
          IllegalStateException.class,
          () -> TestServer.builder().dataDir(data).setting("data.engine", "sqlite3").start());

      String line = startFailureLine(logs);
      assertTrue(line.contains("pinoauth.data.engine must be sqlite or h2"), line);
      assertFalse(Files.exists(data), "no store was made");
    }
  }

  @Test
  void startWhenCacheStalenessWithoutUnitThenOneLineNamesTheSettingAndWhatItTakes(
      @TempDir Path dir) {
    try (LogCapture logs = LogCapture.start()) {
      assertThrows(
          IllegalStateException.class,
          () -> TestServer.builder().dataDir(dir).setting("cache.staleness", "1").start());

      String line = startFailureLine(logs);
      assertTrue(
          line.contains("pinoauth.cache.staleness must be 0 or a whole number with ms or s"), line);
    }
  }

  /** The one SEVERE line of pinoauth's own that says why the start-up failed. */
  static String startFailureLine(LogCapture logs) {
    List<LogCapture.Entry> lines =
        logs.entries().stream()
            .filter(entry -> entry.level() == Level.SEVERE)
            .filter(entry -> entry.logger().startsWith("org.pinoauth"))
            .filter(entry -> entry.text().startsWith("pinoauth failed to start"))
            .toList();
    assertEquals(1, lines.size(), "one start-failure line: " + logs.entries());
    return lines.get(0).text();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
