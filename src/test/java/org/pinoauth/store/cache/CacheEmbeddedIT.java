package org.pinoauth.store.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.net.http.HttpRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pinoauth.testing.Endpoints;
import org.pinoauth.testing.Http;
import org.pinoauth.testing.TestApps;
import org.pinoauth.testing.TestDatabases;
import org.pinoauth.testing.TestServer;

/**
 * One node on the embedded store with {@code cache.staleness=1s}: it makes every change itself, so
 * its caches are exact. A revocation, a rotated secret, a deleted app or a new owner holds on the
 * very next request, however warm the caches were.
 */
class CacheEmbeddedIT {
  private static TestServer server;

  @BeforeAll
  static void start() {
    assumeFalse(TestDatabases.postgresSelected(), "a node on the embedded store");
    server = TestServer.builder().setting("cache.staleness", "1s").start();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static NodeCaches caches() {
    return server.pinoauth().caches().orElseThrow();
  }

  @Test
  void cachesOnTheEmbeddedStoreAreExactAndAnswerFromMemory() {
    assertTrue(caches().isExact());
    TestApps.TestApp app = TestApps.app().registerOn(server);
    Endpoints.Tokens tokens = Endpoints.issue(server, app, "pinner", "pins:read");
    assertTrue(Endpoints.isActive(server, app, tokens.access()));
    long hits = caches().hits();

    assertTrue(Endpoints.isActive(server, app, tokens.access()));

    assertTrue(caches().hits() >= hits + 2, "the app and the token's liveness from memory");
    String metrics = Http.get(server.uri("/metrics")).body();
    assertTrue(metrics.contains("pinoauth_cache_hits_total"), metrics);
    assertTrue(metrics.contains("pinoauth_cache_read_throughs_total"), metrics);
    assertTrue(metrics.contains("pinoauth_cache_freshness_age_seconds 0.0"), metrics);
  }

  @Test
  void accessTokenRevokedThenInactiveAtOnce() {
    TestApps.TestApp app = TestApps.app().registerOn(server);
    Endpoints.Tokens tokens = Endpoints.issue(server, app, "pinner", "pins:read");
    assertTrue(Endpoints.isActive(server, app, tokens.access()));
    assertTrue(Endpoints.isActive(server, app, tokens.access()));

    assertEquals(200, Endpoints.revoke(server, app, "token", tokens.access()).status());

    assertFalse(Endpoints.isActive(server, app, tokens.access()));
  }

  @Test
  void refreshTokenRevokedThenItsAccessTokenInactiveAtOnce() {
    TestApps.TestApp app = TestApps.app().registerOn(server);
    Endpoints.Tokens tokens = Endpoints.issue(server, app, "pinner", "pins:read");
    assertTrue(Endpoints.isActive(server, app, tokens.access()));
    assertTrue(Endpoints.isActive(server, app, tokens.access()));

    assertEquals(
        200,
        Endpoints.revoke(server, app, "token", tokens.refresh(), "token_type_hint", "refresh_token")
            .status());

    assertFalse(Endpoints.isActive(server, app, tokens.access()));
  }

  @Test
  void secretRotatedThenOldSecretRefusedAtOnce() {
    TestApps.TestApp app = TestApps.app().registerOn(server);
    assertEquals(200, clientCredentials(app.clientId(), app.secret()));
    assertEquals(200, clientCredentials(app.clientId(), app.secret()));

    Http.Response rotated = admin("POST", "/admin/apps/" + app.clientId() + "/secret");
    assertEquals(200, rotated.status(), rotated.body());

    assertEquals(401, clientCredentials(app.clientId(), app.secret()));
    assertEquals(200, clientCredentials(app.clientId(), rotated.string("client_secret")));
  }

  @Test
  void appDeletedThenRefusedAtOnce() {
    TestApps.TestApp app = TestApps.app().registerOn(server);
    assertEquals(200, clientCredentials(app.clientId(), app.secret()));
    assertEquals(200, clientCredentials(app.clientId(), app.secret()));

    assertEquals(204, admin("DELETE", "/admin/apps/" + app.clientId()).status());

    assertEquals(401, clientCredentials(app.clientId(), app.secret()));
  }

  @Test
  void ownerChangedThenTheAppTokenInactiveAtOnce() {
    TestApps.TestApp app = TestApps.app().registerOn(server);
    String appToken = Endpoints.appToken(server, app, "pins:read");
    assertTrue(Endpoints.isActive(server, app, appToken));
    assertTrue(Endpoints.isActive(server, app, appToken));

    Endpoints.patchApp(server, app, "{\"owner\":\"someone-else\"}");

    assertFalse(Endpoints.isActive(server, app, appToken));
  }

  @Test
  void grantRemovedThenTheUsersTokenInactiveAtOnce() {
    TestApps.TestApp app = TestApps.app().registerOn(server);
    Endpoints.Tokens tokens = Endpoints.issue(server, app, "pinner", "pins:read");
    assertTrue(Endpoints.isActive(server, app, tokens.access()));
    assertTrue(Endpoints.isActive(server, app, tokens.access()));

    Http.Response removed = admin("DELETE", "/admin/users/pinner/grants/" + app.clientId());
    assertEquals(204, removed.status(), removed.body());

    assertFalse(Endpoints.isActive(server, app, tokens.access()));
  }

  private static int clientCredentials(String clientId, String secret) {
    return Http.postForm(
            server.uri("/v5/oauth/token"),
            Http.basic(clientId, secret),
            Http.form("grant_type", "client_credentials", "scope", "pins:read"))
        .status();
  }

  private static Http.Response admin(String method, String path) {
    return Http.send(
        HttpRequest.newBuilder(server.uri(path))
            .header("Authorization", Http.basic("admin", "admin"))
            .header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.noBody())
            .build());
  }
}
