package org.pinoauth.token;

import static org.pinoauth.testing.TokenAssertions.assertAccessOnly;
import static org.pinoauth.testing.TokenAssertions.assertInvalidClient;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pinoauth.testing.Http;
import org.pinoauth.testing.TestServerExtension;
import org.pinoauth.testing.TokenEndpoint;

/** The development bootstrap file (CONTRACT §7, §8) registers the demo app {@code 1234567}. */
class TokenBootstrapIT {

  @RegisterExtension
  static final TestServerExtension server =
      TestServerExtension.of(
          builder ->
              builder.setting(
                  "bootstrap", Path.of("src/dev/bootstrap.json").toAbsolutePath().toString()));

  private static TokenEndpoint token;

  @BeforeAll
  static void startServer() {
    token = TokenEndpoint.of(server.get());
  }

  @Test
  void postWhenDemoAppAsksClientCredentialsThenTokenWithBothScopes() {
    Http.Response response =
        token.post(
            Http.basic("1234567", "dev-secret"),
            Http.form("grant_type", "client_credentials", "scope", "boards:read,pins:read"));

    assertAccessOnly(response, "client_credentials", "boards:read pins:read");
  }

  @Test
  void postWhenDemoAppSecretWrongThenInvalidClient() {
    Http.Response response =
        token.post(
            Http.basic("1234567", "not-the-dev-secret"),
            Http.form("grant_type", "client_credentials", "scope", "pins:read"));

    assertInvalidClient(response);
  }
}
