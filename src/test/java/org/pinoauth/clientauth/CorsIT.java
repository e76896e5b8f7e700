package org.pinoauth.clientauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pinoauth.testing.Endpoints;
import org.pinoauth.testing.Http;
import org.pinoauth.testing.TestApps;
import org.pinoauth.testing.TestApps.TestApp;
import org.pinoauth.testing.TestServerExtension;

/**
 * CORS for browser apps over real HTTP (CONTRACT §9): preflights of the token and revocation
 * endpoints, the origin a POST's answer is readable by (success or error, whichever filter wrote
 * it), {@code Vary: Origin} on every answer of those two, the metadata open to every origin, and no
 * CORS header anywhere else. The admin API's {@code allowed_origins} is what decides.
 */
class CorsIT {
  private static final String TOKEN = "/v5/oauth/token";
  private static final String REVOKE = "/v5/oauth/token/revoke";
  private static final String SPA = "https://spa.example.com";
  private static final String OTHER_SPA = "https://other-spa.example.com";
  private static final String LOCAL_SPA = "http://localhost:5173";
  private static final String ADMIN = Http.basic("admin", "admin");
  private static final Jsonb JSON = JsonbBuilder.create();

  @RegisterExtension static final TestServerExtension server = TestServerExtension.start();

  private static TestApp spaApp() {
    return TestApps.app().allowedOrigins(SPA, LOCAL_SPA).registerOn(server.get());
  }

  private static TestApp otherApp() {
    return TestApps.app().allowedOrigins(OTHER_SPA).registerOn(server.get());
  }

  // --- Preflight --------------------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(strings = {TOKEN, REVOKE})
  void preflightWhenAnyAppRegisteredTheOriginThen204WithCorsHeaders(String path) {
    spaApp();

    Http.Response response = preflight(path, SPA);

    assertEquals(204, response.status(), response.body());
    assertEquals(Optional.of(SPA), response.header("Access-Control-Allow-Origin"));
    assertEquals(Optional.of("POST"), response.header("Access-Control-Allow-Methods"));
    assertEquals(
        Optional.of("Authorization, Content-Type"),
        response.header("Access-Control-Allow-Headers"));
    assertEquals(Optional.of("600"), response.header("Access-Control-Max-Age"));
    assertEquals("", response.body());
    assertVaryOriginWithoutCredentials(response);
  }

  @Test
  void preflightWhenLoopbackHttpOriginRegisteredThenAllowed() {
    spaApp();

    Http.Response response = preflight(TOKEN, LOCAL_SPA);

    assertEquals(204, response.status(), response.body());
    assertEquals(Optional.of(LOCAL_SPA), response.header("Access-Control-Allow-Origin"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://unregistered.example.com",
        "https://spa.example.com.evil.example",
        "https://SPA.example.com",
        "https://spa.example.com:443",
        "https://spa.example.com/",
        "http://spa.example.com",
        "null"
      })
  void preflightWhenOriginNotRegisteredAsSentThen204WithoutCorsHeaders(String origin) {
    spaApp();

    Http.Response response = preflight(TOKEN, origin);

    assertEquals(204, response.status(), response.body());
    assertNoCorsHeaders(response);
    assertVaryOriginWithoutCredentials(response);
  }

  @Test
  void optionsWithoutPreflightHeadersThenStill405AsBefore() {
    Http.Response response =
        send("OPTIONS", TOKEN, Optional.of(SPA), Optional.empty(), Optional.empty(), null);

    assertEquals(405, response.status(), response.body());
    assertVaryOriginWithoutCredentials(response);
  }

  // --- The POST itself
  // ----------------------------------------------------------------------------

  @Test
  void tokenPostWhenOriginRegisteredToItsClientThenReadable() {
    TestApp app = spaApp();

    Http.Response response = tokenPost(SPA, Http.basic(app.clientId(), app.secret()), grant());

    assertEquals(200, response.status(), response.body());
    assertEquals(Optional.of(SPA), response.header("Access-Control-Allow-Origin"));
    assertVaryOriginWithoutCredentials(response);
  }

  @Test
  void tokenPostWhenClientIdInTheBodyThenReadableToItsOrigin() {
    TestApp app = spaApp();

    Http.Response response =
        tokenPost(
            SPA,
            null,
            grant() + "&" + Http.form("client_id", app.clientId(), "client_secret", app.secret()));

    assertEquals(200, response.status(), response.body());
    assertEquals(Optional.of(SPA), response.header("Access-Control-Allow-Origin"));
  }

  @Test
  void tokenPostWhenOriginRegisteredToAnotherAppThenNotReadable() {
    TestApp app = spaApp();
    otherApp();

    Http.Response response =
        tokenPost(OTHER_SPA, Http.basic(app.clientId(), app.secret()), grant());

    assertEquals(200, response.status(), response.body());
    assertNoCorsHeaders(response);
    assertVaryOriginWithoutCredentials(response);
  }

  @Test
  void tokenPostWhenWrongSecretThen401FromClientAuthFilterReadableToItsOrigin() {
    TestApp app = spaApp();

    Http.Response response = tokenPost(SPA, Http.basic(app.clientId(), "wrong-secret"), grant());

    assertEquals(401, response.status(), response.body());
    assertEquals("invalid_client", response.string("error"));
    assertTrue(response.header("WWW-Authenticate").isPresent());
    assertEquals(Optional.of(SPA), response.header("Access-Control-Allow-Origin"));
    assertVaryOriginWithoutCredentials(response);
  }

  @Test
  void tokenPostWhenWrongSecretAndOtherOriginThen401NotReadable() {
    TestApp app = spaApp();
    otherApp();

    Http.Response response =
        tokenPost(OTHER_SPA, Http.basic(app.clientId(), "wrong-secret"), grant());

    assertEquals(401, response.status(), response.body());
    assertNoCorsHeaders(response);
    assertVaryOriginWithoutCredentials(response);
  }

  @Test
  void tokenPostWhenParameterRepeatedThen400FromFormFilterReadableByBasicClientsOrigin() {
    TestApp app = spaApp();

    Http.Response response =
        tokenPost(SPA, Http.basic(app.clientId(), app.secret()), grant() + "&scope=pins:read");

    assertEquals(400, response.status(), response.body());
    assertEquals("invalid_request", response.string("error"));
    assertEquals(Optional.of(SPA), response.header("Access-Control-Allow-Origin"));
    assertVaryOriginWithoutCredentials(response);
  }

  @Test
  void tokenPostWhenNotAFormThen415ReadableByBasicClientsOrigin() {
    TestApp app = spaApp();

    Http.Response response =
        send(
            "POST",
            TOKEN,
            Optional.of(SPA),
            Optional.of(Http.basic(app.clientId(), app.secret())),
            Optional.of("text/plain"),
            grant());

    assertEquals(415, response.status(), response.body());
    assertEquals(Optional.of(SPA), response.header("Access-Control-Allow-Origin"));
    assertVaryOriginWithoutCredentials(response);
  }

  @Test
  void tokenPostWhenGrantErrorFromServletThen400ReadableToItsOrigin() {
    TestApp app = spaApp();

    Http.Response response =
        tokenPost(
            SPA,
            Http.basic(app.clientId(), app.secret()),
            Http.form("grant_type", "refresh_token", "refresh_token", "not-a-refresh-token"));

    assertEquals(400, response.status(), response.body());
    assertEquals("invalid_grant", response.string("error"));
    assertEquals(Optional.of(SPA), response.header("Access-Control-Allow-Origin"));
  }

  @Test
  void tokenPostWhenUnknownClientIdThen401NotReadable() {
    spaApp();

    Http.Response response = tokenPost(SPA, Http.basic("9999999999", "secret"), grant());

    assertEquals(401, response.status(), response.body());
    assertNoCorsHeaders(response);
  }

  @Test
  void revokePostWhenOriginRegisteredToItsClientThenReadable() {
    TestApp app = spaApp();
    String token = Endpoints.appToken(server.get(), app, "pins:read");

    Http.Response response =
        send(
            "POST",
            REVOKE,
            Optional.of(SPA),
            Optional.of(Http.basic(app.clientId(), app.secret())),
            Optional.of("application/x-www-form-urlencoded"),
            Http.form("token", token));

    assertEquals(200, response.status(), response.body());
    assertEquals(Optional.of(SPA), response.header("Access-Control-Allow-Origin"));
    assertVaryOriginWithoutCredentials(response);
    assertTrue(!Endpoints.isActive(server.get(), app, token));
  }

  @Test
  void revokePostWhenOriginOfAnotherAppThenNotReadable() {
    TestApp app = spaApp();
    otherApp();

    Http.Response response =
        send(
            "POST",
            REVOKE,
            Optional.of(OTHER_SPA),
            Optional.of(Http.basic(app.clientId(), app.secret())),
            Optional.of("application/x-www-form-urlencoded"),
            Http.form("token", "whatever"));

    assertEquals(200, response.status(), response.body());
    assertNoCorsHeaders(response);
    assertVaryOriginWithoutCredentials(response);
  }

  @ParameterizedTest
  @ValueSource(strings = {TOKEN, REVOKE})
  void anyAnswerWithoutOriginThenVaryOriginAndNoCorsHeaders(String path) {
    TestApp app = spaApp();

    Http.Response ok =
        Http.postForm(
            server.uri(path),
            Http.basic(app.clientId(), app.secret()),
            path.equals(TOKEN) ? grant() : Http.form("token", "whatever"));
    Http.Response notPost = Http.get(server.uri(path));

    assertEquals(200, ok.status(), ok.body());
    assertEquals(405, notPost.status(), notPost.body());
    for (Http.Response response : List.of(ok, notPost)) {
      assertNoCorsHeaders(response);
      assertVaryOriginWithoutCredentials(response);
    }
  }

  // --- Other endpoints
  // ----------------------------------------------------------------------------

  @Test
  void metadataWhenFetchedThenReadableByEveryOrigin() {
    Http.Response response =
        Http.get(server.uri("/.well-known/oauth-authorization-server"), "Origin", SPA);

    assertEquals(200, response.status(), response.body());
    assertEquals(Optional.of("*"), response.header("Access-Control-Allow-Origin"));
    assertEquals(Optional.empty(), response.header("Access-Control-Allow-Credentials"));
  }

  @Test
  void otherEndpointsWhenRegisteredOriginThenNoCorsHeaders() {
    TestApp app = spaApp();
    String token = Endpoints.appToken(server.get(), app, "user_accounts:read");

    List<Http.Response> answers =
        List.of(
            Http.get(server.uri("/oauth/?client_id=" + app.clientId()), "Origin", SPA),
            Http.get(server.uri("/admin/apps"), "Origin", SPA, "Authorization", ADMIN),
            Http.get(
                server.uri("/v5/user_account"), "Origin", SPA, "Authorization", "Bearer " + token),
            send(
                "POST",
                "/v5/oauth/introspect",
                Optional.of(SPA),
                Optional.of(Http.basic(app.clientId(), app.secret())),
                Optional.of("application/x-www-form-urlencoded"),
                Http.form("token", token)),
            send(
                "OPTIONS",
                "/v5/oauth/introspect",
                Optional.of(SPA),
                Optional.empty(),
                Optional.empty(),
                null,
                "Access-Control-Request-Method",
                "POST"));

    assertEquals(200, answers.get(2).status(), answers.get(2).body());
    assertEquals(200, answers.get(3).status(), answers.get(3).body());
    for (Http.Response response : answers) {
      assertNoCorsHeaders(response);
    }
  }

  // --- Admin API ---------------------------------------------------------------------------------

  @Test
  void adminWhenAllowedOriginsPostedPatchedAndDeletedThenShownAndObeyed() {
    Map<String, Object> fields = appFields();
    fields.put("allowed_origins", List.of("HTTPS://Admin-SPA.example.com:443"));

    Http.Response created = admin("POST", "/admin/apps", JSON.toJson(fields));
    assertEquals(201, created.status(), created.body());
    assertEquals(List.of("https://admin-spa.example.com"), created.json().get("allowed_origins"));
    String path = "/admin/apps/" + created.string("client_id");
    assertEquals(
        List.of("https://admin-spa.example.com"),
        admin("GET", path, null).json().get("allowed_origins"));
    assertAllowedAtPreflight("https://admin-spa.example.com", true);

    Http.Response patched =
        admin(
            "PATCH",
            path,
            "{\"allowed_origins\": [\"https://admin-spa2.example.com\", \"http://[::1]:3000\"]}");
    assertEquals(200, patched.status(), patched.body());
    assertEquals(
        List.of("http://[::1]:3000", "https://admin-spa2.example.com"),
        admin("GET", path, null).json().get("allowed_origins"));
    assertAllowedAtPreflight("https://admin-spa.example.com", false);
    assertAllowedAtPreflight("https://admin-spa2.example.com", true);

    Http.Response renamed = admin("PATCH", path, "{\"name\": \"Renamed\"}");
    assertEquals(2, ((List<?>) renamed.json().get("allowed_origins")).size(), renamed.body());

    assertEquals(204, admin("DELETE", path, null).status());
    assertAllowedAtPreflight("https://admin-spa2.example.com", false);
  }

  @Test
  void adminWhenAppHasNoOriginsThenEmptyList() {
    Http.Response created = admin("POST", "/admin/apps", JSON.toJson(appFields()));

    assertEquals(201, created.status(), created.body());
    assertEquals(List.of(), created.json().get("allowed_origins"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "[\"https://spa.example.com/\"]",
        "[\"http://spa.example.com\"]",
        "[\"https://*.example.com\"]",
        "[\"null\"]",
        "[\"https://spa.example.com\", \"https://SPA.example.com\"]",
        "[\"https://u:p@spa.example.com\"]",
        "[\"https://spa.example.com?a=b\"]",
        "[\"https://spa.example.com#f\"]",
        "\"https://spa.example.com\"",
        "[7]"
      })
  void adminWhenAllowedOriginsInvalidThen400NamingTheField(String value) {
    String body = JSON.toJson(appFields());
    String withOrigins =
        body.substring(0, body.length() - 1) + ",\"allowed_origins\":" + value + "}";

    Http.Response created = admin("POST", "/admin/apps", withOrigins);
    Http.Response patched =
        admin("PATCH", "/admin/apps/" + spaApp().clientId(), "{\"allowed_origins\":" + value + "}");

    for (Http.Response response : List.of(created, patched)) {
      assertEquals(400, response.status(), response.body());
      assertEquals("invalid_request", response.string("error"));
      assertEquals("allowed_origins", response.string("field"), response.body());
    }
  }

  // --- Helpers -----------------------------------------------------------------------------------

  private static String grant() {
    return Http.form("grant_type", "client_credentials", "scope", "pins:read");
  }

  private static Map<String, Object> appFields() {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("name", "CORS test app");
    fields.put("redirect_uris", List.of("https://spa.example.com/cb"));
    fields.put("scopes", List.of("pins:read"));
    return fields;
  }

  private static void assertAllowedAtPreflight(String origin, boolean allowed) {
    Http.Response response = preflight(TOKEN, origin);
    assertEquals(204, response.status(), response.body());
    assertEquals(
        allowed ? Optional.of(origin) : Optional.empty(),
        response.header("Access-Control-Allow-Origin"),
        origin);
  }

  private static void assertNoCorsHeaders(Http.Response response) {
    for (String name : response.headers().map().keySet()) {
      assertTrue(
          !name.toLowerCase(java.util.Locale.ROOT).startsWith("access-control-"),
          name + " on " + response);
    }
  }

  private static void assertVaryOriginWithoutCredentials(Http.Response response) {
    assertEquals(List.of("Origin"), response.headers("Vary"), response.toString());
    assertEquals(Optional.empty(), response.header("Access-Control-Allow-Credentials"));
  }

  private static Http.Response preflight(String path, String origin) {
    return send(
        "OPTIONS",
        path,
        Optional.of(origin),
        Optional.empty(),
        Optional.empty(),
        null,
        "Access-Control-Request-Method",
        "POST",
        "Access-Control-Request-Headers",
        "authorization,content-type");
  }

  private static Http.Response tokenPost(String origin, String authorization, String form) {
    return send(
        "POST",
        TOKEN,
        Optional.of(origin),
        Optional.ofNullable(authorization),
        Optional.of("application/x-www-form-urlencoded"),
        form);
  }

  private static Http.Response admin(String method, String path, String jsonBody) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(server.uri(path))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", ADMIN)
            .method(
                method,
                jsonBody == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(jsonBody));
    if (!method.equals("GET")) {
      request.header("Content-Type", "application/json");
    }
    return Http.send(request.build());
  }

  private static Http.Response send(
      String method,
      String path,
      Optional<String> origin,
      Optional<String> authorization,
      Optional<String> contentType,
      String body,
      String... headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(server.uri(path))
            .timeout(Duration.ofSeconds(30))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    origin.ifPresent(value -> request.header("Origin", value));
    authorization.ifPresent(value -> request.header("Authorization", value));
    contentType.ifPresent(value -> request.header("Content-Type", value));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return Http.send(request.build());
  }
}
