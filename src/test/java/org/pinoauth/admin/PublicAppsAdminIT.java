package org.pinoauth.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.pinoauth.client.App;
import org.pinoauth.testing.Http;
import org.pinoauth.testing.LogCapture;
import org.pinoauth.testing.TestServer;
import org.pinoauth.testing.TestServerExtension;

/**
 * {@code token_endpoint_auth_method} in the admin API and the bootstrap file (CONTRACT §6, §9): a
 * public app is registered without a secret and keeps none, and cannot be turned into another kind.
 */
class PublicAppsAdminIT {
  private static final Jsonb JSON = JsonbBuilder.create();
  private static final String ADMIN = Http.basic("admin", "admin");

  @RegisterExtension static final TestServerExtension server = TestServerExtension.start();

  private static Map<String, Object> publicApp() {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("name", "Native app");
    fields.put("redirect_uris", List.of("http://127.0.0.1/callback", "com.example.app:/callback"));
    fields.put("scopes", List.of("pins:read"));
    fields.put("token_endpoint_auth_method", "none");
    return fields;
  }

  @Test
  void createWhenPublicThen201WithoutClientSecretAndGetShowsTheMethod() {
    Http.Response created = admin("POST", "/admin/apps", JSON.toJson(publicApp()));

    assertEquals(201, created.status(), created.body());
    Map<String, Object> body = created.json();
    assertFalse(body.containsKey("client_secret"), created.body());
    assertEquals("none", body.get("token_endpoint_auth_method"));
    assertEquals(List.of("authorization_code", "refresh_token"), body.get("grant_types"));
    String id = (String) body.get("client_id");
    Http.Response shown = admin("GET", "/admin/apps/" + id, null);
    assertEquals("none", shown.json().get("token_endpoint_auth_method"));
    App stored = server.pinoauth().apps().find(id).orElseThrow();
    assertTrue(stored.isPublic());
    assertEquals("", stored.secretHash(), "no secret is stored for a public app");
  }

  @Test
  void createWhenMethodLeftOutThenClientSecretBasicWithASecret() {
    Map<String, Object> fields = publicApp();
    fields.remove("token_endpoint_auth_method");
    fields.put("redirect_uris", List.of("https://app.example/cb"));

    Http.Response created = admin("POST", "/admin/apps", JSON.toJson(fields));

    assertEquals(201, created.status(), created.body());
    assertEquals("client_secret_basic", created.json().get("token_endpoint_auth_method"));
    assertTrue(((String) created.json().get("client_secret")).length() >= 32);
  }

  @Test
  void rotateSecretWhenPublicThen400NamingTheMethod() {
    String id = createdPublicApp();

    Http.Response refused = admin("POST", "/admin/apps/" + id + "/secret", null);

    assertEquals(400, refused.status(), refused.body());
    assertEquals("token_endpoint_auth_method", refused.json().get("field"), refused.body());
    assertEquals("", server.pinoauth().apps().find(id).orElseThrow().secretHash());
  }

  @Test
  void patchWhenMethodSentThen400NamingItAndNothingChanged() {
    String id = createdPublicApp();

    for (String method : new String[] {"client_secret_basic", "client_secret_post", "none"}) {
      Http.Response refused =
          admin(
              "PATCH",
              "/admin/apps/" + id,
              JSON.toJson(Map.of("token_endpoint_auth_method", method)));
      assertEquals(400, refused.status(), refused.body());
      assertEquals("token_endpoint_auth_method", refused.json().get("field"), refused.body());
    }
    assertTrue(server.pinoauth().apps().find(id).orElseThrow().isPublic());
  }

  @Test
  void patchWhenOtherFieldOfPublicAppThenStaysPublic() {
    String id = createdPublicApp();

    Http.Response patched =
        admin("PATCH", "/admin/apps/" + id, JSON.toJson(Map.of("name", "Renamed")));

    assertEquals(200, patched.status(), patched.body());
    assertEquals("none", patched.json().get("token_endpoint_auth_method"));
    assertTrue(server.pinoauth().apps().find(id).orElseThrow().isPublic());
  }

  @Test
  void patchWhenPublicAppGetsLegacyRefreshThen400NamingRefreshMode() {
    String id = createdPublicApp();

    Http.Response refused =
        admin("PATCH", "/admin/apps/" + id, JSON.toJson(Map.of("refresh_mode", "legacy")));

    assertEquals(400, refused.status(), refused.body());
    assertEquals("refresh_mode", refused.json().get("field"));
  }

  @Test
  void createWhenPublicAppBreaksARuleThen400NamingTheField() {
    assertRefused("grant_types", with("grant_types", List.of("client_credentials")));
    assertRefused(
        "grant_types", with("grant_types", List.of("authorization_code", "client_credentials")));
    assertRefused("refresh_mode", with("refresh_mode", "legacy"));
    assertRefused("allow_plain_pkce", with("allow_plain_pkce", true));
    assertRefused("token_endpoint_auth_method", with("token_endpoint_auth_method", "secret"));
    assertRefused("token_endpoint_auth_method", with("token_endpoint_auth_method", 1));
    assertRefused("client_secret", with("client_secret", "chosen"));
  }

  @Test
  void createWhenConfidentialAppRegistersAPrivateUseSchemeThen400NamingRedirectUris() {
    Map<String, Object> fields = with("token_endpoint_auth_method", "client_secret_post");

    assertRefused("redirect_uris", fields);
  }

  @Test
  void bootstrapWhenPublicAppThenRegisteredWithoutSecretAndTokensNeedNone(@TempDir Path dir)
      throws IOException {
    Path file = dir.resolve("bootstrap.json");
    Files.writeString(
        file,
        """
        [{"client_id": "4445556", "name": "Bootstrapped native app",
          "token_endpoint_auth_method": "none",
          "redirect_uris": ["http://127.0.0.1/callback"], "scopes": ["pins:read"]}]
        """);
    try (TestServer started =
        TestServer.builder()
            .dataDir(Files.createDirectories(dir.resolve("data")))
            .setting("bootstrap", file.toString())
            .start()) {
      App app = started.pinoauth().apps().find("4445556").orElseThrow();
      assertTrue(app.isPublic());
      assertEquals("", app.secretHash());
      Http.Response refreshUnknown =
          Http.postForm(
              started.uri("/v5/oauth/token"),
              null,
              Http.form(
                  "grant_type",
                  "refresh_token",
                  "refresh_token",
                  "pinr_x",
                  "client_id",
                  "4445556"));
      assertEquals(
          "invalid_grant", refreshUnknown.string("error"), "authenticated by its client_id alone");
    }
  }

  @Test
  void bootstrapWhenPublicAppHasAClientSecretThenTheStartFailsNamingIt(@TempDir Path dir)
      throws IOException {
    Path file = dir.resolve("bootstrap.json");
    Files.writeString(
        file,
        """
        [{"client_id": "4445557", "client_secret": "chosen", "name": "Native app",
          "token_endpoint_auth_method": "none",
          "redirect_uris": ["http://127.0.0.1/callback"], "scopes": ["pins:read"]}]
        """);

    try (LogCapture logs = LogCapture.start()) {
      assertThrows(
          IllegalStateException.class,
          () ->
              TestServer.builder()
                  .dataDir(Files.createDirectories(dir.resolve("data")))
                  .setting("bootstrap", file.toString())
                  .start());

      List<String> lines =
          logs.entries().stream()
              .map(LogCapture.Entry::text)
              .filter(text -> text.startsWith("pinoauth failed to start"))
              .toList();
      assertEquals(1, lines.size(), logs.entries().toString());
      assertTrue(lines.get(0).contains("client_secret must be absent"), lines.get(0));
      assertFalse(lines.get(0).contains("chosen"), "never the secret: " + lines.get(0));
    }
  }

  private static Map<String, Object> with(String field, Object value) {
    Map<String, Object> fields = publicApp();
    fields.put(field, value);
    return fields;
  }

  private static void assertRefused(String field, Map<String, Object> fields) {
    int before = server.pinoauth().apps().list().size();
    Http.Response refused = admin("POST", "/admin/apps", JSON.toJson(fields));
    assertEquals(400, refused.status(), fields + " → " + refused.body());
    assertEquals(field, refused.json().get("field"), refused.body());
    assertEquals(before, server.pinoauth().apps().list().size(), "nothing registered");
  }

  private static String createdPublicApp() {
    Http.Response created = admin("POST", "/admin/apps", JSON.toJson(publicApp()));
    assertEquals(201, created.status(), created.body());
    return (String) created.json().get("client_id");
  }

  /** As the operator; every POST, PATCH and DELETE says JSON, body or not (CONTRACT §6). */
  private static Http.Response admin(String method, String path, String jsonBody) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(server.uri(path))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", ADMIN);
    if (!method.equals("GET")) {
      request.header("Content-Type", "application/json");
    }
    request.method(
        method,
        jsonBody == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(jsonBody));
    return Http.send(request.build());
  }
}
