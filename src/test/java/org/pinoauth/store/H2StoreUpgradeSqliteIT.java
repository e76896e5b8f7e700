package org.pinoauth.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pinoauth.testing.Http;
import org.pinoauth.testing.LogCapture;
import org.pinoauth.testing.TestServer;

/**
 * An embedded H2 store made by pinoauth 0.1.0 (src/test/resources/upgrade/h2-0.1.0, made by the
 * standalone jar before SQLite) keeps working after the upgrade: at the first start on the default
 * engine its rows move to SQLite, and its apps, tokens, revocations, consents and token key work as
 * before, over HTTP; {@code data.engine=h2} keeps serving it from H2. On the suite's sqlite run
 * only.
 */
class H2StoreUpgradeSqliteIT {
  private static final String FIXTURE = "/upgrade/h2-0.1.0/";

  @TempDir Path dataDir;
  private Properties fixture;

  /** Each test names its engine itself, so only the sqlite run has it (pom.xml: *SqliteIT). */
  @BeforeEach
  void loadFixture() throws IOException {
    fixture = new Properties();
    try (InputStream in =
        H2StoreUpgradeSqliteIT.class.getResourceAsStream(FIXTURE + "tokens.properties")) {
      fixture.load(in);
    }
    try (InputStream in =
        H2StoreUpgradeSqliteIT.class.getResourceAsStream(FIXTURE + "pinoauth.mv.db")) {
      Files.copy(in, dataDir.resolve("pinoauth.mv.db"));
    }
  }

  @Test
  void startWhenDataDirHoldsAnH2StoreOfAnEarlierVersionThenItsRowsServeFromSqlite() {
    try (LogCapture log = LogCapture.start();
        TestServer server = defaultEngine()) {
      assertEquals(1, importLines(log).size(), log.entries().toString());
      assertStoreServesTheFixture(server);

      String[] rotated = rotate(server, fixture("refresh_token"), true);
      assertTrue(isActive(server, rotated[0]), "the rotated access token");
      String[] publicRotated = rotate(server, fixture("public.refresh_token"), false);
      assertNotEquals(fixture("public.refresh_token"), publicRotated[1]);
    }

    assertTrue(Files.isRegularFile(dataDir.resolve("pinoauth.db")));
    assertFalse(Files.exists(dataDir.resolve("pinoauth.mv.db")));
    assertTrue(Files.isRegularFile(dataDir.resolve("pinoauth.mv.db.h2-backup")));
  }

  @Test
  void startWhenTheBackupIsRenamedBackAndDataEngineH2ThenH2ServesAsBefore() throws IOException {
    try (TestServer server = defaultEngine()) {
      assertTrue(isActive(server, fixture("access_token")));
    }

    // operations.md: to go back to H2, rename the backup and set data.engine=h2.
    Files.move(dataDir.resolve("pinoauth.mv.db.h2-backup"), dataDir.resolve("pinoauth.mv.db"));
    try (TestServer server =
        TestServer.builder().dataDir(dataDir).setting("data.engine", "h2").start()) {
      assertStoreServesTheFixture(server);
    }
  }

  @Test
  void startWhenAlreadyImportedThenNotImportedAgainAndWritesSinceKept() {
    String[] rotated;
    try (TestServer server = defaultEngine()) {
      rotated = rotate(server, fixture("refresh_token"), true);
    }

    try (LogCapture log = LogCapture.start();
        TestServer again = defaultEngine()) {
      assertEquals(List.of(), importLines(log));
      assertTrue(isActive(again, rotated[0]), "written after the import");
      assertTrue(isActive(again, fixture("access_token")), "imported");
      rotate(again, rotated[1], true);
    }
    assertFalse(Files.exists(dataDir.resolve("pinoauth.mv.db.h2-backup-2")));
  }

  @Test
  void startWhenDataEngineH2ThenTheH2StoreServesItWithoutImport() throws IOException {
    try (LogCapture log = LogCapture.start();
        TestServer server =
            TestServer.builder().dataDir(dataDir).setting("data.engine", "h2").start()) {
      assertEquals(List.of(), importLines(log));
      assertStoreServesTheFixture(server);
      rotate(server, fixture("refresh_token"), true);
    }

    assertFalse(Files.exists(dataDir.resolve("pinoauth.db")));
    assertTrue(Files.isRegularFile(dataDir.resolve("pinoauth.mv.db")));
  }

  @Test
  void startWhenTheImportFailsThenTheStartFailsH2IsUntouchedAndTheNextStartImports()
      throws IOException {
    byte[] h2 = Files.readAllBytes(dataDir.resolve("pinoauth.mv.db"));
    // Where the import writes its file, a folder it can neither remove nor open.
    Path blocker = Files.createDirectories(dataDir.resolve("pinoauth.db.import").resolve("x"));

    IllegalStateException failed = assertThrows(IllegalStateException.class, this::defaultEngine);

    assertTrue(causes(failed).contains("Cannot import the embedded H2 store"), causes(failed));
    assertArrayEquals(h2, Files.readAllBytes(dataDir.resolve("pinoauth.mv.db")));
    assertFalse(Files.exists(dataDir.resolve("pinoauth.db")));

    Files.delete(blocker);
    try (TestServer server = defaultEngine()) {
      assertStoreServesTheFixture(server);
    }
    assertFalse(Files.exists(dataDir.resolve("pinoauth.mv.db")));
  }

  /**
   * The server over {@link #dataDir} with {@code data.engine} unset, as after an upgrade (an empty
   * setting counts as unset, whatever engine the suite runs on).
   */
  private TestServer defaultEngine() {
    return TestServer.builder().dataDir(dataDir).setting("data.engine", "").start();
  }

  /** What make.sh left in the store: apps, a secret, tokens, a revocation, consents, the key. */
  private void assertStoreServesTheFixture(TestServer server) {
    assertTrue(isActive(server, fixture("access_token")), "the code flow's access token");
    assertTrue(isActive(server, fixture("app.access_token")), "the app token");
    assertTrue(isActive(server, fixture("public.access_token")), "the public app's access token");
    assertFalse(isActive(server, fixture("revoked.access_token")), "the revoked token");

    Http.Response appToken =
        Http.postForm(
            server.uri("/v5/oauth/token"),
            confidential(),
            Http.form("grant_type", "client_credentials", "scope", "pins:read"));
    assertEquals(200, appToken.status(), appToken.body());

    Http.Response apps = admin(server, "/admin/apps");
    assertEquals(200, apps.status(), apps.body());
    assertTrue(apps.body().contains("\"client_id\":\"upgrade-confidential\""), apps.body());
    assertTrue(apps.body().contains("\"client_id\":\"upgrade-public\""), apps.body());
    assertTrue(apps.body().contains("\"token_endpoint_auth_method\":\"none\""), apps.body());

    Http.Response grants = admin(server, "/admin/users/pinner/grants");
    assertEquals(200, grants.status(), grants.body());
    assertTrue(grants.body().contains("\"scopes\":[\"boards:read\",\"pins:read\"]"), grants.body());
    assertTrue(grants.body().contains("\"client_id\":\"upgrade-public\""), grants.body());
  }

  /** Rotates {@code refreshToken}; returns the new access and refresh token. */
  private String[] rotate(TestServer server, String refreshToken, boolean confidential) {
    Http.Response response =
        confidential
            ? Http.postForm(
                server.uri("/v5/oauth/token"),
                confidential(),
                Http.form("grant_type", "refresh_token", "refresh_token", refreshToken))
            : Http.postForm(
                server.uri("/v5/oauth/token"),
                null,
                Http.form(
                    "grant_type",
                    "refresh_token",
                    "refresh_token",
                    refreshToken,
                    "client_id",
                    fixture("public.client_id")));
    assertEquals(200, response.status(), response.body());
    String refreshed = response.string("refresh_token");
    assertNotEquals(refreshToken, refreshed, "a continuous refresh token rotates");
    return new String[] {response.string("access_token"), refreshed};
  }

  private boolean isActive(TestServer server, String token) {
    Http.Response response =
        Http.postForm(
            server.uri("/v5/oauth/introspect"), confidential(), Http.form("token", token));
    assertEquals(200, response.status(), response.body());
    Map<String, Object> body = response.json();
    return Boolean.TRUE.equals(body.get("active"));
  }

  private String confidential() {
    return Http.basic(fixture("confidential.client_id"), fixture("confidential.client_secret"));
  }

  private static Http.Response admin(TestServer server, String path) {
    return Http.get(server.uri(path), "Authorization", Http.basic("admin", "admin"));
  }

  private String fixture(String key) {
    String value = fixture.getProperty(key);
    if (value == null) {
      throw new UncheckedIOException(new IOException(FIXTURE + "tokens.properties has no " + key));
    }
    return value;
  }

  private static List<LogCapture.Entry> importLines(LogCapture log) {
    return log.entries().stream()
        .filter(entry -> entry.text().contains("imported the embedded H2 store"))
        .toList();
  }

  private static String causes(Throwable failure) {
    StringBuilder text = new StringBuilder();
    for (Throwable t = failure; t != null; t = t.getCause()) {
      text.append(t).append('\n');
    }
    return text.toString();
  }
}
