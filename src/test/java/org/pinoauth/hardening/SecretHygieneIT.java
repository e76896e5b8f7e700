package org.pinoauth.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pinoauth.testing.Browserless;
import org.pinoauth.testing.Http;
import org.pinoauth.testing.LogCapture;
import org.pinoauth.testing.TestPkce;
import org.pinoauth.testing.TestServerExtension;

/**
 * Over a whole run of flows and failures — admin API, client credentials, the authorization-code
 * flow through the sign-in and consent pages with PKCE, exchange, rotations, revocation,
 * introspection, user account, and the usual mistakes — no log record of the server, at any level,
 * holds a client secret, code, token, PKCE verifier or sign-in password, nor the last 9 characters
 * of one (STYLE 7, CONTRACT §2.5). Every request has exactly one access log line, and it carries
 * the {@code x-pinterest-rid} of its response.
 */
class SecretHygieneIT {
  private static final String ACCESS_LOG = "org.pinoauth.access";
  private static final String ADMIN = Http.basic("admin", "admin");
  private static final String REDIRECT_URI = "http://localhost:8085/";
  private static final String WRONG_PASSWORD = "wrong-password-123";
  private static final int SUFFIX = 9;
  private static final Duration LOG_WAIT = Duration.ofSeconds(10);
  private static final Pattern RID = Pattern.compile("\\brid=(\\S+)");
  private static final Pattern PATH = Pattern.compile(" (path|endpoint)=\\S*");
  private static final Jsonb JSON = JsonbBuilder.create();

  @RegisterExtension static final TestServerExtension server = TestServerExtension.start();

  /** Every response of the run, one per request made. */
  private final List<Http.Response> responses = new ArrayList<>();

  /** Values no log record may hold, by what they are. */
  private final Map<String, String> secrets = new LinkedHashMap<>();

  @Test
  void fullRunWhenFlowsSucceedAndFailThenNoLogRecordHoldsASecretAndEachRequestHasOneAccessLine() {
    secrets.put("sign-in password", WRONG_PASSWORD);
    List<LogCapture.Entry> entries;
    try (LogCapture logs = LogCapture.startAllLevels()) {
      runFlowsAndFailures();
      entries = awaitAccessLines(logs);
    }

    assertTrue(
        entries.stream().anyMatch(entry -> entry.level().intValue() < Level.INFO.intValue()),
        "no record below INFO was captured: the run was not logged at every level");
    Set<String> leaks = new TreeSet<>();
    for (LogCapture.Entry entry : entries) {
      if (isContainerWireDebug(entry)) {
        continue;
      }
      secrets.forEach(
          (name, value) -> {
            String where = entry.level() + " " + entry.logger() + ": ";
            if (entry.text().contains(value)) {
              leaks.add(where + "the " + name);
            } else if (entry.text().contains(suffix(value))) {
              leaks.add(where + "the end of the " + name);
            }
          });
    }
    assertEquals(Set.of(), leaks, "log records hold secrets");
    // The realm's passwords are short words; the access log is where a request's own data goes.
    for (LogCapture.Entry line : accessLines(entries)) {
      String withoutPath = PATH.matcher(line.text()).replaceAll(" ");
      for (String password : List.of("pinner", "admin")) {
        assertFalse(withoutPath.contains(password), "access log line holds a password: " + line);
      }
    }
  }

  private void runFlowsAndFailures() {
    // Admin API: create, list, get, rotate the secret.
    Http.Response created =
        admin(
            "POST",
            "/admin/apps",
            Map.of(
                "name",
                "Hygiene app",
                "redirect_uris",
                List.of(REDIRECT_URI),
                "scopes",
                List.of("pins:read", "boards:read", "user_accounts:read"),
                "grant_types",
                List.of("authorization_code", "refresh_token", "client_credentials"),
                "refresh_mode",
                "continuous",
                "owner",
                "pinner"));
    assertEquals(201, created.status(), created.body());
    String clientId = created.string("client_id");
    String firstSecret = keep("first client secret", created.string("client_secret"));
    assertEquals(200, admin("GET", "/admin/apps", null).status());
    assertEquals(200, admin("GET", "/admin/apps/" + clientId, null).status());
    Http.Response rotated = admin("POST", "/admin/apps/" + clientId + "/secret", null);
    assertEquals(200, rotated.status(), rotated.body());
    String secret = keep("client secret", rotated.string("client_secret"));
    String basic = Http.basic(clientId, secret);

    // Client credentials and the account of an app token.
    Http.Response appToken =
        token(basic, "grant_type", "client_credentials", "scope", "user_accounts:read");
    assertEquals(200, appToken.status(), appToken.body());
    String appAccess = keep("app access token", appToken.string("access_token"));
    assertEquals(200, userAccount(appAccess).status());

    // The authorization-code flow through the pages, with PKCE and a wrong password first.
    Browserless browser = new Browserless();
    String verifier = keep("code verifier", TestPkce.verifier());
    Http.Response signIn = get(browser, authorize(clientId, TestPkce.s256(verifier)));
    assertEquals(200, signIn.status(), signIn.body());
    Http.Response failed =
        submit(browser, signIn, "username", "pinner", "password", WRONG_PASSWORD);
    assertEquals(200, failed.status(), failed.body());
    Http.Response signedIn = submit(browser, failed, "username", "pinner", "password", "pinner");
    assertEquals(303, signedIn.status(), signedIn.toString());
    Http.Response consent = follow(browser, signedIn);
    assertEquals(200, consent.status(), consent.body());
    String code = keep("code", codeOf(submit(browser, consent, "action", "allow")));

    Http.Response exchanged =
        token(
            basic,
            "grant_type",
            "authorization_code",
            "code",
            code,
            "redirect_uri",
            REDIRECT_URI,
            "code_verifier",
            verifier);
    assertEquals(200, exchanged.status(), exchanged.body());
    String firstRefresh = keep("refresh token 0", exchanged.string("refresh_token"));
    keep("access token 0", exchanged.string("access_token"));
    String refresh = firstRefresh;
    String access = null;
    for (int i = 1; i <= 3; i++) {
      Http.Response refreshed =
          token(basic, "grant_type", "refresh_token", "refresh_token", refresh);
      assertEquals(200, refreshed.status(), refreshed.body());
      refresh = keep("refresh token " + i, refreshed.string("refresh_token"));
      access = keep("access token " + i, refreshed.string("access_token"));
    }
    assertEquals(true, introspect(basic, access).json().get("active"));
    assertEquals(200, introspect(basic, refresh).status());
    assertEquals(200, userAccount(access).status());

    // A second code, for a wrong PKCE verifier; the browser is signed in already.
    String secondVerifier = keep("second code verifier", TestPkce.verifier());
    Http.Response secondConsent = get(browser, authorize(clientId, TestPkce.s256(secondVerifier)));
    String secondCode =
        keep("second code", codeOf(submit(browser, secondConsent, "action", "allow")));
    String wrongVerifier = keep("wrong code verifier", TestPkce.verifier());

    // Failures.
    String wrongSecret = keep("wrong client secret", "wrong-" + TestPkce.verifier());
    String clientCredentials =
        Http.form("grant_type", "client_credentials", "scope", "user_accounts:read");
    assertEquals(401, tokenRaw(Http.basic(clientId, firstSecret), clientCredentials).status());
    assertEquals(401, tokenRaw(Http.basic(clientId, wrongSecret), clientCredentials).status());
    assertEquals(
        401,
        tokenRaw(
                null,
                clientCredentials
                    + "&"
                    + Http.form("client_id", clientId, "client_secret", wrongSecret))
            .status());
    // Malformed Basic headers that carry the secret: not Base64, and Base64 without a colon.
    assertEquals(401, tokenRaw("Basic " + clientId + ":" + secret, clientCredentials).status());
    assertEquals(401, tokenRaw(Http.basicOfPair(clientId + secret), clientCredentials).status());
    assertInvalidGrant(
        token(
            basic,
            "grant_type",
            "authorization_code",
            "code",
            secondCode,
            "redirect_uri",
            REDIRECT_URI,
            "code_verifier",
            wrongVerifier));
    assertInvalidGrant(
        token(
            basic,
            "grant_type",
            "authorization_code",
            "code",
            code,
            "redirect_uri",
            REDIRECT_URI,
            "code_verifier",
            verifier));
    assertInvalidGrant(token(basic, "grant_type", "refresh_token", "refresh_token", firstRefresh));

    // Revocation, of an access token and of a refresh token.
    assertEquals(200, revoke(basic, appAccess, "access_token").status());
    assertEquals(200, revoke(basic, refresh, "refresh_token").status());
    assertEquals(Map.of("active", false), introspect(basic, appAccess).json());
  }

  /** Waits for each response's access line; then all the records, none still to come. */
  private List<LogCapture.Entry> awaitAccessLines(LogCapture logs) {
    Map<String, Integer> requestsPerRid = new HashMap<>();
    for (Http.Response response : responses) {
      String rid =
          response
              .header("x-pinterest-rid")
              .orElseThrow(() -> new AssertionError("no x-pinterest-rid: " + response));
      requestsPerRid.merge(rid, 1, Integer::sum);
      List<LogCapture.Entry> lines = logs.await(accessLineOf(rid), 1, LOG_WAIT);
      assertEquals(1, lines.size(), "access log lines with rid " + rid + ": " + lines);
    }
    assertEquals(responses.size(), requestsPerRid.size(), "request ids repeat: " + requestsPerRid);
    List<LogCapture.Entry> entries = logs.entries();
    List<LogCapture.Entry> accessLines = accessLines(entries);
    for (LogCapture.Entry line : accessLines) {
      Matcher rid = RID.matcher(line.text());
      assertTrue(rid.find(), "access log line without rid: " + line);
      assertTrue(
          requestsPerRid.containsKey(rid.group(1)), "access log line of no response: " + line);
    }
    assertEquals(responses.size(), accessLines.size(), "one access log line per request");
    return entries;
  }

  /**
   * Jetty's own debug output (its parser, connections, endpoints and content producers at FINE and
   * below) dumps the bytes of each request, headers and body: whatever a client sends is in it.
   * That is the container's logging, which pinoauth as a WAR neither writes nor configures, and
   * which no production deployment may run at debug level; everything else is held to the rule.
   */
  private static boolean isContainerWireDebug(LogCapture.Entry entry) {
    return entry.logger().startsWith("org.eclipse.jetty.")
        && entry.level().intValue() < Level.INFO.intValue();
  }

  private static List<LogCapture.Entry> accessLines(List<LogCapture.Entry> entries) {
    return entries.stream().filter(entry -> entry.logger().equals(ACCESS_LOG)).toList();
  }

  private static Predicate<LogCapture.Entry> accessLineOf(String rid) {
    return entry ->
        entry.logger().equals(ACCESS_LOG) && entry.text().startsWith("rid=" + rid + " ");
  }

  // --- Requests, each recorded -----------------------------------------------------------------

  private Http.Response record(Http.Response response) {
    responses.add(response);
    return response;
  }

  private Http.Response admin(String method, String path, Object body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(server.uri(path))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", ADMIN);
    if (!method.equals("GET")) {
      request.header("Content-Type", "application/json"); // also without a body (CONTRACT §6)
    }
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request.method(method, HttpRequest.BodyPublishers.ofString(JSON.toJson(body)));
    }
    return record(Http.send(request.build()));
  }

  private Http.Response token(String authorization, String... pairs) {
    return tokenRaw(authorization, Http.form(pairs));
  }

  private Http.Response tokenRaw(String authorization, String body) {
    return record(Http.postForm(server.uri("/v5/oauth/token"), authorization, body));
  }

  private Http.Response introspect(String authorization, String value) {
    return record(
        Http.postForm(
            server.uri("/v5/oauth/introspect"), authorization, Http.form("token", value)));
  }

  private Http.Response revoke(String authorization, String value, String hint) {
    return record(
        Http.postForm(
            server.uri("/v5/oauth/token/revoke"),
            authorization,
            Http.form("token", value, "token_type_hint", hint)));
  }

  private Http.Response userAccount(String accessToken) {
    return record(
        Http.get(server.uri("/v5/user_account"), "Authorization", "Bearer " + accessToken));
  }

  private Http.Response get(Browserless browser, URI uri) {
    return record(browser.get(uri));
  }

  private Http.Response submit(Browserless browser, Http.Response page, String... fields) {
    return record(browser.submit(server.uri("/oauth/"), page, fields));
  }

  private Http.Response follow(Browserless browser, Http.Response redirect) {
    return record(browser.follow(server.uri("/oauth/"), redirect));
  }

  // --- Values ----------------------------------------------------------------------------------

  private String keep(String name, String value) {
    assertTrue(value != null && value.length() > SUFFIX, name + " is too short to look for");
    secrets.put(name, value);
    return value;
  }

  private static String suffix(String value) {
    return value.substring(value.length() - SUFFIX);
  }

  private static URI authorize(String clientId, String challenge) {
    return server.uri(
        "/oauth/?"
            + Http.form(
                "client_id", clientId,
                "redirect_uri", REDIRECT_URI,
                "response_type", "code",
                "scope", "pins:read,user_accounts:read",
                "state", "hygiene",
                "code_challenge", challenge,
                "code_challenge_method", "S256"));
  }

  /** The {@code code} of the redirect that an Allow answers. */
  private static String codeOf(Http.Response allowed) {
    assertEquals(302, allowed.status(), allowed.toString());
    String location = allowed.header("Location").orElseThrow();
    assertTrue(location.startsWith(REDIRECT_URI + "?"), location);
    for (String pair : location.substring(REDIRECT_URI.length() + 1).split("&")) {
      String[] nameValue = pair.split("=", 2);
      if (nameValue[0].equals("code")) {
        return URLDecoder.decode(nameValue[1], StandardCharsets.UTF_8);
      }
    }
    throw new AssertionError("no code in " + location);
  }

  private static void assertInvalidGrant(Http.Response response) {
    assertEquals(400, response.status(), response.body());
    assertEquals("invalid_grant", response.string("error"));
  }
}
