package org.pinoauth.openapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.pinoauth.client.RefreshMode;
import org.pinoauth.testing.Browserless;
import org.pinoauth.testing.Endpoints;
import org.pinoauth.testing.Http;
import org.pinoauth.testing.TestApps;
import org.pinoauth.testing.TestCodes;
import org.pinoauth.testing.TestServer;
import org.pinoauth.token.Pkce;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * {@code GET /v5/openapi.yaml} against the server it describes. The document is fetched over HTTP
 * and read by a real OpenAPI parser; then every operation it lists is called for real (with an
 * app's or the admin's credentials, and without them for its 401 row), and each answer must be one
 * the document declares for that operation: a documented status, the documented required headers, a
 * documented media type and, for JSON, a body whose every field is declared in the response schema
 * (walking {@code $ref}, {@code allOf} and the discriminator) and which has every {@code required}
 * field. Every path that {@code web.xml} maps must be documented.
 */
class OpenApiIT {
  private static final String ADMIN = Http.basic("admin", "admin");
  private static final String PINNER = Http.basic("pinner", "pinner");
  private static final String OUTSIDER = Http.basic("outsider", "outsider");
  private static final String REDIRECT_URI = Endpoints.REDIRECT_URI;
  private static final String SCHEMAS = "#/components/schemas/";
  private static final Jsonb JSON = JsonbBuilder.create();
  private static final String BIG = "x".repeat(17 * 1024);

  private static TestServer server;

  /** With {@code metrics.role}, for the refusals {@code /metrics} documents. */
  private static TestServer guardedMetrics;

  private static TestApps.TestApp app;
  private static TestApps.TestApp otherApp;
  private static TestApps.TestApp legacyApp;
  private static Http.Response fetched;
  private static SwaggerParseResult parsed;
  private static OpenAPI api;

  @BeforeAll
  static void startServerAndReadDocument() {
    server = TestServer.start();
    guardedMetrics = TestServer.builder().setting("metrics.role", "pinoauth-user").start();
    app = TestApps.app().registerOn(server);
    otherApp = TestApps.app().registerOn(server);
    legacyApp = TestApps.app().refreshMode(RefreshMode.LEGACY).registerOn(server);
    fetched = Http.get(server.uri("/v5/openapi.yaml"));
    assertEquals(200, fetched.status(), fetched.toString());
    parsed = parse(fetched.body());
    api = parsed.getOpenAPI();
    assertNotNull(api, "the parser read no document: " + parsed.getMessages());
  }

  @AfterAll
  static void stopServer() {
    server.close();
    guardedMetrics.close();
  }

  private static SwaggerParseResult parse(String yaml) {
    ParseOptions options = new ParseOptions();
    options.setValidateInternalRefs(true);
    return new OpenAPIV3Parser().readContents(yaml, null, options);
  }

  // --- The document itself ----------------------------------------------------------------------

  @Test
  void documentWhenFetchedThenYamlInUtf8WithRequestId() {
    String contentType = fetched.header("Content-Type").orElse("").toLowerCase(Locale.ROOT);
    assertEquals("application/yaml", contentType.split(";", 2)[0].strip(), contentType);
    assertTrue(contentType.replace(" ", "").contains("charset=utf-8"), contentType);
    assertTrue(fetched.header("x-pinterest-rid").isPresent(), "x-pinterest-rid");
  }

  @Test
  void documentWhenParsedThenOpenApi303WithoutAnyParserMessage() {
    assertEquals(List.of(), parsed.getMessages());
    ParseOptions resolving = new ParseOptions();
    resolving.setResolve(true);
    resolving.setValidateInternalRefs(true);
    SwaggerParseResult resolved =
        new OpenAPIV3Parser().readContents(fetched.body(), null, resolving);
    assertEquals(List.of(), resolved.getMessages(), "messages when resolving references");
    assertEquals("3.0.3", api.getOpenapi());
    assertEquals("pinoauth", api.getInfo().getTitle());
    assertEquals(projectVersion(), api.getInfo().getVersion(), "info.version is pom.xml's");
    assertFalse(api.getInfo().getDescription().isBlank(), "info.description");
  }

  @Test
  void serverUrlWhenNoIssuerSetThenThisServersBaseUrl() {
    assertEquals(1, api.getServers().size(), "servers");
    assertEquals(server.uri("").toString(), api.getServers().get(0).getUrl());
  }

  @Test
  void serverUrlWhenIssuerSetThenIssuerWithoutTrailingSlash() {
    try (TestServer proxied =
        TestServer.builder().setting("issuer", "https://auth.example.com/pin/").start()) {
      Http.Response answer = Http.get(proxied.uri("/v5/openapi.yaml"));

      assertEquals(200, answer.status(), answer.toString());
      SwaggerParseResult result = parse(answer.body());
      assertEquals(List.of(), result.getMessages());
      assertEquals(
          "https://auth.example.com/pin", result.getOpenAPI().getServers().get(0).getUrl());
    }
  }

  @Test
  void everyPathWebXmlMapsWhenListedThenDocumented() {
    Set<String> documented = api.getPaths().keySet();
    List<String> patterns = webXmlUrlPatterns();
    assertFalse(patterns.isEmpty(), "web.xml maps nothing?");
    for (String pattern : patterns) {
      if (pattern.equals("/") || pattern.equals("/_error")) {
        continue; // the container's default servlet; the target of error-page dispatches
      }
      if (pattern.endsWith("/*")) {
        String prefix = pattern.substring(0, pattern.length() - 2);
        assertTrue(
            documented.contains(prefix) || answersNotFound(prefix),
            pattern + ": " + prefix + " is neither documented nor a 404");
        assertTrue(
            documented.stream().anyMatch(path -> path.startsWith(prefix + "/")),
            pattern + ": no path under " + prefix + "/ is documented");
      } else {
        assertTrue(documented.contains(pattern), pattern + " is not documented");
      }
    }
    for (String path : documented) {
      assertTrue(
          patterns.stream().anyMatch(pattern -> maps(pattern, path)),
          path + " is documented but web.xml maps nothing there");
    }
  }

  /** A folder with nothing of its own ({@code /admin/users}): the admin gets the JSON 404. */
  private static boolean answersNotFound(String path) {
    Http.Response response = as(ADMIN, "GET", path, null);
    return response.status() == 404
        && response.header("Content-Type").orElse("").startsWith("application/json");
  }

  // --- Every operation, called for real ---------------------------------------------------------

  /** One real request for one documented operation, and the status it must answer. */
  record Probe(String method, String path, String what, int status, Supplier<Http.Response> send) {
    @Override
    public String toString() {
      return method + " " + path + ": " + what + " → " + status;
    }
  }

  @Test
  void everyDocumentedOperationWhenListedThenProbedAndItsUnauthenticatedRowToo() {
    List<Probe> probes = probes().toList();
    for (Map.Entry<String, PathItem> path : api.getPaths().entrySet()) {
      for (Map.Entry<PathItem.HttpMethod, Operation> operation :
          path.getValue().readOperationsMap().entrySet()) {
        String method = operation.getKey().name();
        List<Probe> mine =
            probes.stream()
                .filter(p -> p.method().equals(method) && p.path().equals(path.getKey()))
                .toList();
        String name = method + " " + path.getKey();
        assertFalse(mine.isEmpty(), name + " is documented but never called here");
        if (operation.getValue().getResponses().containsKey("401")) {
          assertTrue(
              mine.stream().anyMatch(p -> p.status() == 401),
              name + " documents 401 but no probe calls it unauthenticated");
        }
        assertTrue(
            mine.stream().anyMatch(p -> p.status() < 300),
            name + " is never called successfully here");
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("probes")
  void probeWhenSentThenAnswerIsDocumentedForItsOperation(Probe probe) {
    Http.Response response = probe.send().get();

    assertEquals(probe.status(), response.status(), probe + ": " + response);
    assertDocumented(probe.method(), probe.path(), response);
  }

  @Test
  void undocumentedMethodWhenSentThen405WithAllowNamingTheDocumentedMethods() {
    for (Map.Entry<String, PathItem> path : api.getPaths().entrySet()) {
      String template = path.getKey();
      Set<String> documented =
          path.getValue().readOperationsMap().keySet().stream()
              .map(Enum::name)
              .collect(Collectors.toCollection(TreeSet::new));
      assertFalse(documented.contains("PUT"), template + ": the probe method must be undocumented");
      String authorization = template.startsWith("/admin/") ? ADMIN : null;
      Http.Response response = as(authorization, "PUT", appPath(template), null);

      assertEquals(405, response.status(), "PUT " + template + ": " + response);
      for (String method : documented) {
        assertDocumented(method, template, response);
      }
      Set<String> allowed =
          Arrays.stream(response.header("Allow").orElse("").split(","))
              .map(String::strip)
              .collect(Collectors.toCollection(TreeSet::new));
      assertTrue(allowed.containsAll(documented), template + ": Allow " + allowed);
      Set<String> undocumented = new TreeSet<>(allowed);
      undocumented.removeAll(documented);
      undocumented.remove("HEAD"); // GET's body-less twin, answered wherever GET is
      assertEquals(Set.of(), undocumented, template + ": Allow names undocumented methods");
    }
  }

  // --- Bodies that must match their schema's variant --------------------------------------------

  @Test
  void tokenAnswerWhenEachGrantThenFieldsAreThoseOfItsResponseTypeVariant() {
    String code = TestCodes.code(app).scopes("user_accounts:read pins:read").issueOn(server);
    Http.Response exchanged = Endpoints.exchange(server, app, code);
    Http.Response rotated = Endpoints.refresh(server, app, exchanged.string("refresh_token"));
    String legacyCode = TestCodes.code(legacyApp).issueOn(server);
    Http.Response legacy =
        Endpoints.refresh(
            server,
            legacyApp,
            Endpoints.exchange(server, legacyApp, legacyCode).string("refresh_token"));
    Http.Response appToken = token(null, clientCredentialsInBody("pins:read"));

    Map<Http.Response, String> expected = new LinkedHashMap<>();
    expected.put(exchanged, "OauthAccessTokenResponseCode");
    expected.put(rotated, "OauthAccessTokenResponseEverlastingRefresh");
    expected.put(legacy, "OauthAccessTokenResponseRefresh");
    expected.put(appToken, "OauthAccessTokenResponseClientCredentials");
    Schema<?> base = responseSchema("POST", "/v5/oauth/token", "200");
    expected.forEach(
        (response, variant) -> {
          assertEquals(200, response.status(), response.toString());
          String responseType = response.string("response_type");
          assertEquals(
              SCHEMAS + variant,
              base.getDiscriminator().getMapping().get(responseType),
              "the discriminator's schema for " + responseType);
          assertDocumented("POST", "/v5/oauth/token", response);
          assertConforms(schemaNamed(variant), json(response), variant);
        });
    assertEquals(
        Set.of("authorization_code", "everlasting_refresh", "refresh_token", "client_credentials"),
        expected.keySet().stream().map(r -> r.string("response_type")).collect(Collectors.toSet()));
  }

  @Test
  void introspectionWhenActiveAndInactiveThenBothMatchTheSchema() {
    String access = Endpoints.issue(server, app, "pinner", "pins:read").access();
    Http.Response active = Endpoints.introspect(server, app, access);
    Http.Response inactive = Endpoints.introspect(server, app, "pina_unknown");

    assertEquals(Boolean.TRUE, active.json().get("active"), active.toString());
    assertEquals(Map.of("active", false), inactive.json(), inactive.toString());
    Set<String> declared = properties(responseSchema("POST", "/v5/oauth/introspect", "200"));
    assertEquals(declared, active.json().keySet(), "an active answer shows every RFC 7662 field");
    assertDocumented("POST", "/v5/oauth/introspect", active);
    assertDocumented("POST", "/v5/oauth/introspect", inactive);
  }

  @Test
  void userAccountMetadataAppViewAndErrorsWhenAnsweredThenEveryFieldIsDeclared() {
    String access = Endpoints.issue(server, app, "pinner", "user_accounts:read").access();
    Http.Response account = Endpoints.userAccount(server, access);
    assertEquals(
        properties(schemaNamed("Account")), account.json().keySet(), "every Account field");
    assertDocumented("GET", "/v5/user_account", account);

    Http.Response metadata = Http.get(server.uri("/.well-known/oauth-authorization-server"));
    assertEquals(
        properties(schemaNamed("AuthorizationServerMetadata")),
        metadata.json().keySet(),
        "every metadata field");
    assertDocumented("GET", "/.well-known/oauth-authorization-server", metadata);

    Http.Response view = as(ADMIN, "GET", appPath("/admin/apps/{client_id}"), null);
    assertEquals(properties(schemaNamed("App")), view.json().keySet(), "every App field");
    assertDocumented("GET", "/admin/apps/{client_id}", view);

    Http.Response invalidGrant =
        token(basic(app), Http.form("grant_type", "refresh_token", "refresh_token", "pinr_nope"));
    assertEquals(400, invalidGrant.status(), invalidGrant.toString());
    assertEquals(properties(schemaNamed("Error")), invalidGrant.json().keySet(), "Error fields");
    assertDocumented("POST", "/v5/oauth/token", invalidGrant);

    Http.Response badField =
        as(ADMIN, "POST", "/admin/apps", "{\"name\":\"x\",\"scopes\":[\"pins:fly\"]}");
    assertEquals(400, badField.status(), badField.toString());
    assertEquals("scopes", badField.string("field"));
    assertDocumented("POST", "/admin/apps", badField);
  }

  // --- The probes -------------------------------------------------------------------------------

  static Stream<Probe> probes() {
    Probes all = new Probes();
    tokenProbes(all.on("POST", "/v5/oauth/token"));
    revocationProbes(all.on("POST", "/v5/oauth/token/revoke"));
    introspectionProbes(all.on("POST", "/v5/oauth/introspect"));
    userAccountProbes(all.on("GET", "/v5/user_account"));
    for (String path : List.of("/oauth/", "/oauth")) {
      authorizeGetProbes(all.on("GET", path), path);
      authorizePostProbes(all.on("POST", path), path);
    }
    connectedAppsProbes(all);
    adminProbes(all);
    for (String path : List.of("/.well-known/oauth-authorization-server", "/healthz", "/metrics")) {
      all.on("GET", path).add("a plain GET", 200, () -> Http.get(server.uri(path)));
    }
    all.on("GET", "/metrics")
        .add(
            "with metrics.role, no credentials",
            401,
            () -> Http.get(guardedMetrics.uri("/metrics")))
        .add(
            "with metrics.role, a user without the role",
            403,
            () -> Http.get(guardedMetrics.uri("/metrics"), "Authorization", ADMIN));
    all.on("GET", "/v5/openapi.yaml")
        .add("this document", 200, () -> Http.get(server.uri("/v5/openapi.yaml")));
    return all.probes.stream();
  }

  private static void connectedAppsProbes(Probes all) {
    URI apps = server.uri("/oauth/apps");
    all.on("GET", "/oauth/apps").add("not signed in: the sign-in form", 200, () -> Http.get(apps));
    all.on("POST", "/oauth/apps")
        .add(
            "a wrong password: the form again",
            200,
            () -> {
              Browserless browser = new Browserless();
              Http.Response form = browser.get(apps);
              return browser.submit(apps, form, "username", "pinner", "password", "wrong");
            })
        .add(
            "the right password",
            303,
            () -> {
              Browserless browser = new Browserless();
              Http.Response form = browser.get(apps);
              return browser.submit(apps, form, "username", "pinner", "password", "pinner");
            })
        .add(
            "no CSRF token",
            403,
            () -> Http.postForm(apps, null, Http.form("action", "remove", "client_id", "1")))
        .add(
            "not a form",
            415,
            () ->
                Http.send(
                    HttpRequest.newBuilder(apps)
                        .header("Content-Type", "text/plain")
                        .POST(HttpRequest.BodyPublishers.ofString("x"))
                        .build()))
        .add("a malformed form", 400, () -> Http.postForm(apps, null, "%zz"));
  }

  /** The probes being listed, added per operation. */
  private static final class Probes {
    final List<Probe> probes = new ArrayList<>();

    /** Adds probes of {@code method} {@code path}. */
    Adder on(String method, String path) {
      return (what, status, send) -> {
        probes.add(new Probe(method, path, what, status, send));
      };
    }
  }

  /** Adds one probe of an operation. */
  @FunctionalInterface
  private interface Adder {
    void accept(String what, int status, Supplier<Http.Response> send);

    default Adder add(String what, int status, Supplier<Http.Response> send) {
      accept(what, status, send);
      return this;
    }
  }

  private static void tokenProbes(Adder token) {
    token.add(
        "authorization_code, HTTP Basic",
        200,
        () -> Endpoints.exchange(server, app, TestCodes.code(app).issueOn(server)));
    token.add(
        "authorization_code with PKCE",
        200,
        () -> {
          String verifier = "v".repeat(43);
          String code =
              TestCodes.code(app).challenge(Pkce.s256(verifier), Pkce.S256).issueOn(server);
          return token(
              basic(app),
              Http.form(
                  "grant_type", "authorization_code",
                  "code", code,
                  "redirect_uri", REDIRECT_URI,
                  "code_verifier", verifier));
        });
    token.add(
        "refresh_token, continuous",
        200,
        () -> Endpoints.refresh(server, app, issue(app, "pins:read").refresh()));
    token.add(
        "refresh_token, legacy with refresh_on",
        200,
        () ->
            token(
                basic(legacyApp),
                Http.form(
                    "grant_type", "refresh_token",
                    "refresh_token", issue(legacyApp, "pins:read").refresh(),
                    "refresh_on", "true")));
    token.add(
        "client_credentials, client_secret_post",
        200,
        () -> token(null, clientCredentialsInBody("boards:read,pins:read")));
    token.add(
        "expired code",
        400,
        () -> {
          String code = TestCodes.code(app).issuedAgo(Duration.ofMinutes(11)).issueOn(server);
          return Endpoints.exchange(server, app, code);
        });
    token.add(
        "unknown grant type", 400, () -> token(basic(app), Http.form("grant_type", "password")));
    token.add(
        "no client authentication",
        401,
        () -> token(null, Http.form("grant_type", "client_credentials", "scope", "pins:read")));
    token.add(
        "wrong secret",
        401,
        () ->
            token(
                Http.basic(app.clientId(), "wrong"),
                Http.form("grant_type", "client_credentials", "scope", "pins:read")));
    token.add(
        "body over 16 KiB",
        413,
        () -> token(basic(app), Http.form("grant_type", "client_credentials", "scope", BIG)));
    token.add(
        "JSON body",
        415,
        () -> as(basic(app), "POST", "/v5/oauth/token", "{}", "application/json"));
  }

  private static void revocationProbes(Adder revoke) {
    revoke.add(
        "a refresh token",
        200,
        () -> Endpoints.revoke(server, app, "token", issue(app, "pins:read").refresh()));
    revoke.add(
        "an unknown token with a hint",
        200,
        () -> Endpoints.revoke(server, app, "token", "pina_x", "token_type_hint", "access_token"));
    revoke.add(
        "another app's token",
        403,
        () -> Endpoints.revoke(server, otherApp, "token", issue(app, "pins:read").access()));
    revoke.add("no token", 400, () -> Endpoints.revoke(server, app));
    revoke.add(
        "no client authentication",
        401,
        () ->
            Http.postForm(
                server.uri("/v5/oauth/token/revoke"), null, Http.form("token", "pina_x")));
  }

  private static void introspectionProbes(Adder introspect) {
    String path = "/v5/oauth/introspect";
    introspect.add(
        "an active token",
        200,
        () -> Endpoints.introspect(server, app, issue(app, "pins:read").access()));
    introspect.add(
        "an unknown token", 200, () -> Endpoints.introspect(server, app, "pinr_unknown"));
    introspect.add("no token", 400, () -> Http.postForm(server.uri(path), basic(app), ""));
    introspect.add(
        "no client authentication",
        401,
        () -> Http.postForm(server.uri(path), null, Http.form("token", "pina_x")));
  }

  private static void userAccountProbes(Adder userAccount) {
    userAccount.add(
        "a user token",
        200,
        () -> Endpoints.userAccount(server, issue(app, "user_accounts:read").access()));
    userAccount.add(
        "an app token",
        200,
        () -> Endpoints.userAccount(server, Endpoints.appToken(server, app, "user_accounts:read")));
    userAccount.add(
        "a token without user_accounts:read",
        403,
        () -> Endpoints.userAccount(server, Endpoints.appToken(server, app, "pins:read")));
    userAccount.add("no token", 401, () -> Http.get(server.uri("/v5/user_account")));
    userAccount.add("an unknown token", 401, () -> Endpoints.userAccount(server, "pina_unknown"));
  }

  private static void authorizeGetProbes(Adder get, String path) {
    get.add("a valid request, not signed in", 200, () -> Http.get(authorizeUri(path)));
    get.add(
        "response_type token", 302, () -> Http.get(authorizeUri(path, "response_type", "token")));
    get.add("an unknown app", 400, () -> Http.get(authorizeUri(path, "client_id", "1")));
  }

  private static void authorizePostProbes(Adder post, String path) {
    post.add(
        "sign-in",
        303,
        () -> {
          Browserless browser = new Browserless();
          Http.Response signIn = browser.get(authorizeUri(path));
          return browser.submit(
              server.uri(path), signIn, "username", "pinner", "password", "pinner");
        });
    post.add(
        "a failed sign-in",
        200,
        () -> {
          Browserless browser = new Browserless();
          Http.Response signIn = browser.get(authorizeUri(path));
          return browser.submit(
              server.uri(path), signIn, "username", "pinner", "password", "wrong");
        });
    post.add(
        "allow",
        302,
        () -> {
          Browserless browser = new Browserless();
          URI uri = authorizeUri(path);
          Http.Response signedIn =
              browser.submit(
                  server.uri(path), browser.get(uri), "username", "pinner", "password", "pinner");
          Http.Response consent = browser.follow(uri, signedIn);
          assertEquals(200, consent.status(), consent.toString());
          return browser.submit(server.uri(path), consent, "action", "allow");
        });
    post.add(
        "no CSRF token",
        403,
        () ->
            new Browserless()
                .post(
                    server.uri(path),
                    Http.form(
                        "action", "allow",
                        "client_id", app.clientId(),
                        "redirect_uri", REDIRECT_URI,
                        "response_type", "code",
                        "scope", "pins:read")));
    post.add("a JSON body", 415, () -> as(null, "POST", path, "{}", "application/json"));
  }

  private static void adminProbes(Probes all) {
    String list = "/admin/apps";
    String one = "/admin/apps/{client_id}";
    String secret = "/admin/apps/{client_id}/secret";
    String mine = appPath(one);
    String valid =
        "{\"name\":\"Probe\",\"redirect_uris\":[\"https://probe.example/cb\"],"
            + "\"scopes\":[\"pins:read\"],\"grant_types\":[\"authorization_code\"]}";
    String unknownScope = "{\"name\":\"x\",\"scopes\":[\"pins:fly\"]}";

    all.on("GET", list)
        .add("as admin", 200, () -> as(ADMIN, "GET", list, null))
        .add("no credentials", 401, () -> as(null, "GET", list, null))
        .add("a pinner", 403, () -> as(PINNER, "GET", list, null));
    all.on("POST", list)
        .add("a valid app", 201, () -> as(ADMIN, "POST", list, valid))
        .add("an unknown scope", 400, () -> as(ADMIN, "POST", list, unknownScope))
        .add("text/plain", 415, () -> as(ADMIN, "POST", list, valid, "text/plain"))
        .add("no credentials", 401, () -> as(null, "POST", list, valid))
        .add("an outsider", 403, () -> as(OUTSIDER, "POST", list, valid))
        .add("from another site", 403, () -> fromAnotherSite("POST", list, valid));
    all.on("GET", one)
        .add("an app", 200, () -> as(ADMIN, "GET", mine, null))
        .add("no such app", 404, () -> as(ADMIN, "GET", "/admin/apps/42", null))
        .add("no credentials", 401, () -> as(null, "GET", mine, null))
        .add("a pinner", 403, () -> as(PINNER, "GET", mine, null));
    all.on("PATCH", one)
        .add("a new name", 200, () -> as(ADMIN, "PATCH", created(valid), "{\"name\":\"New\"}"))
        .add("a bad mode", 400, () -> as(ADMIN, "PATCH", mine, "{\"refresh_mode\":\"often\"}"))
        .add("no such app", 404, () -> as(ADMIN, "PATCH", "/admin/apps/42", "{}"))
        .add("no content type", 415, () -> as(ADMIN, "PATCH", mine, "{}", null))
        .add("no credentials", 401, () -> as(null, "PATCH", mine, "{}"))
        .add("a pinner", 403, () -> as(PINNER, "PATCH", mine, "{}"))
        .add("from another site", 403, () -> fromAnotherSite("PATCH", mine, "{}"));
    all.on("DELETE", one)
        .add("an app", 204, () -> as(ADMIN, "DELETE", created(valid), null))
        .add("no such app", 404, () -> as(ADMIN, "DELETE", "/admin/apps/42", null))
        .add("no credentials", 401, () -> as(null, "DELETE", mine, null))
        .add("a pinner", 403, () -> as(PINNER, "DELETE", mine, null))
        .add("no content type", 415, () -> as(ADMIN, "DELETE", mine, null, null))
        .add("from another site", 403, () -> fromAnotherSite("DELETE", mine, null));
    all.on("POST", secret)
        .add("an app", 200, () -> as(ADMIN, "POST", created(valid) + "/secret", null))
        .add("no such app", 404, () -> as(ADMIN, "POST", "/admin/apps/42/secret", null))
        .add("no credentials", 401, () -> as(null, "POST", appPath(secret), null))
        .add("a pinner", 403, () -> as(PINNER, "POST", appPath(secret), null))
        .add("no content type", 415, () -> as(ADMIN, "POST", appPath(secret), null, null))
        .add("from another site", 403, () -> fromAnotherSite("POST", appPath(secret), null));
    grantProbes(all);
  }

  private static void grantProbes(Probes all) {
    String ofApp = "/admin/apps/{client_id}/grants";
    String ofUser = "/admin/users/{username}/grants";
    String one = "/admin/users/{username}/grants/{client_id}";
    all.on("GET", ofApp)
        .add("an app", 200, () -> as(ADMIN, "GET", appPath(ofApp), null))
        .add("a bad limit", 400, () -> as(ADMIN, "GET", appPath(ofApp) + "?limit=0", null))
        .add("no such app", 404, () -> as(ADMIN, "GET", "/admin/apps/42/grants", null))
        .add("no credentials", 401, () -> as(null, "GET", appPath(ofApp), null))
        .add("a pinner", 403, () -> as(PINNER, "GET", appPath(ofApp), null));
    all.on("GET", ofUser)
        .add("a person", 200, () -> as(ADMIN, "GET", appPath(ofUser) + "?limit=1", null))
        .add("a bad cursor", 400, () -> as(ADMIN, "GET", appPath(ofUser) + "?cursor=x", null))
        .add("no credentials", 401, () -> as(null, "GET", appPath(ofUser), null))
        .add("a pinner", 403, () -> as(PINNER, "GET", appPath(ofUser), null));
    all.on("DELETE", ofUser)
        .add("a person", 204, () -> as(ADMIN, "DELETE", "/admin/users/probe-all/grants", null))
        .add("no credentials", 401, () -> as(null, "DELETE", appPath(ofUser), null))
        .add("a pinner", 403, () -> as(PINNER, "DELETE", appPath(ofUser), null))
        .add("no content type", 415, () -> as(ADMIN, "DELETE", appPath(ofUser), null, null))
        .add("from another site", 403, () -> fromAnotherSite("DELETE", appPath(ofUser), null));
    all.on("DELETE", one)
        .add(
            "a grant",
            204,
            () -> {
              TestCodes.code(app).username("probe-one").issueOn(server);
              return as(ADMIN, "DELETE", "/admin/users/probe-one/grants/" + app.clientId(), null);
            })
        .add("no such grant", 404, () -> as(ADMIN, "DELETE", "/admin/users/x/grants/42", null))
        .add("no credentials", 401, () -> as(null, "DELETE", appPath(one), null))
        .add("a pinner", 403, () -> as(PINNER, "DELETE", appPath(one), null))
        .add("no content type", 415, () -> as(ADMIN, "DELETE", appPath(one), null, null))
        .add("from another site", 403, () -> fromAnotherSite("DELETE", appPath(one), null));
  }

  // --- Checking an answer against the document --------------------------------------------------

  /**
   * The answer is one the document declares for {@code method} {@code path}: its status, its
   * required headers (with their enum or pattern), its media type and, for JSON, its body.
   */
  private static void assertDocumented(String method, String path, Http.Response response) {
    String where = method + " " + path + " " + response.status();
    Operation operation = operation(method, path);
    ApiResponse documented =
        resolveResponse(operation.getResponses().get(Integer.toString(response.status())));
    assertNotNull(documented, where + " is not documented: " + response);
    Map<String, Header> headers =
        documented.getHeaders() == null ? Map.of() : documented.getHeaders();
    headers.forEach(
        (name, reference) -> {
          Header header = resolveHeader(reference);
          List<String> values = response.headers(name);
          if (Boolean.TRUE.equals(header.getRequired())) {
            assertFalse(values.isEmpty(), where + ": no " + name + " header");
          }
          for (String value : values) {
            assertConforms(header.getSchema(), headerValue(header.getSchema(), value), name);
          }
        });
    String contentType = response.header("Content-Type").orElse("");
    String mediaType = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    if (documented.getContent() == null || documented.getContent().isEmpty()) {
      assertEquals("", response.body(), where + " documents no body");
      return;
    }
    if (response.body().isEmpty() && contentType.isEmpty()) {
      // Only the container's own pages (Jetty's answer to the admin API's 401 and 403, which
      // it does not send through error pages) may leave the body out.
      assertTrue(
          documented.getContent().containsKey("text/html"),
          where + " answered no body, which only a container page documented as such may");
      return;
    }
    MediaType content = documented.getContent().get(mediaType);
    assertNotNull(
        content,
        where + ": Content-Type " + contentType + " is not one of " + documented.getContent());
    if (mediaType.equals("application/json")) {
      assertConforms(content.getSchema(), JSON.fromJson(response.body(), Object.class), where);
    }
  }

  private static Operation operation(String method, String path) {
    PathItem item = api.getPaths().get(path);
    assertNotNull(item, path + " is not documented");
    Operation operation = item.readOperationsMap().get(PathItem.HttpMethod.valueOf(method));
    assertNotNull(operation, method + " " + path + " is not documented");
    return operation;
  }

  /** The schema of the JSON body of the documented {@code status} answer. */
  private static Schema<?> responseSchema(String method, String path, String status) {
    ApiResponse response = resolveResponse(operation(method, path).getResponses().get(status));
    return resolve(response.getContent().get("application/json").getSchema());
  }

  /**
   * {@code value} matches {@code schema}: its type and enum; for an object, every field is declared
   * and every required field is there (properties and required gathered through {@code $ref},
   * {@code allOf} and, when the object names its variant, the discriminator's mapping); for an
   * array, every item.
   */
  private static void assertConforms(Schema<?> declared, Object value, String where) {
    List<Schema<?>> parts = flatten(declared, value);
    if (value == null) {
      assertTrue(
          parts.stream().anyMatch(s -> Boolean.TRUE.equals(s.getNullable())),
          where + " is null but not nullable");
      return;
    }
    String type =
        parts.stream()
            .map(Schema::getType)
            .filter(t -> t != null)
            .findFirst()
            .orElse(parts.stream().anyMatch(s -> s.getProperties() != null) ? "object" : null);
    assertNotNull(type, where + ": the schema gives no type");
    for (Schema<?> part : parts) {
      if (part.getEnum() != null && !part.getEnum().isEmpty()) {
        List<String> allowed = part.getEnum().stream().map(String::valueOf).toList();
        assertTrue(allowed.contains(String.valueOf(value)), where + ": " + value + " ∉ " + allowed);
      }
      if (part.getPattern() != null) {
        assertTrue(
            Pattern.compile(part.getPattern()).matcher(String.valueOf(value)).find(),
            where + ": " + value + " does not match " + part.getPattern());
      }
    }
    switch (type) {
      case "object" -> {
        assertInstanceOf(Map.class, value, where + " must be a JSON object");
        Map<?, ?> object = (Map<?, ?>) value;
        Map<String, Schema<?>> properties = new LinkedHashMap<>();
        Set<String> required = new LinkedHashSet<>();
        for (Schema<?> part : parts) {
          if (part.getProperties() != null) {
            part.getProperties().forEach(properties::putIfAbsent);
          }
          if (part.getRequired() != null) {
            required.addAll(part.getRequired());
          }
        }
        for (Map.Entry<?, ?> field : object.entrySet()) {
          String name = (String) field.getKey();
          assertTrue(
              properties.containsKey(name),
              where + ": field " + name + " is not declared in " + properties.keySet());
          assertConforms(properties.get(name), field.getValue(), where + "." + name);
        }
        for (String name : required) {
          assertTrue(object.containsKey(name), where + ": required field " + name + " is missing");
        }
      }
      case "array" -> {
        assertInstanceOf(List.class, value, where + " must be a JSON array");
        Schema<?> items =
            parts.stream()
                .map(Schema::getItems)
                .filter(i -> i != null)
                .findFirst()
                .orElseThrow(() -> new AssertionError(where + ": an array without items"));
        int index = 0;
        for (Object item : (List<?>) value) {
          assertConforms(items, item, where + "[" + index++ + "]");
        }
      }
      case "string" -> assertInstanceOf(String.class, value, where + " must be a string");
      case "boolean" -> assertInstanceOf(Boolean.class, value, where + " must be a boolean");
      case "integer" -> {
        assertInstanceOf(Number.class, value, where + " must be a number");
        assertTrue(
            new BigDecimal(value.toString()).stripTrailingZeros().scale() <= 0,
            where + " must be whole: " + value);
      }
      case "number" -> assertInstanceOf(Number.class, value, where + " must be a number");
      default -> fail(where + ": unexpected schema type " + type);
    }
  }

  /**
   * The schema and every schema it stands for: its {@code $ref} target, its {@code allOf} parts,
   * and the variant its discriminator maps the value's discriminating field to, each once.
   */
  private static List<Schema<?>> flatten(Schema<?> schema, Object value) {
    List<Schema<?>> parts = new ArrayList<>();
    collect(schema, value, parts, Collections.newSetFromMap(new IdentityHashMap<>()));
    return parts;
  }

  private static void collect(
      Schema<?> schema, Object value, List<Schema<?>> parts, Set<Schema<?>> seen) {
    Schema<?> resolved = resolve(schema);
    if (!seen.add(resolved)) {
      return;
    }
    parts.add(resolved);
    if (resolved.getAllOf() != null) {
      for (Schema<?> part : resolved.getAllOf()) {
        collect(part, value, parts, seen);
      }
    }
    assertTrue(
        resolved.getOneOf() == null && resolved.getAnyOf() == null,
        "response schemas here use no oneOf/anyOf");
    if (resolved.getDiscriminator() != null && value instanceof Map<?, ?> object) {
      Object variant = object.get(resolved.getDiscriminator().getPropertyName());
      Map<String, String> mapping = resolved.getDiscriminator().getMapping();
      if (variant != null && mapping != null) {
        String reference = mapping.get(String.valueOf(variant));
        assertNotNull(reference, "the discriminator maps no schema for " + variant);
        collect(new Schema<>().$ref(reference), value, parts, seen);
      }
    }
  }

  private static Schema<?> resolve(Schema<?> schema) {
    assertNotNull(schema, "a schema is missing");
    Schema<?> current = schema;
    while (current.get$ref() != null) {
      current = schemaNamed(name(current.get$ref(), SCHEMAS));
    }
    return current;
  }

  private static Schema<?> schemaNamed(String name) {
    Schema<?> schema = api.getComponents().getSchemas().get(name);
    assertNotNull(schema, "no schema " + name);
    return schema;
  }

  /** The names of every property declared for {@code schema}, through allOf and $ref. */
  private static Set<String> properties(Schema<?> schema) {
    Set<String> names = new TreeSet<>();
    for (Schema<?> part : flatten(schema, null)) {
      if (part.getProperties() != null) {
        names.addAll(part.getProperties().keySet());
      }
    }
    return names;
  }

  private static ApiResponse resolveResponse(ApiResponse response) {
    if (response == null || response.get$ref() == null) {
      return response;
    }
    ApiResponse target =
        api.getComponents().getResponses().get(name(response.get$ref(), "#/components/responses/"));
    assertNotNull(target, "no response " + response.get$ref());
    return target;
  }

  private static Header resolveHeader(Header header) {
    if (header.get$ref() == null) {
      return header;
    }
    Header target =
        api.getComponents().getHeaders().get(name(header.get$ref(), "#/components/headers/"));
    assertNotNull(target, "no header " + header.get$ref());
    return target;
  }

  private static String name(String reference, String prefix) {
    assertTrue(reference.startsWith(prefix), reference + " is not under " + prefix);
    return reference.substring(prefix.length());
  }

  /** A header's text as the JSON value its schema describes (a number for an integer). */
  private static Object headerValue(Schema<?> schema, String text) {
    return "integer".equals(resolve(schema).getType()) ? new BigDecimal(text) : text;
  }

  private static Object json(Http.Response response) {
    return JSON.fromJson(response.body(), Object.class);
  }

  // --- Requests ---------------------------------------------------------------------------------

  /** An app's HTTP Basic header value. */
  private static String basic(TestApps.TestApp app) {
    return Http.basic(app.clientId(), app.secret());
  }

  /** Posts {@code form} to the token endpoint with {@code authorization} (none when null). */
  private static Http.Response token(String authorization, String form) {
    return Http.postForm(server.uri("/v5/oauth/token"), authorization, form);
  }

  /** A client_credentials request for {@code scope}, authenticated with client_secret_post. */
  private static String clientCredentialsInBody(String scope) {
    return Http.form(
        "grant_type",
        "client_credentials",
        "scope",
        scope,
        "client_id",
        app.clientId(),
        "client_secret",
        app.secret());
  }

  /** A code issued to {@code pinner} with {@code scopes}, exchanged by {@code client}. */
  private static Endpoints.Tokens issue(TestApps.TestApp client, String scopes) {
    return Endpoints.issue(server, client, "pinner", scopes);
  }

  /** The authorization request of {@link #app}, with {@code pairs} replacing its parameters. */
  private static URI authorizeUri(String path, String... pairs) {
    Map<String, String> query = new LinkedHashMap<>();
    query.put("client_id", app.clientId());
    query.put("redirect_uri", REDIRECT_URI);
    query.put("response_type", "code");
    query.put("scope", "pins:read,user_accounts:read");
    query.put("state", "xyz");
    for (int i = 0; i < pairs.length; i += 2) {
      query.put(pairs[i], pairs[i + 1]);
    }
    List<String> flat = new ArrayList<>();
    query.forEach(
        (name, value) -> {
          flat.add(name);
          flat.add(value);
        });
    return server.uri(path + "?" + Http.form(flat.toArray(new String[0])));
  }

  /** The path of {@link #app} under the template. */
  private static String appPath(String template) {
    return template.replace("{client_id}", app.clientId()).replace("{username}", "pinner");
  }

  /** The path of a new app created through the admin API. */
  private static String created(String json) {
    Http.Response response = as(ADMIN, "POST", "/admin/apps", json);
    assertEquals(201, response.status(), response.toString());
    return "/admin/apps/" + response.string("client_id");
  }

  /** As the admin, from a page on another site: refused before the credentials (CONTRACT §6). */
  private static Http.Response fromAnotherSite(String method, String path, String json) {
    return Http.send(
        HttpRequest.newBuilder(server.uri(path))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", ADMIN)
            .header("Content-Type", "application/json")
            .header("Origin", "https://evil.example")
            .method(
                method,
                json == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(json))
            .build());
  }

  /** A POST, PATCH or DELETE says JSON, body or not, as the admin API requires (CONTRACT §6). */
  private static Http.Response as(String authorization, String method, String path, String json) {
    boolean changing = Set.of("POST", "PATCH", "DELETE").contains(method);
    return as(
        authorization, method, path, json, json != null || changing ? "application/json" : null);
  }

  private static Http.Response as(
      String authorization, String method, String path, String body, String contentType) {
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

  // --- The project's own files ------------------------------------------------------------------

  private static String projectVersion() {
    Element project = xml(Path.of("pom.xml")).getDocumentElement();
    for (Node child = project.getFirstChild(); child != null; child = child.getNextSibling()) {
      if (child instanceof Element element && element.getTagName().equals("version")) {
        return element.getTextContent().strip();
      }
    }
    throw new AssertionError("pom.xml has no version");
  }

  private static List<String> webXmlUrlPatterns() {
    NodeList patterns =
        xml(Path.of("webapp", "WEB-INF", "web.xml")).getElementsByTagName("servlet-mapping");
    List<String> all = new ArrayList<>();
    for (int i = 0; i < patterns.getLength(); i++) {
      NodeList urls = ((Element) patterns.item(i)).getElementsByTagName("url-pattern");
      for (int j = 0; j < urls.getLength(); j++) {
        all.add(urls.item(j).getTextContent().strip());
      }
    }
    return all;
  }

  private static boolean maps(String pattern, String path) {
    if (pattern.endsWith("/*")) {
      String prefix = pattern.substring(0, pattern.length() - 2);
      return path.equals(prefix) || path.startsWith(prefix + "/");
    }
    return pattern.equals(path);
  }

  private static Document xml(Path file) {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      return factory.newDocumentBuilder().parse(file.toFile());
    } catch (Exception e) {
      throw new IllegalStateException("cannot read " + file, e);
    }
  }
}
