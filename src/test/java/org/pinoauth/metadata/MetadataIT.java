package org.pinoauth.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pinoauth.testing.Http;
import org.pinoauth.testing.TestServerExtension;

/** {@code GET /.well-known/oauth-authorization-server} (RFC 8414), issuer from the request. */
class MetadataIT {
  private static final List<String> PINTEREST_SCOPES =
      List.of(
          "ads:read",
          "ads:write",
          "billing:read",
          "billing:write",
          "biz_access:read",
          "biz_access:write",
          "boards:read",
          "boards:read_secret",
          "boards:write",
          "boards:write_secret",
          "catalogs:read",
          "catalogs:write",
          "pins:read",
          "pins:read_secret",
          "pins:write",
          "pins:write_secret",
          "user_accounts:read",
          "user_accounts:write");

  @RegisterExtension static final TestServerExtension server = TestServerExtension.start();

  private static Http.Response metadata() {
    Http.Response answer = Http.get(server.uri("/.well-known/oauth-authorization-server"));
    assertEquals(200, answer.status(), answer.body());
    assertTrue(answer.header("Content-Type").orElse("").startsWith("application/json"));
    return answer;
  }

  @Test
  void metadataWhenNoIssuerConfiguredThenIssuerIsServerBaseUrl() {
    Http.Response answer = metadata();

    String base = "http://127.0.0.1:" + server.port();
    assertEquals(base, answer.string("issuer"));
    assertEquals(base + "/oauth/", answer.string("authorization_endpoint"));
    assertEquals(base + "/v5/oauth/token", answer.string("token_endpoint"));
    assertEquals(base + "/v5/oauth/token/revoke", answer.string("revocation_endpoint"));
    assertEquals(base + "/v5/oauth/introspect", answer.string("introspection_endpoint"));
  }

  @Test
  void metadataWhenEndpointsCalledThenEveryOneAnswersAndNoneIsMissing() {
    Map<String, Object> document = metadata().json();

    Set<String> endpoints = new TreeSet<>();
    for (Map.Entry<String, Object> entry : document.entrySet()) {
      if (!entry.getKey().endsWith("_endpoint")) {
        continue;
      }
      endpoints.add(entry.getKey());
      URI uri = URI.create((String) entry.getValue());
      if (entry.getKey().equals("authorization_endpoint")) {
        Http.Response page = Http.get(uri);
        assertTrue(page.status() == 200 || page.status() == 400, uri + " → " + page.status());
        assertTrue(page.header("Content-Type").orElse("").startsWith("text/html"), uri.toString());
      } else {
        Http.Response refused = Http.postForm(uri, Http.basic("no-such-app", "x"), "token=x");
        assertEquals(401, refused.status(), uri + " → " + refused);
        assertEquals("invalid_client", refused.string("error"), uri.toString());
      }
    }
    assertEquals(
        Set.of(
            "authorization_endpoint",
            "token_endpoint",
            "revocation_endpoint",
            "introspection_endpoint"),
        endpoints);
  }

  @Test
  void metadataWhenReadThenSupportedValuesMatchTheServer() {
    Http.Response answer = metadata();
    Map<String, Object> document = answer.json();

    assertEquals(List.of("code"), document.get("response_types_supported"));
    assertEquals(
        Set.of("authorization_code", "refresh_token", "client_credentials"),
        Set.copyOf(list(document, "grant_types_supported")));
    assertEquals(PINTEREST_SCOPES, list(document, "scopes_supported").stream().sorted().toList());
    for (String field :
        List.of(
            "token_endpoint_auth_methods_supported",
            "revocation_endpoint_auth_methods_supported")) {
      assertEquals(
          Set.of("client_secret_basic", "client_secret_post", "none"),
          Set.copyOf(list(document, field)),
          field + ": public apps send their client_id alone (CONTRACT §9)");
    }
    assertEquals(
        Set.of("client_secret_basic", "client_secret_post"),
        Set.copyOf(list(document, "introspection_endpoint_auth_methods_supported")),
        "introspection is not for public apps");
    assertTrue(list(document, "code_challenge_methods_supported").contains("S256"));
  }

  @Test
  void metadataWhenPostThenMethodNotAllowed() {
    Http.Response refused =
        Http.postForm(server.uri("/.well-known/oauth-authorization-server"), null, "");

    assertEquals(405, refused.status(), refused.body());
    assertTrue(refused.header("Allow").orElse("").contains("GET"));
  }

  @SuppressWarnings("unchecked")
  private static List<String> list(Map<String, Object> document, String field) {
    Object value = document.get(field);
    assertTrue(value instanceof List, field + " is not a list: " + value);
    return (List<String>) value;
  }
}
