package org.pinoauth.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pinoauth.testing.Http;
import org.pinoauth.testing.TestApps;
import org.pinoauth.testing.TestCodes;
import org.pinoauth.testing.TestServer;

/** A restart on the same H2 file loses nothing: apps, consents and refresh tokens survive. */
class RestartIT {

  @Test
  void refreshTokenIssuedBeforeRestartWorksAfterIt(@TempDir Path dataDir) {
    String clientId;
    String refreshToken;
    try (TestServer server = TestServer.builder().dataDir(dataDir).start()) {
      TestApps.TestApp app = TestApps.app().registerOn(server);
      clientId = app.clientId();
      String code = TestCodes.code(app).scopes("pins:read").issueOn(server);
      Http.Response exchanged =
          Http.postForm(
              server.uri("/v5/oauth/token"),
              Http.basic(clientId, app.secret()),
              Http.form(
                  "grant_type", "authorization_code",
                  "code", code,
                  "redirect_uri", "http://localhost:8085/"));
      assertEquals(200, exchanged.status(), exchanged.body());
      refreshToken = exchanged.string("refresh_token");
    }

    try (TestServer restarted = TestServer.builder().dataDir(dataDir).start()) {
      Http.Response refreshed =
          Http.postForm(
              restarted.uri("/v5/oauth/token"),
              Http.basic(clientId, "test-secret"),
              Http.form("grant_type", "refresh_token", "refresh_token", refreshToken));
      assertEquals(200, refreshed.status(), refreshed.body());
      assertEquals("everlasting_refresh", refreshed.string("response_type"));
      assertEquals("pins:read", refreshed.string("scope"));
      assertTrue(refreshed.string("refresh_token").startsWith("pinr_"));
    }
  }
}
