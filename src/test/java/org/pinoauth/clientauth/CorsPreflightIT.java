package org.pinoauth.clientauth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pinoauth.testing.Http;
import org.pinoauth.testing.TestServerExtension;

/**
 * Preflights name no app, so they never reach client authentication (CONTRACT §9): they neither
 * count as failures nor meet an address's lockout. The app here comes from the bootstrap file,
 * whose {@code allowed_origins} are read like the admin API's.
 */
class CorsPreflightIT {
  private static final int ADDRESS_LIMIT = 3;
  private static final String CLIENT_ID = "4242424";
  private static final String SECRET = "cors-bootstrap-secret-0123456789abcdef";
  private static final String ORIGIN = "https://bootstrapped-spa.example.com";
  private static final Path BOOTSTRAP = bootstrapFile();

  @RegisterExtension
  static final TestServerExtension server =
      TestServerExtension.of(
          builder ->
              builder
                  .setting("bootstrap", BOOTSTRAP.toString())
                  .setting("auth.failure.address.limit", Integer.toString(ADDRESS_LIMIT)));

  @Test
  void preflightWhenRepeatedOrAddressLockedOutThenNeitherCountedNorRefused() {
    for (int i = 0; i < ADDRESS_LIMIT * 3; i++) {
      assertAllowed(preflight());
    }
    Http.Response good = token(SECRET);
    assertEquals(200, good.status(), "preflights were counted as failures: " + good);
    assertEquals(Optional.of(ORIGIN), good.header("Access-Control-Allow-Origin"));

    for (int i = 0; i < ADDRESS_LIMIT; i++) {
      assertEquals(401, token("wrong-secret").status());
    }
    assertEquals(429, token(SECRET).status(), "the address should be locked out by now");

    assertAllowed(preflight());
  }

  private static void assertAllowed(Http.Response response) {
    assertEquals(204, response.status(), response.body());
    assertEquals(Optional.of(ORIGIN), response.header("Access-Control-Allow-Origin"));
  }

  private static Http.Response preflight() {
    return Http.send(
        HttpRequest.newBuilder(server.uri("/v5/oauth/token"))
            .timeout(Duration.ofSeconds(30))
            .header("Origin", ORIGIN)
            .header("Access-Control-Request-Method", "POST")
            .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
            .build());
  }

  private static Http.Response token(String secret) {
    return Http.send(
        HttpRequest.newBuilder(server.uri("/v5/oauth/token"))
            .timeout(Duration.ofSeconds(30))
            .header("Origin", ORIGIN)
            .header("Authorization", Http.basic(CLIENT_ID, secret))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    Http.form("grant_type", "client_credentials", "scope", "pins:read")))
            .build());
  }

  private static Path bootstrapFile() {
    try {
      Path file = Files.createTempFile("cors-bootstrap", ".json");
      file.toFile().deleteOnExit();
      Files.writeString(
          file,
          "[{\"client_id\": \""
              + CLIENT_ID
              + "\", \"client_secret\": \""
              + SECRET
              + "\", \"name\": \"Bootstrapped SPA\", \"scopes\": [\"pins:read\"],"
              + " \"grant_types\": [\"client_credentials\"], \"owner\": \"app-owner\","
              + " \"allowed_origins\": [\"HTTPS://Bootstrapped-SPA.example.com:443\"]}]");
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
