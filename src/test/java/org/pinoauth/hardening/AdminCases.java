package org.pinoauth.hardening;

import static org.pinoauth.hardening.Expect.invalidRequest;
import static org.pinoauth.hardening.Expect.methodNotAllowed;
import static org.pinoauth.hardening.Expect.tooLarge;
import static org.pinoauth.hardening.Expect.unsupportedMediaType;
import static org.pinoauth.hardening.Fixture.SCRIPT;
import static org.pinoauth.hardening.Wire.concat;
import static org.pinoauth.hardening.Wire.utf8;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.pinoauth.testing.Http;

/**
 * The hostile table of the admin API {@code /admin/apps} (CONTRACT §6): credentials that are
 * missing, wrong, malformed or lack the role, which pinoauth's {@code AdminAuthFilter} refuses with
 * its JSON 401 (and {@code WWW-Authenticate}) or 403; then, with the admin's own credentials,
 * absurd JSON, wrong types, wrong media types and methods, and path tricks that get past the
 * container. Bad input is a 400 naming the field; a body over the API's 64 KiB limit is a 413.
 * (Paths the container itself refuses are in {@link ContainerCases}.)
 */
final class AdminCases {
  static final String APPS = "/admin/apps";
  static final String ADMIN = Http.basic("admin", "admin");

  private static final String JSON = "application/json";
  private static final String VALID =
      "{\"name\":\"Hostile admin case\",\"redirect_uris\":[\"http://localhost:8085/\"],"
          + "\"scopes\":[\"pins:read\"]";

  private AdminCases() {}

  /** A valid app with {@code more} JSON members added inside its object. */
  private static String app(String more) {
    return VALID + (more.isEmpty() ? "" : "," + more) + "}";
  }

  /**
   * An app named x with the registered redirect URI and these JSON array items as its scopes, so
   * that only the scopes can be at fault.
   */
  private static String withScopes(String items) {
    return "{\"name\":\"x\",\"redirect_uris\":[\""
        + Expect.REGISTERED_REDIRECT
        + "\"],"
        + "\"scopes\":["
        + items
        + "]}";
  }

  private static Function<Fixture, Wire> create(String json) {
    return f -> Wire.post(APPS).contentType(JSON).body(json).authorization(ADMIN);
  }

  private static Function<Fixture, Wire> createBytes(byte[] json) {
    return f -> Wire.post(APPS).contentType(JSON).body(json).authorization(ADMIN);
  }

  private static Function<Fixture, Wire> patch(String json) {
    return f ->
        Wire.request("PATCH", APPS + "/" + f.patchTarget().clientId())
            .contentType(JSON)
            .body(json)
            .authorization(ADMIN);
  }

  /**
   * {@code method} {@code path} as the admin, without a body; a POST, PATCH or DELETE says JSON, as
   * the API requires of them, body or not (CONTRACT §6).
   */
  private static Function<Fixture, Wire> at(String method, String path) {
    return f -> asAdmin(method, path);
  }

  private static Function<Fixture, Wire> atApp(String method, String suffix) {
    return f -> asAdmin(method, APPS + "/" + f.patchTarget().clientId() + suffix);
  }

  private static Wire asAdmin(String method, String path) {
    Wire wire = Wire.request(method, path).authorization(ADMIN);
    return List.of("POST", "PATCH", "DELETE").contains(method) ? wire.contentType(JSON) : wire;
  }

  /** A body-less {@code method} on the fixture's app, as the admin, with these headers only. */
  private static Function<Fixture, Wire> atAppWith(
      String method, String suffix, String... headers) {
    return f -> {
      Wire wire =
          Wire.request(method, APPS + "/" + f.patchTarget().clientId() + suffix)
              .authorization(ADMIN);
      for (int i = 0; i < headers.length; i += 2) {
        wire.header(headers[i], headers[i + 1]);
      }
      return wire;
    };
  }

  private static Expect badField(String field) {
    return invalidRequest().field(field);
  }

  private static Expect created() {
    return Expect.json(201);
  }

  private static Expect notFound() {
    return Expect.error(404, "invalid_request");
  }

  /** No, wrong or malformed operator credentials (RFC 7235 §3.1). */
  private static Expect unauthenticated() {
    return Expect.error(401, "unauthorized").code(2).challenge("Basic realm=\"pinoauth\"");
  }

  /** An operator without the role {@code pinoauth-admin}. */
  private static Expect forbidden() {
    return Expect.error(403, "access_denied").code(29);
  }

  private static Function<Fixture, Wire> listAs(String authorization) {
    return f -> Wire.get(APPS).authorization(authorization);
  }

  static List<Case> cases() {
    List<Case> cases = new ArrayList<>();

    // Operator credentials, checked against the container's realm by pinoauth's filter.
    cases.add(Case.of("no credentials", f -> Wire.get(APPS), unauthenticated()));
    cases.add(
        Case.of(
            "a user without the admin role",
            listAs(Http.basic("pinner", "pinner")),
            forbidden().notReflecting("pinner")));
    cases.add(
        Case.of("a user with no role", listAs(Http.basic("outsider", "outsider")), forbidden()));
    cases.add(
        Case.of(
            "wrong password",
            listAs(Http.basic("admin", "wrong-password-guess")),
            unauthenticated().notReflecting("wrong-password-guess")));
    cases.add(
        Case.of(
            "a user the realm does not know",
            listAs(Http.basic("nobody-at-all", "guess")),
            unauthenticated().notReflecting("nobody-at-all")));
    cases.add(
        Case.of(
            "a username whose sign-ins are locked out, right password or not",
            listAs(Http.basic(Fixture.LOCKED_USER, "whatever")),
            Expect.error(429, "slow_down").code(8)));
    cases.add(Case.of("Bearer", listAs("Bearer x"), unauthenticated()));
    cases.add(Case.of("Digest", listAs("Digest username=\"admin\""), unauthenticated()));
    cases.add(Case.of("Basic with nothing after it", listAs("Basic"), unauthenticated()));
    cases.add(
        Case.of("Basic without a colon", listAs(Http.basicOfPair("admin")), unauthenticated()));
    cases.add(
        Case.of("Basic with an empty user", listAs(Http.basicOfPair(":admin")), unauthenticated()));
    cases.add(Case.of("Basic decoding to invalid UTF-8", listAs("Basic /w=="), unauthenticated()));
    cases.add(Case.of("Basic with bad base64 %%%", listAs("Basic %%%"), unauthenticated()));
    cases.add(
        Case.of(
            "Basic with bad base64 !!!",
            listAs("Basic !!!not-base64!!!"),
            unauthenticated().notReflecting("not-base64")));
    cases.add(
        Case.of(
            "Basic with a user that is a script",
            listAs(Http.basicOfPair(SCRIPT + ":x")),
            unauthenticated().notReflecting(SCRIPT)));
    cases.add(
        Case.of(
            "two Authorization headers, both the admin's",
            f -> Wire.get(APPS).authorization(ADMIN).authorization(ADMIN),
            unauthenticated()));
    cases.add(
        Case.of(
            "Basic, two spaces, the admin's credentials (1*SP is allowed)",
            listAs(ADMIN.replace("Basic ", "Basic  ")),
            Expect.json(200)));
    cases.add(
        Case.of(
                "Basic with a 10 KB user",
                listAs(Http.basicOfPair("a".repeat(10 * 1024) + ":x")),
                unauthenticated().notReflecting("a".repeat(100)))
            .onRoomyServer());

    // Not a JSON object.
    cases.add(Case.of("not JSON", create("{name: 'x',"), invalidRequest()));
    cases.add(Case.of("plain text", create("hello"), invalidRequest()));
    cases.add(Case.of("a JSON array", create("[]"), invalidRequest()));
    cases.add(
        Case.of("an array holding a valid app", create("[" + app("") + "]"), invalidRequest()));
    cases.add(Case.of("JSON null", create("null"), invalidRequest()));
    cases.add(Case.of("a JSON string", create("\"app\""), invalidRequest()));
    cases.add(Case.of("a JSON number", create("42"), invalidRequest()));
    cases.add(Case.of("JSON true", create("true"), invalidRequest()));
    cases.add(Case.of("empty body", create(""), invalidRequest()));
    cases.add(Case.of("whitespace body", create(" \r\n\t "), invalidRequest()));
    cases.add(Case.of("an empty object", create("{}"), badField("name")));
    cases.add(
        Case.of(
            "10 000 nested arrays",
            create("[".repeat(10_000) + "]".repeat(10_000)),
            invalidRequest()));
    cases.add(
        Case.of(
            "10 000 nested arrays as the name",
            create("{\"name\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}"),
            badField("name")));
    cases.add(
        Case.of(
            "5 000 nested objects under an unknown member",
            create("{\"x\":".repeat(5_000) + "1" + "}".repeat(5_000)),
            badField("x")));
    cases.add(
        Case.of("a valid app followed by garbage", create(app("") + " garbage"), invalidRequest()));
    cases.add(Case.of("two objects in a row", create(app("") + app("")), invalidRequest()));
    cases.add(
        Case.of("the name member twice", create(app("\"name\":\"again\"")), invalidRequest()));

    // Sizes: the admin API reads at most 64 KiB.
    cases.add(
        Case.of(
            "1 MB body", create(app("\"pad\":\"" + "p".repeat(1024 * 1024) + "\"")), tooLarge()));
    cases.add(
        Case.of(
            "Content-Length of 1 MB over a short body",
            f ->
                Wire.post(APPS)
                    .contentType(JSON)
                    .body(app(""))
                    .contentLength(1024 * 1024)
                    .authorization(ADMIN),
            tooLarge()));
    cases.add(
        Case.of(
            "1 MB body, chunked",
            f ->
                Wire.post(APPS)
                    .contentType(JSON)
                    .chunked(
                        utf8(VALID + ",\"pad\":\""), utf8("p".repeat(1024 * 1024)), utf8("\"}"))
                    .authorization(ADMIN),
            tooLarge()));
    cases.add(
        Case.of(
            "10 000 scopes (over the limit)",
            create(
                "{\"name\":\"x\",\"scopes\":["
                    + String.join(",", Collections.nCopies(10_000, "\"pins:read\""))
                    + "]}"),
            tooLarge()));
    cases.add(
        Case.of(
            "5 000 unknown scopes",
            create(
                withScopes(
                    IntStream.range(0, 5_000)
                        .mapToObj(i -> "\"u" + i + "\"")
                        .collect(Collectors.joining(",")))),
            badField("scopes")));
    cases.add(
        Case.of(
            "an unknown member of 60 KB is refused, naming it",
            create(app("\"pad\":\"" + "p".repeat(60 * 1024) + "\"")),
            badField("pad").notReflecting("p".repeat(100))));

    // Wrong JSON types: 400 naming the field.
    cases.add(
        Case.of(
            "a number as name",
            create("{\"name\":5,\"scopes\":[\"pins:read\"]}"),
            badField("name")));
    cases.add(
        Case.of(
            "true as name",
            create("{\"name\":true,\"scopes\":[\"pins:read\"]}"),
            badField("name")));
    cases.add(
        Case.of(
            "an object as name",
            create("{\"name\":{\"a\":1},\"scopes\":[\"pins:read\"]}"),
            badField("name")));
    cases.add(Case.of("numbers as scopes", create(withScopes("1,2")), badField("scopes")));
    cases.add(
        Case.of(
            "a string as scopes",
            create("{\"name\":\"x\",\"scopes\":\"pins:read\"}"),
            badField("scopes")));
    cases.add(
        Case.of(
            "a number as redirect_uris",
            create("{\"name\":\"x\",\"scopes\":[\"pins:read\"],\"redirect_uris\":5}"),
            badField("redirect_uris")));
    cases.add(
        Case.of(
            "a string as grant_types",
            create(app("\"grant_types\":\"client_credentials\"")),
            badField("grant_types")));
    cases.add(
        Case.of(
            "a number as refresh_mode",
            create(app("\"refresh_mode\":1")),
            badField("refresh_mode")));
    cases.add(
        Case.of(
            "\"yes\" as allow_plain_pkce",
            create(app("\"allow_plain_pkce\":\"yes\"")),
            badField("allow_plain_pkce")));
    cases.add(
        Case.of(
            "a huge number as allow_plain_pkce",
            create(app("\"allow_plain_pkce\":" + "9".repeat(5_000))),
            badField("allow_plain_pkce").notReflecting("9".repeat(101))));
    // token_endpoint_auth_method (public apps, issue 16).
    cases.add(
        Case.of(
            "an array as token_endpoint_auth_method",
            create(app("\"token_endpoint_auth_method\":[\"none\"]")),
            badField("token_endpoint_auth_method")));
    cases.add(
        Case.of(
            "an unknown token_endpoint_auth_method, long and with markup",
            create(app("\"token_endpoint_auth_method\":\"<b>" + "n".repeat(5_000) + "\"")),
            badField("token_endpoint_auth_method").notReflecting("n".repeat(101))));
    cases.add(
        Case.of(
            "token_endpoint_auth_method none in another case",
            create(app("\"token_endpoint_auth_method\":\"None\"")),
            badField("token_endpoint_auth_method")));
    cases.add(
        Case.of(
            "a public app with a private-use scheme that is not reverse DNS",
            create(
                "{\"name\":\"x\",\"scopes\":[\"pins:read\"],\"token_endpoint_auth_method\":"
                    + "\"none\",\"redirect_uris\":[\"javascript:/alert(1)\"]}"),
            badField("redirect_uris")));
    cases.add(Case.of("null in scopes", create(withScopes("null")), badField("scopes")));
    cases.add(
        Case.of(
            "null in grant_types", create(app("\"grant_types\":[null]")), badField("grant_types")));
    cases.add(
        Case.of(
            "null in redirect_uris",
            create("{\"name\":\"x\",\"scopes\":[\"pins:read\"],\"redirect_uris\":[null]}"),
            badField("redirect_uris")));

    // Members the server assigns, and members it does not know.
    cases.add(
        Case.of("a client_id", create(app("\"client_id\":\"1234567\"")), badField("client_id")));
    cases.add(
        Case.of(
            "a client_secret",
            create(app("\"client_secret\":\"chosen\"")),
            badField("client_secret")));
    cases.add(
        Case.of(
            "an unknown member is refused, naming it (a typo must not pass)",
            create(app("\"is_admin\":true")),
            badField("is_admin")));
    cases.add(Case.of("only unknown members", create("{\"evil\":1}"), badField("evil")));

    // Bad values: 400 naming the field, the value never echoed as markup.
    cases.add(
        Case.of(
            "a 201-character name",
            create("{\"name\":\"" + "n".repeat(201) + "\",\"scopes\":[\"pins:read\"]}"),
            badField("name").notReflecting("n".repeat(101))));
    cases.add(
        Case.of(
            "a 10 KB name",
            create("{\"name\":\"" + "n".repeat(10 * 1024) + "\",\"scopes\":[\"pins:read\"]}"),
            badField("name").notReflecting("n".repeat(300))));
    cases.add(
        Case.of(
            "a blank name",
            create("{\"name\":\"   \",\"scopes\":[\"pins:read\"]}"),
            badField("name")));
    cases.add(
        Case.of(
            "a name with an escaped NUL",
            create("{\"name\":\"a\\u0000b\",\"scopes\":[\"pins:read\"]}"),
            badField("name")));
    cases.add(
        Case.of(
            "a raw NUL in a JSON string",
            create("{\"name\":\"a\u0000b\",\"scopes\":[\"pins:read\"]}"),
            invalidRequest()));
    cases.add(
        Case.of(
            "a raw FF byte (not UTF-8) in the name",
            createBytes(
                concat(
                    utf8("{\"name\":\"a"),
                    new byte[] {(byte) 0xFF},
                    utf8("\",\"scopes\":[\"pins:read\"]}"))),
            invalidRequest()));
    cases.add(Case.of("empty scopes", create(withScopes("")), badField("scopes")));
    cases.add(
        Case.of(
            "a scope that is a script",
            create(withScopes("\"" + SCRIPT + "\"")),
            badField("scopes").notReflecting(SCRIPT)));
    cases.add(
        Case.of("a unicode scope", create(withScopes("\"pins:r\u00e9ad\"")), badField("scopes")));
    cases.add(
        Case.of(
            "a scope of 5 000 characters",
            create(withScopes("\"" + "z".repeat(5_000) + "\"")),
            badField("scopes").notReflecting("z".repeat(200))));
    String[][] uris = {
      {"javascript:alert(1)", "javascript: URI"},
      {"data:text/html," + SCRIPT, "data: URI with a script"},
      {"http://evil.example/", "plain http to another host"},
      {"https://app.example/cb#frag", "URI with a fragment"},
      {"/relative", "relative URI"},
      {"https://app.example/" + "r".repeat(3 * 1024), "3 KB URI"},
      {"https://[::ffff:99999999999.0.0.1]/cb", "IPv6 host with an over-long IPv4 part"}
    };
    for (String[] uri : uris) {
      cases.add(
          Case.of(
              "redirect_uris: " + uri[1],
              create(
                  "{\"name\":\"x\",\"scopes\":[\"pins:read\"],\"redirect_uris\":[\""
                      + uri[0]
                      + "\"]}"),
              badField("redirect_uris").notReflecting(SCRIPT, "r".repeat(200))));
    }
    cases.add(
        Case.of(
            "grant_types: password",
            create(app("\"grant_types\":[\"password\"]")),
            badField("grant_types")));
    cases.add(
        Case.of("grant_types: empty", create(app("\"grant_types\":[]")), badField("grant_types")));
    cases.add(
        Case.of(
            "refresh_mode: forever",
            create(app("\"refresh_mode\":\"forever\"")),
            badField("refresh_mode")));
    cases.add(
        Case.of(
            "a 10 KB owner",
            create(app("\"owner\":\"" + "o".repeat(10 * 1024) + "\"")),
            badField("owner").notReflecting("o".repeat(101))));
    cases.add(
        Case.of(
            "client_credentials without an owner",
            create(app("\"grant_types\":[\"client_credentials\"]")),
            badField("owner")));

    // Media types.
    for (String type :
        List.of(
            "text/plain",
            "application/x-www-form-urlencoded",
            ";;;",
            "multipart/form-data; boundary=XX")) {
      cases.add(
          Case.of(
              "Content-Type " + type,
              f -> Wire.post(APPS).contentType(type).body(app("")).authorization(ADMIN),
              unsupportedMediaType()));
    }
    cases.add(
        Case.of(
            "no Content-Type",
            f -> Wire.post(APPS).body(app("")).authorization(ADMIN),
            unsupportedMediaType()));

    // Body-less changes say JSON too; nothing from another site's page (CONTRACT §6). The
    // changes are refused, so the fixture's app keeps its secret and stays.
    cases.add(
        Case.of(
            "new secret without a Content-Type",
            atAppWith("POST", "/secret"),
            unsupportedMediaType()));
    cases.add(
        Case.of(
            "new secret as a form",
            atAppWith("POST", "/secret", "Content-Type", Wire.FORM),
            unsupportedMediaType()));
    cases.add(
        Case.of("DELETE without a Content-Type", atAppWith("DELETE", ""), unsupportedMediaType()));
    cases.add(
        Case.of(
            "new secret from another site's Origin",
            atAppWith("POST", "/secret", "Content-Type", JSON, "Origin", "https://evil.example"),
            forbidden()));
    cases.add(
        Case.of(
            "new secret from Origin: null",
            atAppWith("POST", "/secret", "Content-Type", JSON, "Origin", "null"),
            forbidden()));
    cases.add(
        Case.of(
            "new secret from an Origin the JDK's URI parser chokes on",
            atAppWith(
                "POST",
                "/secret",
                "Content-Type",
                JSON,
                "Origin",
                "http://[::ffff:99999999999.0.0.1]"),
            forbidden()));
    cases.add(
        Case.of(
            "DELETE with Sec-Fetch-Site: cross-site",
            atAppWith("DELETE", "", "Content-Type", JSON, "Sec-Fetch-Site", "cross-site"),
            forbidden()));
    cases.add(
        Case.of(
            "a form post from another site with no credentials: refused before them",
            f ->
                Wire.post(APPS)
                    .contentType(Wire.FORM)
                    .header("Origin", "https://evil.example")
                    .body("name=x"),
            forbidden()));
    cases.add(
        Case.of(
            "PATCH from the server's own Origin (Host: localhost)",
            f ->
                Wire.request("PATCH", APPS + "/" + f.patchTarget().clientId())
                    .contentType(JSON)
                    .header("Origin", "HTTP://LocalHost:80")
                    .header("Sec-Fetch-Site", "same-origin")
                    .body("{}")
                    .authorization(ADMIN),
            Expect.json(200)));
    cases.add(
        Case.of(
            "two Origin headers, one of them the server's own",
            atAppWith(
                "POST",
                "/secret",
                "Content-Type",
                JSON,
                "Origin",
                "http://localhost",
                "Origin",
                "https://evil.example"),
            forbidden()));

    // Methods.
    for (String method : List.of("PUT", "DELETE", "PATCH", "OPTIONS")) {
      cases.add(Case.of(method + " " + APPS, at(method, APPS), methodNotAllowed("GET, POST")));
    }
    for (String method : List.of("POST", "PUT")) {
      cases.add(
          Case.of(
              method + " " + APPS + "/{id}",
              atApp(method, ""),
              methodNotAllowed("GET, PATCH, DELETE")));
    }
    for (String method : List.of("GET", "DELETE")) {
      cases.add(
          Case.of(
              method + " " + APPS + "/{id}/secret",
              atApp(method, "/secret"),
              methodNotAllowed("POST")));
    }

    // Paths that reach the servlet.
    cases.add(Case.of("too many segments", at("GET", APPS + "/x/y/z"), notFound()));
    cases.add(Case.of("a segment after /secret", atApp("POST", "/secret/extra"), notFound()));
    cases.add(Case.of("/SECRET in upper case", atApp("POST", "/SECRET"), notFound()));
    cases.add(Case.of("a 7 KB id", at("GET", APPS + "/" + "9".repeat(7 * 1024)), notFound()));
    cases.add(
        Case.of("a 10 KB id", at("GET", APPS + "/" + "9".repeat(10 * 1024)), notFound())
            .onRoomyServer());
    cases.add(Case.of("an id of one encoded space", at("GET", APPS + "/%20"), notFound()));
    cases.add(Case.of("an id of SQL quotes", at("GET", APPS + "/'%20OR%20'1'='1"), notFound()));
    cases.add(Case.of("a negative id", at("GET", APPS + "/-1"), notFound()));
    cases.add(
        Case.of(
            "an id past Long.MAX_VALUE",
            at("GET", APPS + "/99999999999999999999999999"),
            notFound()));
    cases.add(
        Case.of(
            "an id with a right-to-left override", at("GET", APPS + "/12%E2%80%AE34"), notFound()));
    cases.add(
        Case.of(
            "an id with an encoded script (no '/': an encoded slash is a container case)",
            at("GET", APPS + "/" + Http.encode("<script>alert(1)")),
            notFound().notReflecting("<script>")));
    cases.add(Case.of("DELETE of no app", at("DELETE", APPS + "/999999999"), notFound()));
    cases.add(
        Case.of(
            "PATCH of no app",
            f ->
                Wire.request("PATCH", APPS + "/999999999")
                    .contentType(JSON)
                    .body("{}")
                    .authorization(ADMIN),
            notFound()));
    cases.add(Case.of("new secret for no app", at("POST", APPS + "/999999999/secret"), notFound()));
    cases.add(
        Case.of(
            "dot segment: /admin/apps/../apps",
            at("GET", "/admin/apps/../apps"),
            Expect.json(200)));
    cases.add(
        Case.of("dot segment: /admin/apps/./", at("GET", "/admin/apps/./"), Expect.json(200)));
    cases.add(
        Case.of("path parameter: /admin/apps;x=1", at("GET", "/admin/apps;x=1"), Expect.json(200)));

    // PATCH of an existing app.
    cases.add(Case.of("PATCH with not JSON", patch("{name"), invalidRequest()));
    cases.add(Case.of("PATCH with an array", patch("[]"), invalidRequest()));
    cases.add(
        Case.of("PATCH of the client_id", patch("{\"client_id\":\"1\"}"), badField("client_id")));
    cases.add(Case.of("PATCH to empty scopes", patch("{\"scopes\":[]}"), badField("scopes")));
    cases.add(
        Case.of(
            "PATCH to a javascript: redirect URI",
            patch("{\"redirect_uris\":[\"javascript:alert(1)\"]}"),
            badField("redirect_uris")));
    cases.add(Case.of("PATCH to an empty name", patch("{\"name\":\"\"}"), badField("name")));
    cases.add(
        Case.of(
            "PATCH to a script refresh_mode",
            patch("{\"refresh_mode\":\"" + SCRIPT + "\"}"),
            badField("refresh_mode").notReflecting(SCRIPT)));
    cases.add(
        Case.of(
            "PATCH of 1 MB", patch("{\"pad\":\"" + "p".repeat(1024 * 1024) + "\"}"), tooLarge()));
    cases.add(
        Case.of(
            "PATCH as text/plain",
            f ->
                Wire.request("PATCH", APPS + "/" + f.patchTarget().clientId())
                    .contentType("text/plain")
                    .body("{}")
                    .authorization(ADMIN),
            unsupportedMediaType()));
    return cases;
  }
}
