package org.pinoauth.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pinoauth.testing.Endpoints;
import org.pinoauth.testing.Http;
import org.pinoauth.testing.TestApps;
import org.pinoauth.testing.TestServer;

/**
 * The key access tokens are sealed with (docs/configuration.md, {@code token.key}): generated once
 * and kept in the store when none is configured, so tokens survive a restart; a configured key
 * replaces it, and tokens sealed with another key stop counting while refresh tokens go on.
 */
class TokenKeyIT {
  private static final String KEY_A = Base64.getEncoder().encodeToString(filled(0x11));
  private static final String KEY_B = Base64.getUrlEncoder().encodeToString(filled(0x22));

  private static byte[] filled(int value) {
    byte[] key = new byte[32];
    java.util.Arrays.fill(key, (byte) value);
    return key;
  }

  @Test
  void restartWhenNoKeyConfiguredThenStoredKeyKeepsAccessTokensLive(@TempDir Path dataDir) {
    Issued issued = issueAndStop(TestServer.builder().dataDir(dataDir));
    TestApps.TestApp app = issued.app();
    Endpoints.Tokens tokens = issued.tokens();

    try (TestServer restarted = TestServer.builder().dataDir(dataDir).start()) {
      assertTrue(Endpoints.isActive(restarted, app, tokens.access()));
      assertEquals(200, Endpoints.userAccount(restarted, tokens.access()).status());
    }
  }

  @Test
  void restartWhenKeyChangedThenOldAccessTokensInactiveAndRefreshTokensStillWork(
      @TempDir Path dataDir) {
    Issued issued = issueAndStop(TestServer.builder().dataDir(dataDir).setting("token.key", KEY_A));
    TestApps.TestApp app = issued.app();
    Endpoints.Tokens tokens = issued.tokens();

    try (TestServer sameKey =
        TestServer.builder().dataDir(dataDir).setting("token.key", KEY_A).start()) {
      assertTrue(Endpoints.isActive(sameKey, app, tokens.access()));
    }
    try (TestServer otherKey =
        TestServer.builder().dataDir(dataDir).setting("token.key", KEY_B).start()) {
      Http.Response introspected = Endpoints.introspect(otherKey, app, tokens.access());
      assertEquals(200, introspected.status(), introspected.body());
      assertEquals(false, introspected.json().get("active"));
      assertEquals(401, Endpoints.userAccount(otherKey, tokens.access()).status());

      Http.Response refreshed = Endpoints.refresh(otherKey, app, tokens.refresh());
      assertEquals(200, refreshed.status(), refreshed.body());
      assertTrue(Endpoints.isActive(otherKey, app, refreshed.string("access_token")));
    }
  }

  @Test
  void restartWhenKeyRotatedWithOldKeyAsPreviousThenOldAccessTokensStillLive(
      @TempDir Path dataDir) {
    Issued issued = issueAndStop(TestServer.builder().dataDir(dataDir).setting("token.key", KEY_A));
    TestApps.TestApp app = issued.app();
    Endpoints.Tokens tokens = issued.tokens();

    try (TestServer rotated =
        TestServer.builder()
            .dataDir(dataDir)
            .setting("token.key", KEY_B)
            .setting("token.key.previous", KEY_A)
            .start()) {
      assertTrue(Endpoints.isActive(rotated, app, tokens.access()));
      assertEquals(200, Endpoints.userAccount(rotated, tokens.access()).status());
    }
  }

  @Test
  void startWhenKeyShorterThan256BitsThenRefusedToStart(@TempDir Path dataDir) {
    String short128 = Base64.getEncoder().encodeToString(new byte[16]);

    IllegalStateException refused =
        assertThrows(
            IllegalStateException.class,
            () ->
                TestServer.builder()
                    .dataDir(dataDir)
                    .setting("token.key", short128)
                    .start()
                    .close());

    assertTrue(causes(refused).contains("token.key has 128 bits"), causes(refused));
  }

  private record Issued(TestApps.TestApp app, Endpoints.Tokens tokens) {}

  /** Starts a server, registers an app, issues it user tokens, and stops the server. */
  private static Issued issueAndStop(TestServer.Builder builder) {
    try (TestServer server = builder.start()) {
      TestApps.TestApp app = TestApps.app().registerOn(server);
      return new Issued(app, Endpoints.issue(server, app, "pinner", "user_accounts:read"));
    }
  }

  private static String causes(Throwable thrown) {
    StringBuilder messages = new StringBuilder();
    for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
      messages.append(cause.getMessage()).append(" / ");
    }
    return messages.toString();
  }
}
