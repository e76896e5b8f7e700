package org.pinoauth.config;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pinoauth.testing.TokenAssertions.assertAccessOnly;
import static org.pinoauth.testing.TokenAssertions.assertInvalidClient;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pinoauth.client.Secret;
import org.pinoauth.client.SecretHasher;
import org.pinoauth.testing.Http;
import org.pinoauth.testing.TestServer;
import org.pinoauth.testing.TokenEndpoint;

/**
 * Bootstrap secrets are chosen by people: one shorter than 32 characters is stored as PBKDF2, a
 * long one as salted SHA-256, and a store from before PBKDF2 keeps working and is re-hashed at the
 * next start. The stored hashes are read through the server's own store.
 */
class BootstrapSecretsIT {
  private static final String SHORT_ID = "1234567";
  private static final String SHORT_SECRET = "dev-secret";
  private static final String LONG_ID = "2345678";
  private static final String LONG_SECRET = "3f9c1e7a5b2d4c6e8f0a1b3c5d7e9f10";

  @Test
  void startWhenBootstrapSecretsShortAndLongThenPbkdf2AndSha256AndBothAuthenticate(
      @TempDir Path dir) throws IOException {
    try (TestServer server = start(dir)) {
      assertTrue(
          storedHash(server, SHORT_ID).startsWith("pbkdf2-sha256:100000:"),
          "a short bootstrap secret is stored with PBKDF2");
      assertTrue(
          storedHash(server, LONG_ID).startsWith("sha256:"),
          "a bootstrap secret of 32 characters or more stays on salted SHA-256");
      TokenEndpoint token = TokenEndpoint.of(server);

      for (int i = 0; i < 2; i++) { // the second time from this node's verified-secret cache
        assertAccessOnly(
            clientCredentials(token, SHORT_ID, SHORT_SECRET), "client_credentials", "pins:read");
      }
      assertAccessOnly(
          clientCredentials(token, LONG_ID, LONG_SECRET), "client_credentials", "pins:read");
      assertInvalidClient(clientCredentials(token, SHORT_ID, "dev-secreT"));
      assertInvalidClient(clientCredentials(token, LONG_ID, SHORT_SECRET));
    }
  }

  @Test
  void restartWhenStoreHoldsSha256OfShortSecretThenItVerifiesAndIsReHashedWithPbkdf2(
      @TempDir Path dir) throws IOException {
    try (TestServer server = start(dir)) {
      // The store as the version before PBKDF2 left it: a sha256 hash of the short secret.
      server.pinoauth().apps().replaceSecret(SHORT_ID, SecretHasher.hash(new Secret(SHORT_SECRET)));
      assertTrue(storedHash(server, SHORT_ID).startsWith("sha256:"));

      TokenEndpoint token = TokenEndpoint.of(server);
      assertAccessOnly(
          clientCredentials(token, SHORT_ID, SHORT_SECRET), "client_credentials", "pins:read");
      assertInvalidClient(clientCredentials(token, SHORT_ID, "dev-secreT"));
    }

    try (TestServer restarted = start(dir)) {
      assertTrue(
          storedHash(restarted, SHORT_ID).startsWith("pbkdf2-sha256:100000:"),
          "the bootstrap at start-up re-hashes the existing app's short secret");
      TokenEndpoint token = TokenEndpoint.of(restarted);
      assertAccessOnly(
          clientCredentials(token, SHORT_ID, SHORT_SECRET), "client_credentials", "pins:read");
      assertInvalidClient(clientCredentials(token, SHORT_ID, "dev-secreT"));
    }
  }

  private static TestServer start(Path dir) throws IOException {
    Path bootstrap = dir.resolve("bootstrap.json");
    Files.writeString(
        bootstrap,
        """
        [
          {"client_id": "%s", "client_secret": "%s", "name": "Short secret app",
           "redirect_uris": ["http://localhost:8085/"], "scopes": ["pins:read"],
           "grant_types": ["client_credentials"], "owner": "pinner"},
          {"client_id": "%s", "client_secret": "%s", "name": "Long secret app",
           "redirect_uris": ["http://localhost:8085/"], "scopes": ["pins:read"],
           "grant_types": ["client_credentials"], "owner": "pinner"}
        ]
        """
            .formatted(SHORT_ID, SHORT_SECRET, LONG_ID, LONG_SECRET));
    return TestServer.builder()
        .dataDir(Files.createDirectories(dir.resolve("data")))
        .setting("bootstrap", bootstrap.toString())
        .start();
  }

  private static String storedHash(TestServer server, String clientId) {
    return server.pinoauth().apps().find(clientId).orElseThrow().secretHash();
  }

  private static Http.Response clientCredentials(
      TokenEndpoint token, String clientId, String secret) {
    return token.post(
        Http.basic(clientId, secret),
        Http.form("grant_type", "client_credentials", "scope", "pins:read"));
  }
}
