package org.pinoauth.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.pinoauth.client.App;
import org.pinoauth.testing.Endpoints;
import org.pinoauth.testing.Http;
import org.pinoauth.testing.TestApps;
import org.pinoauth.testing.TestCodes;
import org.pinoauth.testing.TestServerExtension;

/**
 * The admin API {@code /admin/apps} over real HTTP (CONTRACT §6): the container's Basic realm and
 * role in front, JSON in and out, and the effect of each change at the token endpoint.
 */
class AdminAppsIT {
  private static final Jsonb JSON = JsonbBuilder.create();
  private static final String ADMIN = Http.basic("admin", "admin");

  @RegisterExtension static final TestServerExtension server = TestServerExtension.start();

  // --- Who may call it ------------------------------------------------------------------------

  @Test
  void requestWhenNoCredentialsThen401WithBasicChallenge() {
    Http.Response response = send(null, "GET", "/admin/apps", null, null);

    assertEquals(401, response.status(), response.body());
    String challenge = response.header("WWW-Authenticate").orElse("");
    assertTrue(challenge.startsWith("Basic"), challenge);
    assertTrue(challenge.contains("realm=\"pinoauth\""), challenge);
  }

  @Test
  void requestWhenUserLacksAdminRoleThenForbiddenAndNothingCreated() {
    int before = server.pinoauth().apps().list().size();

    Http.Response create =
        send(
            Http.basic("pinner", "pinner"), "POST", "/admin/apps", "application/json", json(app()));
    Http.Response list = send(Http.basic("outsider", "outsider"), "GET", "/admin/apps", null, null);

    assertEquals(403, create.status(), create.body());
    assertEquals(403, list.status(), list.body());
    assertEquals(before, server.pinoauth().apps().list().size());
  }

  // --- Create, read, change -------------------------------------------------------------------

  @Test
  void postThenCreatedWithTenDigitClientIdSecretAndLocation() {
    Http.Response created = create(app());

    assertEquals(201, created.status(), created.body());
    assertTrue(created.header("Content-Type").orElse("").startsWith("application/json"));
    Object clientId = created.json().get("client_id");
    assertTrue(clientId instanceof String id && id.matches("[1-9][0-9]{9}"), created.body());
    assertTrue(created.string("client_secret").length() >= 32, created.body());
    assertEquals("Admin test app", created.string("name"));
    String location = created.header("Location").orElse("");
    assertTrue(location.endsWith("/admin/apps/" + clientId), location);
    Http.Response fetched =
        Http.send(authorized(server.uri("/admin/apps").resolve(location)).GET().build());
    assertEquals(200, fetched.status(), fetched.body());
    assertEquals(clientId, fetched.string("client_id"));
  }

  @Test
  void postThenClientCredentialsWorksWithTheReturnedSecret() {
    Http.Response created = create(app());

    Http.Response token =
        clientCredentials(created.string("client_id"), created.string("client_secret"));

    assertEquals(200, token.status(), token.body());
    assertEquals("client_credentials", token.string("response_type"));
    assertEquals("pins:read", token.string("scope"));
  }

  @Test
  void getListThenShowsTheAppWithoutAnySecret() {
    Http.Response created = create(app());
    String clientId = created.string("client_id");

    Http.Response list = admin("GET", "/admin/apps", null);

    assertEquals(200, list.status(), list.body());
    List<Map<String, Object>> apps = listOfObjects(list.body());
    Map<String, Object> listed =
        apps.stream()
            .filter(entry -> clientId.equals(entry.get("client_id")))
            .findFirst()
            .orElseThrow(() -> new AssertionError(clientId + " not in " + list.body()));
    assertEquals("Admin test app", listed.get("name"));
    assertTrue(apps.stream().noneMatch(entry -> entry.containsKey("client_secret")), list.body());
    assertFalse(list.body().contains(created.string("client_secret")), list.body());
  }

  @Test
  void getOneThenShowsItsFieldsWithoutSecret() {
    Http.Response created = create(app());
    String clientId = created.string("client_id");

    Http.Response fetched = admin("GET", "/admin/apps/" + clientId, null);

    assertEquals(200, fetched.status(), fetched.body());
    Map<String, Object> app = fetched.json();
    assertFalse(app.containsKey("client_secret"), fetched.body());
    assertFalse(fetched.body().contains(created.string("client_secret")), fetched.body());
    assertEquals(List.of("https://app.example/cb"), app.get("redirect_uris"));
    assertEquals(List.of("boards:read", "pins:read"), app.get("scopes"));
    assertEquals("continuous", app.get("refresh_mode"));
    assertEquals("app-owner", app.get("owner"));
  }

  @Test
  void getWhenIdUnknownThen404Json() {
    Http.Response response = admin("GET", "/admin/apps/999", null);

    assertEquals(404, response.status(), response.body());
    assertTrue(response.header("Content-Type").orElse("").startsWith("application/json"));
    assertEquals("invalid_request", response.string("error"));
    assertFalse(response.string("message").isBlank(), response.body());
  }

  @Test
  void patchThenNameAndRedirectUrisChangeAndTheRestIsKept() {
    Http.Response created = create(app());
    String clientId = created.string("client_id");
    Map<String, Object> before = admin("GET", "/admin/apps/" + clientId, null).json();

    Http.Response patched =
        admin(
            "PATCH",
            "/admin/apps/" + clientId,
            "{\"name\":\"Renamed\",\"redirect_uris\":[\"https://new.example/cb\"]}");

    assertEquals(200, patched.status(), patched.body());
    Map<String, Object> after = admin("GET", "/admin/apps/" + clientId, null).json();
    assertEquals("Renamed", after.get("name"));
    assertEquals(List.of("https://new.example/cb"), after.get("redirect_uris"));
    Map<String, Object> expected = new LinkedHashMap<>(before);
    expected.put("name", "Renamed");
    expected.put("redirect_uris", List.of("https://new.example/cb"));
    assertEquals(expected, after);
    assertEquals(expected, patched.json());
    Http.Response token = clientCredentials(clientId, created.string("client_secret"));
    assertEquals(200, token.status(), "the secret must survive a PATCH: " + token.body());
  }

  /**
   * A PATCH reads the app, then writes it: an edit that read the app before a secret rotation or a
   * deletion committed must not bring back the old secret or the deleted app (with its tokens).
   */
  @Test
  void updateWhenAppRotatedOrDeletedSinceItWasReadThenSecretStaysRotatedAndAppStaysDeleted() {
    Http.Response created = create(app());
    String clientId = created.string("client_id");
    App readBeforeRotation = server.pinoauth().apps().find(clientId).orElseThrow();
    String newSecret =
        admin("POST", "/admin/apps/" + clientId + "/secret", null).string("client_secret");

    assertTrue(server.pinoauth().apps().update(readBeforeRotation));

    assertEquals(200, clientCredentials(clientId, newSecret).status(), "the rotated secret");
    assertEquals(401, clientCredentials(clientId, created.string("client_secret")).status());
    assertEquals(204, admin("DELETE", "/admin/apps/" + clientId, null).status());

    assertFalse(server.pinoauth().apps().update(readBeforeRotation));

    assertTrue(server.pinoauth().apps().find(clientId).isEmpty(), "the app stays deleted");
  }

  @Test
  void postSecretThenNewSecretWorksAndOldOneFailsAtOnce() {
    Http.Response created = create(app());
    String clientId = created.string("client_id");
    String oldSecret = created.string("client_secret");
    assertEquals(200, clientCredentials(clientId, oldSecret).status());

    Http.Response rotated = admin("POST", "/admin/apps/" + clientId + "/secret", null);

    assertEquals(200, rotated.status(), rotated.body());
    String newSecret = rotated.string("client_secret");
    assertNotEquals(oldSecret, newSecret);
    assertEquals(clientId, rotated.string("client_id"));
    Http.Response withNew = clientCredentials(clientId, newSecret);
    assertEquals(200, withNew.status(), withNew.body());
    Http.Response withOld = clientCredentials(clientId, oldSecret);
    assertEquals(401, withOld.status(), withOld.body());
    assertEquals("invalid_client", withOld.string("error"));
    Http.Response fetched = admin("GET", "/admin/apps/" + clientId, null);
    assertFalse(fetched.body().contains(newSecret), fetched.body());
  }

  @Test
  void deleteThen204AndItsTokensAndCodesStopWorkingAndItIsGone() {
    Map<String, Object> fields = app();
    fields.put("redirect_uris", List.of("http://localhost:8085/"));
    Http.Response created = create(fields);
    String clientId = created.string("client_id");
    String secret = created.string("client_secret");
    App stored = server.pinoauth().apps().find(clientId).orElseThrow();
    TestApps.TestApp handle = new TestApps.TestApp(stored, secret);
    String exchangedCode = TestCodes.code(handle).scopes("pins:read").issueOn(server.get());
    String unusedCode = TestCodes.code(handle).scopes("pins:read").issueOn(server.get());
    Http.Response tokens = exchangeCode(clientId, secret, exchangedCode);
    assertEquals(200, tokens.status(), tokens.body());
    String refreshToken = tokens.string("refresh_token");
    String accessToken = tokens.string("access_token");
    String appToken = Endpoints.appToken(server.get(), handle, "pins:read");
    assertEquals(
        403, Endpoints.userAccount(server.get(), appToken).status()); // live, lacks the scope
    TestApps.TestApp observer = TestApps.app().registerOn(server.get());
    assertTrue(Endpoints.isActive(server.get(), observer, accessToken));
    assertTrue(Endpoints.isActive(server.get(), observer, appToken));

    Http.Response deleted = admin("DELETE", "/admin/apps/" + clientId, null);

    assertEquals(204, deleted.status(), deleted.body());
    assertEquals(404, admin("GET", "/admin/apps/" + clientId, null).status());
    assertEquals(404, admin("DELETE", "/admin/apps/" + clientId, null).status());
    assertInvalidClient(refresh(clientId, secret, refreshToken));
    assertInvalidClient(exchangeCode(clientId, secret, unusedCode));
    assertFalse(Endpoints.isActive(server.get(), observer, accessToken));
    assertFalse(Endpoints.isActive(server.get(), observer, appToken));
    assertEquals(401, Endpoints.userAccount(server.get(), appToken).status());

    // Even an app registered again under the same id and secret inherits nothing.
    TestApps.app().clientId(clientId).secret(secret).registerOn(server.get());
    assertInvalidGrant(refresh(clientId, secret, refreshToken));
    assertInvalidGrant(exchangeCode(clientId, secret, unusedCode));
    assertFalse(Endpoints.isActive(server.get(), observer, accessToken));
    assertFalse(Endpoints.isActive(server.get(), observer, appToken));
    assertEquals(401, Endpoints.userAccount(server.get(), appToken).status());
  }

  // --- Validation -----------------------------------------------------------------------------

  static Stream<Arguments> invalidFields() {
    return Stream.of(
        Arguments.of("redirect_uris", "redirect_uris", List.of("/cb")),
        Arguments.of("redirect_uris", "redirect_uris", List.of("https://app.example/cb#top")),
        Arguments.of("redirect_uris", "redirect_uris", List.of("http://example.com/cb")),
        Arguments.of("redirect_uris", "redirect_uris", List.of("https://ops:pw@app.example/cb")),
        Arguments.of("redirect_uris", "redirect_uris", List.of("https://my_app.example/cb")),
        Arguments.of(
            "redirect_uris",
            "redirect_uris",
            List.of("https://app.example/cb", "https://app.example/cb")),
        Arguments.of("redirect_uris", "redirect_uris", List.of()),
        Arguments.of("redirect_uris", "redirect_uris", null),
        Arguments.of("scopes", "scopes", List.of("pins:read", "pins:fly")),
        Arguments.of("grant_types", "grant_types", List.of("authorization_code", "implicit")),
        Arguments.of("refresh_mode", "refresh_mode", "sometimes"),
        Arguments.of("name", "name", null),
        Arguments.of("scopes", "scopes", null));
  }

  @ParameterizedTest(name = "{1} = {2} -> field {0}")
  @MethodSource("invalidFields")
  void postWhenFieldInvalidThen400NamingTheField(String field, String key, Object value) {
    Map<String, Object> fields = app();
    if (value == null) {
      fields.remove(key);
    } else {
      fields.put(key, value);
    }
    int before = server.pinoauth().apps().list().size();

    Http.Response response = create(fields);

    assertEquals(400, response.status(), response.body());
    assertTrue(response.header("Content-Type").orElse("").startsWith("application/json"));
    assertEquals("invalid_request", response.string("error"));
    assertEquals(field, response.string("field"), response.body());
    assertEquals(before, server.pinoauth().apps().list().size());
  }

  @Test
  void postWhenOnlyClientCredentialsAndNoRedirectUrisThenCreated() {
    Map<String, Object> fields = app();
    fields.remove("redirect_uris");
    fields.put("grant_types", List.of("client_credentials"));

    Http.Response created = create(fields);

    assertEquals(201, created.status(), created.body());
    assertEquals(List.of(), created.json().get("redirect_uris"));
  }

  static Stream<Arguments> invalidPatches() {
    return Stream.of(
        Arguments.of("name", "{\"name\":\"  \"}"),
        Arguments.of("name", "{\"name\":5}"),
        Arguments.of("redirect_uris", "{\"redirect_uris\":[\"/cb\"]}"),
        Arguments.of("redirect_uris", "{\"redirect_uris\":[\"https://ops:pw@app.example/cb\"]}"),
        Arguments.of("redirect_uris", "{\"redirect_uris\":[]}"),
        Arguments.of("scopes", "{\"scopes\":[\"pins:fly\"]}"),
        Arguments.of("scopes", "{\"scopes\":[]}"),
        Arguments.of("grant_types", "{\"grant_types\":[\"implicit\"]}"),
        Arguments.of("refresh_mode", "{\"refresh_mode\":\"sometimes\"}"),
        Arguments.of("owner", "{\"owner\":\"" + "o".repeat(201) + "\"}"),
        Arguments.of("allow_plain_pkce", "{\"allow_plain_pkce\":\"yes\"}"),
        Arguments.of("colour", "{\"colour\":\"red\"}"));
  }

  @ParameterizedTest(name = "{1} -> field {0}")
  @MethodSource("invalidPatches")
  void patchWhenFieldInvalidThen400NamingTheFieldAndAppUnchanged(String field, String patch) {
    String clientId = create(app()).string("client_id");
    Map<String, Object> before = admin("GET", "/admin/apps/" + clientId, null).json();

    Http.Response response = admin("PATCH", "/admin/apps/" + clientId, patch);

    assertEquals(400, response.status(), response.body());
    assertTrue(response.header("Content-Type").orElse("").startsWith("application/json"));
    assertEquals("invalid_request", response.string("error"));
    assertEquals(field, response.string("field"), response.body());
    assertEquals(before, admin("GET", "/admin/apps/" + clientId, null).json());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"http://localhost/cb", "http://localhost:8085/", "http://127.0.0.1:9000/cb"})
  void postWhenRedirectUriIsHttpOnLoopbackThenCreated(String redirectUri) {
    Map<String, Object> fields = app();
    fields.put("redirect_uris", List.of(redirectUri));

    Http.Response created = create(fields);

    assertEquals(201, created.status(), created.body());
    assertEquals(List.of(redirectUri), created.json().get("redirect_uris"));
  }

  @Test
  void postWhenBodyIsNotJsonThen400() {
    Http.Response response = admin("POST", "/admin/apps", "name=Not+JSON&scopes=pins:read");

    assertEquals(400, response.status(), response.body());
    assertEquals("invalid_request", response.string("error"));
  }

  @Test
  void postWhenContentTypeIsNotJsonThen415() {
    Http.Response response = send(ADMIN, "POST", "/admin/apps", "text/plain", json(app()));

    assertEquals(415, response.status(), response.body());
    assertEquals("invalid_request", response.string("error"));
  }

  @Test
  void postWhenClientIdInBodyThen400NamingClientId() {
    Map<String, Object> fields = app();
    fields.put("client_id", "1234567");

    Http.Response response = create(fields);

    assertEquals(400, response.status(), response.body());
    assertEquals("client_id", response.string("field"), response.body());
    assertEquals(404, admin("GET", "/admin/apps/1234567", null).status());
  }

  // --- Helpers --------------------------------------------------------------------------------

  /** A valid app, as a mutable map so a test changes one field. */
  private static Map<String, Object> app() {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("name", "Admin test app");
    fields.put("redirect_uris", List.of("https://app.example/cb"));
    fields.put("scopes", List.of("pins:read", "boards:read"));
    fields.put("grant_types", List.of("authorization_code", "refresh_token", "client_credentials"));
    fields.put("refresh_mode", "continuous");
    fields.put("owner", "app-owner");
    return fields;
  }

  private static String json(Object value) {
    return JSON.toJson(value);
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> listOfObjects(String body) {
    return JSON.fromJson(body, List.class);
  }

  private static Http.Response create(Map<String, Object> fields) {
    return admin("POST", "/admin/apps", json(fields));
  }

  /** As the operator; every POST, PATCH and DELETE says JSON, body or not (CONTRACT §6). */
  private static Http.Response admin(String method, String path, String jsonBody) {
    return send(ADMIN, method, path, method.equals("GET") ? null : "application/json", jsonBody);
  }

  private static Http.Response send(
      String authorization, String method, String path, String contentType, String body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(server.uri(path)).timeout(Duration.ofSeconds(30));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    request.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    return Http.send(request.build());
  }

  private static HttpRequest.Builder authorized(URI uri) {
    return HttpRequest.newBuilder(uri).header("Authorization", ADMIN);
  }

  private static Http.Response clientCredentials(String clientId, String secret) {
    return Http.postForm(
        server.uri("/v5/oauth/token"),
        Http.basic(clientId, secret),
        Http.form("grant_type", "client_credentials", "scope", "pins:read"));
  }

  private static Http.Response exchangeCode(String clientId, String secret, String code) {
    return Http.postForm(
        server.uri("/v5/oauth/token"),
        Http.basic(clientId, secret),
        Http.form(
            "grant_type", "authorization_code",
            "code", code,
            "redirect_uri", "http://localhost:8085/"));
  }

  private static Http.Response refresh(String clientId, String secret, String refreshToken) {
    return Http.postForm(
        server.uri("/v5/oauth/token"),
        Http.basic(clientId, secret),
        Http.form("grant_type", "refresh_token", "refresh_token", refreshToken));
  }

  private static void assertInvalidClient(Http.Response response) {
    assertEquals(401, response.status(), response.body());
    assertEquals("invalid_client", response.string("error"));
    assertEquals(Optional.of("Basic realm=\"pinoauth\""), response.header("WWW-Authenticate"));
  }

  private static void assertInvalidGrant(Http.Response response) {
    assertEquals(400, response.status(), response.body());
    assertEquals("invalid_grant", response.string("error"));
  }
}
