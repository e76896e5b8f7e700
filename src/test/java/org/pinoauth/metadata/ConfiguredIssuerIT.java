package org.pinoauth.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pinoauth.testing.Http;
import org.pinoauth.testing.TestServerExtension;

/**
 * Server metadata behind a proxy: the {@code issuer} setting, not the URL the request came to,
 * names the issuer and every endpoint, without the setting's trailing slash (RFC 8414 §2).
 */
class ConfiguredIssuerIT {

  @RegisterExtension
  static final TestServerExtension server =
      TestServerExtension.of(builder -> builder.setting("issuer", "https://auth.example.com/"));

  @Test
  void metadataWhenIssuerConfiguredThenIssuerAndEndpointsUnderIt() {
    Http.Response answer = Http.get(server.uri("/.well-known/oauth-authorization-server"));

    assertEquals(200, answer.status(), answer.body());
    assertEquals("https://auth.example.com", answer.string("issuer"));
    assertEquals("https://auth.example.com/oauth/", answer.string("authorization_endpoint"));
    assertEquals("https://auth.example.com/v5/oauth/token", answer.string("token_endpoint"));
    assertEquals(
        "https://auth.example.com/v5/oauth/token/revoke", answer.string("revocation_endpoint"));
    assertEquals(
        "https://auth.example.com/v5/oauth/introspect", answer.string("introspection_endpoint"));
  }
}
