package org.pinoauth.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pinoauth.hardening.Expect.invalidToken;
import static org.pinoauth.hardening.Expect.methodNotAllowed;
import static org.pinoauth.hardening.Fixture.SCRIPT;
import static org.pinoauth.hardening.Fixture.XSS;
import static org.pinoauth.hardening.Wire.concat;
import static org.pinoauth.hardening.Wire.utf8;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.pinoauth.testing.Http;

/**
 * The hostile tables of the GET endpoints: {@code /v5/user_account} (bearer-protected, CONTRACT
 * §4), and the four that take no input at all, {@code /.well-known/oauth-authorization-server},
 * {@code /healthz}, {@code /metrics} and {@code /v5/openapi.yaml}. What those four are sent besides
 * their method is ignored, so most of their cases expect the ordinary 200, unchanged by the junk:
 * the point is that junk never turns into a 5xx, a trace, a reflected value or a header the
 * attacker chose. The OpenAPI document names the URL it was fetched from, so its table also sends
 * hostile {@code Host} and {@code X-Forwarded-*} headers: only a plain host name or IP address may
 * appear in it, anything else gives the relative server URL {@code /}.
 */
final class GetEndpointCases {
  static final String USER_ACCOUNT = "/v5/user_account";
  static final String METADATA = "/.well-known/oauth-authorization-server";
  static final String HEALTH = "/healthz";
  static final String METRICS = "/metrics";
  static final String OPENAPI = "/v5/openapi.yaml";

  private static final String GET_HEAD = "GET, HEAD";

  private GetEndpointCases() {}

  // --- GET /v5/user_account ---------------------------------------------------------------------

  static List<Case> userAccount() {
    List<Case> cases = new ArrayList<>();
    Supplier<Expect> ok =
        () -> Expect.json(200).body(json -> assertEquals("pinner", json.get("username")));

    // The Authorization header.
    cases.add(
        Case.of(
            "no Authorization header",
            f -> Wire.get(USER_ACCOUNT),
            Expect.error(401, "invalid_token").challenge("Bearer realm=\"pinoauth\"")));
    cases.add(Case.of("Bearer with nothing after it", bearerRaw("Bearer"), invalidToken()));
    cases.add(Case.of("Bearer and spaces only", bearerRaw("Bearer   "), invalidToken()));
    cases.add(
        Case.of(
            "Bearer, two spaces, valid token (1*SP is allowed)",
            f -> Wire.get(USER_ACCOUNT).authorization("Bearer  " + f.access()),
            ok.get()));
    cases.add(
        Case.of(
            "scheme in lower case: bearer",
            f -> Wire.get(USER_ACCOUNT).authorization("bearer " + f.access()),
            ok.get()));
    cases.add(
        Case.of(
            "scheme in upper case: BEARER",
            f -> Wire.get(USER_ACCOUNT).authorization("BEARER " + f.access()),
            ok.get()));
    cases.add(
        Case.of(
            "the app's Basic credentials",
            f -> Wire.get(USER_ACCOUNT).authorization(f.basic()),
            invalidToken()));
    cases.add(Case.of("Basic with nothing after it", bearerRaw("Basic"), invalidToken()));
    cases.add(Case.of("Digest scheme", bearerRaw("Digest username=\"pinner\""), invalidToken()));
    cases.add(Case.of("Token scheme", bearer(f -> "Token " + f.access()), invalidToken()));
    cases.add(Case.of("OAuth scheme", bearer(f -> "OAuth " + f.access()), invalidToken()));
    cases.add(Case.of("Bearer=token", bearer(f -> "Bearer=" + f.access()), invalidToken()));
    cases.add(Case.of("Bearer: token", bearer(f -> "Bearer: " + f.access()), invalidToken()));
    cases.add(Case.of("the token without a scheme", bearer(Fixture::access), invalidToken()));
    cases.add(
        Case.of(
            "valid token with a character appended",
            bearer(f -> "Bearer " + f.access() + "x"),
            invalidToken()));
    cases.add(
        Case.of(
            "valid token in upper case",
            bearer(f -> "Bearer " + f.access().toUpperCase()),
            invalidToken()));
    cases.add(
        Case.of("a refresh token as bearer", bearer(f -> "Bearer " + f.refresh()), invalidToken()));
    cases.add(
        Case.of(
            "the app secret as bearer", bearer(f -> "Bearer " + f.app().secret()), invalidToken()));
    cases.add(
        Case.of(
            "7 KB token",
            bearerRaw("Bearer pina_" + "T".repeat(7 * 1024)),
            invalidToken().notReflecting("T".repeat(100))));
    cases.add(
        Case.of(
                "10 KB token",
                bearerRaw("Bearer pina_" + "T".repeat(10 * 1024)),
                invalidToken().notReflecting("T".repeat(100)))
            .onRoomyServer());
    cases.add(
        Case.of(
                "60 KB token",
                bearerRaw("Bearer pina_" + "T".repeat(60 * 1024)),
                invalidToken().notReflecting("T".repeat(100)))
            .onRoomyServer());
    cases.add(
        Case.of(
            "token that is a script",
            bearerRaw("Bearer " + SCRIPT),
            invalidToken().notReflecting(SCRIPT)));
    cases.add(
        Case.of(
            "token that is an attribute breakout",
            bearerRaw("Bearer " + XSS),
            invalidToken().notReflecting(XSS)));
    cases.add(
        Case.of(
            "quoted token",
            bearerRaw("Bearer \"pina_quoted\""),
            invalidToken().notReflecting("pina_quoted")));
    cases.add(Case.of("token with literal %00", bearerRaw("Bearer pina_%00"), invalidToken()));
    cases.add(
        Case.of(
            "token with literal %0D%0A header text",
            bearerRaw("Bearer pina_%0D%0AX-Injected:%201"),
            invalidToken().notReflecting("X-Injected")));
    cases.add(
        Case.of(
            "token with Latin-1 bytes é ÿ", bearerRaw("Bearer pina_\u00e9\u00ff"), invalidToken()));
    cases.add(
        Case.of(
            "token with UTF-8 bytes of é", bearerRaw("Bearer pina_\u00c3\u00a9"), invalidToken()));
    cases.add(
        Case.of(
            "token with invalid UTF-8 bytes C3 28",
            bearerRaw("Bearer pina_\u00c3("),
            invalidToken()));
    cases.add(Case.of("token with spaces inside", bearerRaw("Bearer a b c"), invalidToken()));
    cases.add(Case.of("token with a tab inside", bearerRaw("Bearer pina_a\tb"), invalidToken()));
    cases.add(
        Case.of(
            "tab between scheme and token", bearer(f -> "Bearer\t" + f.access()), invalidToken()));
    cases.add(
        Case.of(
            "two tokens in one header",
            bearer(f -> "Bearer " + f.access() + ", Bearer " + f.access()),
            invalidToken()));
    cases.add(
        Case.of(
            "two Authorization headers, both valid",
            f ->
                Wire.get(USER_ACCOUNT)
                    .authorization("Bearer " + f.access())
                    .authorization("Bearer " + f.access()),
            invalidToken()));
    cases.add(
        Case.of(
            "two Authorization headers, valid then junk",
            f -> Wire.get(USER_ACCOUNT).authorization("Bearer " + f.access()).authorization("junk"),
            invalidToken()));
    cases.add(
        Case.of(
            "path traversal as token",
            bearerRaw("Bearer ../../../etc/passwd"),
            invalidToken().notReflecting("etc/passwd")));
    cases.add(
        Case.of(
            "SQL quotes as token",
            bearerRaw("Bearer ' OR '1'='1"),
            invalidToken().notReflecting("' OR '1'='1")));
    cases.add(Case.of("LIKE wildcard as token", bearerRaw("Bearer pina_%"), invalidToken()));
    cases.add(
        Case.of(
            "base64 of a token",
            bearer(f -> "Bearer " + Base64.getEncoder().encodeToString(utf8(f.access()))),
            invalidToken()));
    cases.add(Case.of("empty Authorization header", bearerRaw(""), invalidToken()));
    cases.add(
        Case.of(
            "a token without user_accounts:read",
            bearer(f -> "Bearer " + f.narrowAccess()),
            Expect.error(403, "insufficient_scope")
                .challenge("Bearer realm=\"pinoauth\", error=\"insufficient_scope\"")));

    // The query string and the body are never read.
    cases.add(
        Case.of(
            "access_token in the query, no header (not accepted)",
            f -> Wire.get(USER_ACCOUNT + "?access_token=" + f.access()),
            invalidToken()));
    cases.add(
        Case.of(
            "access_token in a form body of a GET, no header (not accepted)",
            f -> Wire.get(USER_ACCOUNT).contentType(Wire.FORM).body("access_token=" + f.access()),
            invalidToken()));
    for (String query : junkQueries()) {
      cases.add(Case.of("valid token, query " + shown(query), withToken("?" + query), ok.get()));
    }
    cases.add(
        Case.of(
            "no token, query with a script",
            f -> Wire.get(USER_ACCOUNT + "?x=" + SCRIPT),
            invalidToken().notReflecting(SCRIPT)));
    cases.add(
        Case.of(
                "valid token, 60 KB query",
                withToken("?pad=" + "q".repeat(60 * 1024)),
                ok.get().notReflecting("q".repeat(100)))
            .onRoomyServer());
    for (Map.Entry<String, Function<Fixture, Wire>> body : junkBodies(USER_ACCOUNT).entrySet()) {
      cases.add(
          Case.of(
              "valid token, " + body.getKey(),
              f -> body.getValue().apply(f).authorization("Bearer " + f.access()),
              ok.get()));
    }

    // Methods.
    for (String method : List.of("POST", "PUT", "DELETE", "PATCH", "OPTIONS", "PROPFIND")) {
      cases.add(
          Case.of(
              method + " with a valid token",
              f -> Wire.request(method, USER_ACCOUNT).authorization("Bearer " + f.access()),
              methodNotAllowed(GET_HEAD)));
    }
    cases.add(
        Case.of(
            "POST with access_token in a form body",
            f -> Wire.postForm(USER_ACCOUNT, "access_token=" + f.access()),
            methodNotAllowed(GET_HEAD)));
    cases.add(
        Case.of(
            "HEAD with a valid token",
            f -> Wire.request("HEAD", USER_ACCOUNT).authorization("Bearer " + f.access()),
            Expect.headOnly(200)));
    cases.add(
        Case.of(
            "HEAD without a token",
            f -> Wire.request("HEAD", USER_ACCOUNT),
            Expect.headOnly(401).challenge("Bearer realm=\"pinoauth\"")));
    return cases;
  }

  private static Function<Fixture, Wire> bearer(Function<Fixture, String> authorization) {
    return f -> Wire.get(USER_ACCOUNT).authorization(authorization.apply(f));
  }

  private static Function<Fixture, Wire> bearerRaw(String authorization) {
    return f -> Wire.get(USER_ACCOUNT).authorization(authorization);
  }

  private static Function<Fixture, Wire> withToken(String query) {
    return f -> Wire.get(USER_ACCOUNT + query).authorization("Bearer " + f.access());
  }

  // --- GET /.well-known/oauth-authorization-server and GET /healthz -----------------------------

  static List<Case> metadata() {
    return inputless(
        METADATA,
        () ->
            Expect.json(200)
                .body(
                    json -> {
                      // The issuer comes from the request's own Host, never from other headers.
                      assertEquals("http://localhost", json.get("issuer"));
                      assertEquals("http://localhost/v5/oauth/token", json.get("token_endpoint"));
                    }));
  }

  static List<Case> health() {
    return inputless(
        HEALTH, () -> Expect.json(200).body(json -> assertEquals(Map.of("status", "UP"), json)));
  }

  // --- GET /metrics and GET /v5/openapi.yaml ----------------------------------------------------

  /** The relative server URL the document names when the request's host is not plain. */
  private static final String RELATIVE = "/";

  static List<Case> metrics() {
    List<Case> cases = inputless(METRICS, GetEndpointCases::scrape);
    cases.addAll(documentCases(METRICS, serverUrl -> scrape()));
    cases.add(
        Case.of(
            "Accept: OpenMetrics (the 0.0.4 text format is answered)",
            f -> Wire.get(METRICS).header("Accept", "application/openmetrics-text; version=1.0.0"),
            scrape()));
    cases.add(
        Case.of(
            "Accept: Prometheus protobuf (the 0.0.4 text format is answered)",
            f ->
                Wire.get(METRICS)
                    .header(
                        "Accept",
                        "application/vnd.google.protobuf;"
                            + "proto=io.prometheus.client.MetricFamily;encoding=delimited"),
            scrape()));
    cases.add(
        Case.of(
            "Prometheus name[] filter (no parameter is read)",
            f -> Wire.get(METRICS + "?name[]=" + Http.encode(SCRIPT) + "&name[]=up"),
            scrape().notReflecting(SCRIPT)));
    return cases;
  }

  static List<Case> openApi() {
    List<Case> cases = inputless(OPENAPI, () -> document("http://localhost"));
    cases.addAll(documentCases(OPENAPI, GetEndpointCases::document));
    cases.add(
        Case.of(
            "Accept: application/json (YAML is answered)",
            f -> Wire.get(OPENAPI).header("Accept", "application/json"),
            document("http://localhost")));
    cases.add(
        Case.of(
            "Accept: application/vnd.oai.openapi+json;version=3.0",
            f -> Wire.get(OPENAPI).header("Accept", "application/vnd.oai.openapi+json;version=3.0"),
            document("http://localhost")));
    cases.add(
        Case.of(
            "query url= (no parameter is read)",
            f -> Wire.get(OPENAPI + "?url=http://evil.example&servers=" + Http.encode(SCRIPT)),
            document("http://localhost").notReflecting("evil.example", SCRIPT)));
    return cases;
  }

  /** {@code host} as the document would show it, YAML-quoted, if it reflected it. */
  private static String reflected(String host) {
    return "http://" + host.replace("'", "''");
  }

  /** A scrape: Prometheus text format 0.0.4 with pinoauth's own meters. */
  private static Expect scrape() {
    return Expect.text(200, "text/plain")
        .check(
            response -> {
              assertTrue(
                  response.header("Content-Type").orElse("").contains("version=0.0.4"),
                  "the Prometheus text format 0.0.4");
              assertTrue(
                  response.body().contains("# TYPE pinoauth_requests_seconds histogram"),
                  "pinoauth's request meter");
            });
  }

  /** The OpenAPI document, whose one server URL is {@code serverUrl}. */
  private static Expect document(String serverUrl) {
    return Expect.text(200, "application/yaml")
        .check(
            response -> {
              String yaml = response.body();
              assertTrue(yaml.startsWith("openapi: 3.0.3\n"), "an OpenAPI 3.0.3 document");
              List<String> servers =
                  yaml.lines().filter(line -> line.startsWith("  - url: ")).toList();
              assertEquals(List.of("  - url: '" + serverUrl + "'"), servers, "the server URL");
            });
  }

  /**
   * Cases of both {@code /metrics} and {@code /v5/openapi.yaml}: hostile {@code Host} and {@code
   * X-Forwarded-*} headers, absurd {@code Accept} headers, huge and repeated query parameters.
   * {@code answer} gives the expected answer for the server URL the OpenAPI document must name.
   */
  private static List<Case> documentCases(String path, Function<String, Expect> answer) {
    List<Case> cases = new ArrayList<>();

    // Host headers Jetty lets through. A plain host name or address is the document's server URL
    // (it is not markup, and is shown only to whoever sent it); anything else never appears.
    String[][] plainHosts = {
      {"evil.example", "http://evil.example"},
      {"evil.example:8443", "http://evil.example:8443"},
      {"EVIL.EXAMPLE", "http://EVIL.EXAMPLE"},
      {"[::1]:8080", "http://[::1]:8080"},
      {"10.0.0.1", "http://10.0.0.1"},
      {"a".repeat(63) + ".example", "http://" + "a".repeat(63) + ".example"}
    };
    for (String[] host : plainHosts) {
      cases.add(
          Case.of(
              "Host " + shown(host[0]) + ", a plain host",
              f -> Wire.get(path).withoutHost().header("Host", host[0]),
              answer.apply(host[1])));
    }
    List<String> oddHosts =
        List.of(
            "a'b",
            "a''b'",
            "a%0d%0ax-injected",
            "a%3cscript%3e",
            "a%22%3e%3cscript%3e",
            "a;b",
            "a&b=c",
            "a(b)",
            "a*b",
            "a+b",
            "a!b",
            "a$b",
            "a~b",
            "a_b.example",
            "-a.example",
            "a..b",
            "a.example.",
            "a".repeat(300));
    for (String host : oddHosts) {
      cases.add(
          Case.of(
              "Host " + shown(host) + ", not a plain host",
              f -> Wire.get(path).withoutHost().header("Host", host),
              answer.apply(RELATIVE).notReflecting(reflected(host))));
    }
    cases.add(
        Case.of(
            "a header line after Host that injects X-Injected",
            f -> Wire.get(path).withoutHost().headerLine("Host: localhost\r\nX-Injected: 1"),
            answer.apply("http://localhost")));

    // X-Forwarded-* and Forwarded, ignored by default, honoured behind a proxy.
    String[][] forwarded = {
      {"X-Forwarded-Host", "evil.example", "http://evil.example"},
      {"X-Forwarded-Host", "evil.example:8443", "http://evil.example:8443"},
      {"X-Forwarded-Host", "a'b", RELATIVE},
      {"X-Forwarded-Host", "a%0d%0ax-injected", RELATIVE},
      {"X-Forwarded-Host", "a;b", RELATIVE},
      {"X-Forwarded-Proto", "https", "https://localhost"},
      {"X-Forwarded-Proto", "gopher", RELATIVE},
      {"X-Forwarded-Proto", "javascript", RELATIVE},
      {"X-Forwarded-Port", "8443", "http://localhost:8443"},
      {"Forwarded", "host=evil.example;proto=https", "https://evil.example"},
      {"Forwarded", "host=\"a;b\"", RELATIVE},
      {"Forwarded", "proto=gopher", RELATIVE}
    };
    for (String[] header : forwarded) {
      String name = header[0] + ": " + shown(header[1]);
      Function<Fixture, Wire> request = f -> Wire.get(path).header(header[0], header[1]);
      cases.add(
          Case.of(
              name + " (ignored)",
              request,
              answer
                  .apply("http://localhost")
                  .notReflecting("evil.example", "a'b", "a%0d", "a;b", "gopher", "javascript")));
      Expect behindProxy = answer.apply(header[2]);
      if (header[2].equals(RELATIVE)) {
        behindProxy.notReflecting(header[1], reflected(header[1]));
      }
      cases.add(Case.of(name, request, behindProxy).onProxiedServer());
    }

    // Absurd Accept headers: the one representation is answered whatever is asked for.
    String[] accepts = {
      "*/*;q=0",
      "text/html;q=1.0, */*;q=0",
      "application/xml",
      SCRIPT,
      ";;;,,,;q=",
      "text/plain;q=" + "9".repeat(1000),
      "a/b;" + "x=y;".repeat(1000),
      IntStream.range(0, 500).mapToObj(i -> "type" + i + "/sub").collect(Collectors.joining(","))
    };
    for (String accept : accepts) {
      cases.add(
          Case.of(
              "Accept: " + shown(accept),
              f -> Wire.get(path).header("Accept", accept),
              answer.apply("http://localhost").notReflecting(SCRIPT)));
    }
    cases.add(
        Case.of(
            "Accept-Charset: utf-16 (UTF-8 is answered)",
            f -> Wire.get(path).header("Accept-Charset", "utf-16"),
            answer.apply("http://localhost")));
    cases.add(
        Case.of(
            "two Accept headers",
            f -> Wire.get(path).header("Accept", "application/json").header("Accept", "text/html"),
            answer.apply("http://localhost")));

    // Huge and repeated query parameters.
    cases.add(
        Case.of(
            "one parameter 1 000 times",
            f -> Wire.get(path + "?" + "a=1&".repeat(1_000)),
            answer.apply("http://localhost")));
    cases.add(
        Case.of(
                "10 000 distinct parameters",
                f ->
                    Wire.get(
                        path
                            + "?"
                            + IntStream.range(0, 10_000)
                                .mapToObj(i -> "p" + i + "=" + i)
                                .collect(Collectors.joining("&"))),
                answer.apply("http://localhost"))
            .onRoomyServer());
    cases.add(
        Case.of(
            "a parameter name of 7 KB",
            f -> Wire.get(path + "?" + "n".repeat(7 * 1024) + "=1"),
            answer.apply("http://localhost").notReflecting("n".repeat(100))));
    return cases;
  }

  /** The table of an endpoint that takes no input but its method. */
  private static List<Case> inputless(String path, Supplier<Expect> ok) {
    List<Case> cases = new ArrayList<>();
    for (String method : List.of("PUT", "DELETE", "PATCH", "OPTIONS", "PROPFIND", "FOO")) {
      cases.add(Case.of(method, f -> Wire.request(method, path), methodNotAllowed(GET_HEAD)));
    }
    cases.add(
        Case.of(
            "POST of a form",
            f -> Wire.postForm(path, "issuer=http://evil.example"),
            methodNotAllowed(GET_HEAD).notReflecting("evil.example")));
    cases.add(
        Case.of(
            "POST of JSON",
            f -> Wire.post(path).contentType("application/json").body("{\"status\":\"DOWN\"}"),
            methodNotAllowed(GET_HEAD)));
    cases.add(
        Case.of("POST of nothing", f -> Wire.post(path).body(""), methodNotAllowed(GET_HEAD)));
    cases.add(Case.of("HEAD", f -> Wire.request("HEAD", path), Expect.headOnly(200)));

    for (String query : junkQueries()) {
      cases.add(Case.of("query " + shown(query), f -> Wire.get(path + "?" + query), ok.get()));
    }
    cases.add(
        Case.of(
            "query issuer=evil (no parameter is read)",
            f -> Wire.get(path + "?issuer=http://evil.example&status=DOWN"),
            ok.get().notReflecting("evil.example", "status=DOWN")));
    cases.add(
        Case.of(
            "JSONP callback (no parameter is read)",
            f -> Wire.get(path + "?callback=alert&jsonp=alert"),
            ok.get().notReflecting("alert")));
    cases.add(
        Case.of(
                "60 KB query",
                f -> Wire.get(path + "?pad=" + "q".repeat(60 * 1024)),
                ok.get().notReflecting("q".repeat(100)))
            .onRoomyServer());
    cases.add(
        Case.of(
                "100 KB query",
                f -> Wire.get(path + "?pad=" + "q".repeat(100 * 1024)),
                ok.get().notReflecting("q".repeat(100)))
            .onRoomyServer());
    cases.add(Case.of("path parameter ;x=1", f -> Wire.get(path + ";x=1"), ok.get()));
    for (Map.Entry<String, Function<Fixture, Wire>> body : junkBodies(path).entrySet()) {
      cases.add(Case.of(body.getKey(), body.getValue(), ok.get()));
    }

    String[][] headers = {
      {"Authorization", "Basic !!!not-base64!!!"},
      {"Authorization", "Bearer " + SCRIPT},
      {"Authorization", "Digest username=\"x\""},
      {"Accept", "text/html"},
      {"Accept", "application/xml"},
      {"Accept", ";;;"},
      {"Accept-Charset", "x-klingon"},
      {"Accept-Encoding", "gzip;q=bogus"},
      {"Accept-Language", XSS},
      {"Cookie", "JSESSIONID=" + SCRIPT},
      {"Cookie", ";;;=;=;"},
      {"X-Forwarded-Host", "evil.example"},
      {"X-Forwarded-Proto", "gopher"},
      {"Forwarded", "host=evil.example;proto=gopher"},
      {"Origin", "http://evil.example"},
      {"Referer", "http://evil.example/" + SCRIPT},
      {"User-Agent", SCRIPT},
      {"If-None-Match", "\"" + "x".repeat(1000)},
      {"Range", "bytes=0-1"},
      {"X-HTTP-Method-Override", "DELETE"},
      {"X-Pinterest-Rid", "attacker-chosen-rid"}
    };
    for (String[] header : headers) {
      cases.add(
          Case.of(
              "header " + header[0] + ": " + shown(header[1]),
              f -> Wire.get(path).header(header[0], header[1]),
              ok.get()
                  .notReflecting(SCRIPT, XSS, "evil.example", "gopher", "attacker-chosen-rid")
                  .check(
                      response -> {
                        // Only the metadata is open to every page (CONTRACT §9), whatever is sent.
                        assertEquals(
                            path.equals(METADATA) ? List.of("*") : List.of(),
                            response.headers("Access-Control-Allow-Origin"));
                        assertEquals(List.of(), response.headers("Content-Range"));
                      })));
    }
    cases.add(
        Case.of(
            "two Authorization headers",
            f -> Wire.get(path).authorization("Basic YTpi").authorization("Bearer x"),
            ok.get()));
    return cases;
  }

  /** Query strings that are malformed in every way a query can be while the request line parses. */
  static List<String> junkQueries() {
    return List.of(
        "%",
        "a=%4",
        "a=%zz",
        "a=%%",
        "a=%C3%28",
        "a=%FF",
        "a=%ED%A0%80",
        "a=%C0%AF",
        "a=\u00ff",
        "a=\u00c3\u00a9",
        "a=%00",
        "a=%0D%0AX-Injected:%201",
        "a=%1B",
        "a=%C2%85",
        "x=" + SCRIPT,
        "x=" + Http.encode(XSS),
        "a=&b=",
        "a=1&a=1&a=2",
        "=x",
        "",
        "&&&",
        "pad=" + "q".repeat(7 * 1024));
  }

  /** Bodies a GET should never have, keyed by a description. */
  static Map<String, Function<Fixture, Wire>> junkBodies(String path) {
    Map<String, Function<Fixture, Wire>> bodies = new LinkedHashMap<>();
    bodies.put("GET with a form body", f -> Wire.get(path).contentType(Wire.FORM).body("a=%zz&=x"));
    bodies.put(
        "GET with a JSON body", f -> Wire.get(path).contentType("application/json").body("[[[[[["));
    bodies.put(
        "GET with raw NUL bytes",
        f -> Wire.get(path).contentType("text/plain").body(new byte[] {0, 0, 0}));
    bodies.put(
        "GET with invalid UTF-8",
        f ->
            Wire.get(path)
                .contentType(Wire.FORM)
                .body(concat(utf8("a="), new byte[] {(byte) 0xC3, 0x28, (byte) 0xFF})));
    bodies.put("GET with a 100 KB body", f -> Wire.get(path).body("a".repeat(100 * 1024)));
    bodies.put("GET with a chunked body", f -> Wire.get(path).chunked(utf8("hello")));
    bodies.put(
        "GET with broken chunked framing",
        f -> Wire.get(path).chunkedFraming("zz\r\nhello\r\n0\r\n\r\n"));
    bodies.put(
        "GET with multipart",
        f ->
            Wire.get(path)
                .contentType("multipart/form-data; boundary=XX")
                .body("--XX\r\n\r\nx\r\n--XX--\r\n"));
    bodies.put("GET with Content-Type ';;;'", f -> Wire.get(path).contentType(";;;"));
    bodies.put(
        "GET with an unknown charset",
        f -> Wire.get(path).contentType(Wire.FORM + "; charset=x-klingon").body("a=b"));
    return bodies;
  }

  /** A value shortened and made printable for a case name. */
  static String shown(String value) {
    StringBuilder out = new StringBuilder();
    for (char c : value.toCharArray()) {
      out.append(c < 0x20 || c > 0x7e ? String.format("\\x%02X", (int) c) : c);
      if (out.length() > 40) {
        return out + "… (" + value.length() + " chars)";
      }
    }
    return out.length() == 0 ? "(empty)" : out.toString();
  }
}
