package org.pinoauth.hardening;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pinoauth.hardening.Expect.page;
import static org.pinoauth.hardening.Expect.redirectError;
import static org.pinoauth.hardening.Fixture.SCRIPT;
import static org.pinoauth.hardening.Fixture.XSS;
import static org.pinoauth.hardening.Wire.concat;
import static org.pinoauth.hardening.Wire.utf8;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.pinoauth.testing.Http;
import org.pinoauth.testing.RawHttp;

/**
 * The hostile tables of the authorization endpoint {@code /oauth/} (CONTRACT §5). Until the app and
 * its redirect URI are trusted every fault is an HTML page that never redirects; after, faults go
 * back to the registered redirect URI and nowhere else. Every value a page shows is HTML-escaped;
 * every value a redirect carries is URL-encoded, so neither a script nor a header line can ride
 * along. POSTs that must get past the CSRF check use real sessions of the {@link Fixture}.
 */
final class AuthorizeCases {
  static final String PATH = "/oauth/";

  private static final String INJECTION = "%0D%0ALocation:%20http://evil.example/";
  private static final String EVIL_LOCATION = "Location: http://evil";

  private AuthorizeCases() {}

  /**
   * A form-url-encoded authorization request of the fixture's app; each override pair replaces a
   * parameter (appended when new, removed when the value is null). Override values are sent as
   * given, so they may carry broken escapes.
   */
  static String query(Fixture f, String... overrides) {
    Map<String, String> parameters = new LinkedHashMap<>();
    parameters.put("client_id", f.app().clientId());
    parameters.put("redirect_uri", Http.encode(Expect.REGISTERED_REDIRECT));
    parameters.put("response_type", "code");
    parameters.put("scope", "pins%3Aread");
    parameters.put("state", "xyz");
    for (int i = 0; i < overrides.length; i += 2) {
      if (overrides[i + 1] == null) {
        parameters.remove(overrides[i]);
      } else {
        parameters.put(overrides[i], overrides[i + 1]);
      }
    }
    return parameters.entrySet().stream()
        .map(p -> p.getKey() + "=" + p.getValue())
        .collect(Collectors.joining("&"));
  }

  private static Function<Fixture, Wire> get(String... overrides) {
    return f -> Wire.get(PATH + "?" + query(f, overrides));
  }

  private static Function<Fixture, Wire> getRaw(Function<Fixture, String> query) {
    return f -> Wire.get(PATH + "?" + query.apply(f));
  }

  private static Expect signInPage() {
    return page(200).hidden("state", "xyz").check(AuthorizeCases::startsNoSession);
  }

  /** No HTTP session before a successful sign-in: an anonymous visitor costs no memory. */
  private static void startsNoSession(RawHttp.Response response) {
    assertTrue(
        response.headers("Set-Cookie").stream().noneMatch(c -> c.startsWith("JSESSIONID=")),
        response.head());
  }

  // --- GET /oauth/ ------------------------------------------------------------------------------

  static List<Case> get() {
    List<Case> cases = new ArrayList<>();

    // Malformed queries: a 400 page, never a redirect.
    cases.add(Case.of("no query at all", f -> Wire.get(PATH), page(400)));
    cases.add(Case.of("an empty query", f -> Wire.get(PATH + "?"), page(400)));
    String[][] broken = {
      {"%", "lone %"},
      {"%4", "escape cut short %4"},
      {"%zz", "non-hex escape %zz"},
      {"%%", "double percent %%"},
      {"%C3%28", "invalid UTF-8 %C3%28"},
      {"%FF", "invalid UTF-8 %FF"},
      {"%ED%A0%80", "surrogate %ED%A0%80"},
      {"%C0%AF", "overlong %C0%AF"},
      {"%F4%90%80%80", "above U+10FFFF"},
      {"a%00b", "%00"},
      {"a%0D%0Ab", "%0D%0A"},
      {"%1B[31m", "%1B"},
      {"a%C2%85b", "C1 control %C2%85"},
      {"%7F", "DEL %7F"}
    };
    for (String[] fault : broken) {
      cases.add(Case.of("state with " + fault[1], get("state", fault[0]), page(400)));
    }
    // Raw bytes RFC 3986 never allows in a query: refused, not decoded into another state.
    String[][] raw = {
      {"x\u00FFy", "raw byte FF"},
      {"x\u00C3\u00A9y", "raw UTF-8 C3 A9"}
    };
    for (String[] fault : raw) {
      cases.add(
          Case.of(
              "state with a " + fault[1],
              get("state", fault[0]),
              page(400)
                  .check(r -> assertTrue(r.body().contains("parameters are malformed"), r.body()))
                  .check(r -> assertFalse(r.body().contains("\uFFFD"), "U+FFFD shown"))));
    }
    cases.add(Case.of("client_id with %zz", get("client_id", "%zz"), page(400)));
    cases.add(Case.of("client_id with %00", get("client_id", "123%00"), page(400)));
    cases.add(Case.of("nameless parameter =x", getRaw(f -> query(f) + "&=x"), page(400)));
    cases.add(
        Case.of(
            "header injection in state",
            get("state", "x" + INJECTION),
            page(400).notReflecting(EVIL_LOCATION)));
    cases.add(
        Case.of(
            "header injection in state of a request that would redirect",
            get("state", "x" + INJECTION, "response_type", "token"),
            page(400).notReflecting(EVIL_LOCATION)));
    cases.add(
        Case.of(
            "header injection in redirect_uri",
            get("redirect_uri", Http.encode(Expect.REGISTERED_REDIRECT) + INJECTION),
            page(400).notReflecting(EVIL_LOCATION)));

    // An app or redirect URI that cannot be trusted: a 400 page, never a redirect.
    cases.add(Case.of("unknown client_id", get("client_id", "999999999"), page(400)));
    cases.add(
        Case.of(
            "client_id that is a script",
            get("client_id", Http.encode(SCRIPT)),
            page(400).notReflecting(SCRIPT)));
    cases.add(Case.of("empty client_id", get("client_id", ""), page(400)));
    cases.add(
        Case.of(
            "client_id twice",
            getRaw(f -> query(f) + "&client_id=" + f.app().clientId()),
            page(400)));
    cases.add(
        Case.of(
            "client_id and consumer_id of different apps",
            f -> Wire.get(PATH + "?" + query(f, "consumer_id", f.other().clientId())),
            page(400)));
    cases.add(Case.of("5 KB client_id", get("client_id", "9".repeat(5 * 1024)), page(400)));
    cases.add(Case.of("no redirect_uri", get("redirect_uri", null), page(400)));
    String[][] untrusted = {
      {"javascript:alert(1)", "javascript: URI"},
      {"JaVaScRiPt:alert(1)//http://localhost:8085/", "mixed-case javascript: URI"},
      {"data:text/html," + SCRIPT, "data: URI with a script"},
      {"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==", "base64 data: URI"},
      {"http://localhost:8085/#", "registered URI plus a fragment"},
      {"http://localhost:8085/x", "registered URI plus a path"},
      {"HTTP://LOCALHOST:8085/", "registered URI in upper case"},
      {"http://localhost:8085", "registered URI without its slash"},
      {"http://localhost:8085/?", "registered URI plus an empty query"},
      {"http://localhost:8085@evil.example/", "userinfo trick"},
      {"//evil.example/", "scheme-relative URI"},
      {"http://evil.example/", "another site"},
      {Expect.REGISTERED_REDIRECT + XSS, "registered URI plus an attribute breakout"},
      {"http://localhost:8085/" + "r".repeat(5 * 1024), "5 KB redirect_uri"}
    };
    for (String[] uri : untrusted) {
      cases.add(
          Case.of(
              "redirect_uri " + uri[1],
              get("redirect_uri", Http.encode(uri[0])),
              page(400).notReflecting(SCRIPT, "javascript:", "data:", "evil.example")));
    }
    cases.add(
        Case.of(
            "redirect_uri twice, both registered",
            getRaw(f -> query(f) + "&redirect_uri=" + Http.encode(Expect.REGISTERED_REDIRECT)),
            page(400)));

    // Faults after the redirect URI is trusted: a 302 to it and only to it.
    cases.add(
        Case.of(
            "no response_type",
            get("response_type", null),
            redirectError("invalid_request").state("xyz")));
    cases.add(
        Case.of(
            "response_type=token",
            get("response_type", "token"),
            redirectError("unsupported_response_type").state("xyz")));
    cases.add(
        Case.of(
            "response_type twice",
            getRaw(f -> query(f) + "&response_type=code"),
            redirectError("invalid_request").state("xyz")));
    cases.add(
        Case.of(
            "state twice",
            getRaw(f -> query(f) + "&state=abc"),
            redirectError("invalid_request").state(null)));
    cases.add(Case.of("no scope", get("scope", null), redirectError("invalid_scope")));
    cases.add(
        Case.of("scope of only commas", get("scope", ",,,,"), redirectError("invalid_scope")));
    cases.add(Case.of("scope of only spaces", get("scope", "+++"), redirectError("invalid_scope")));
    cases.add(
        Case.of(
            "unicode scope pins:réad",
            get("scope", "pins%3Ar%C3%A9ad"),
            redirectError("invalid_scope")));
    cases.add(
        Case.of(
            "scope that is a script",
            get("scope", Http.encode(SCRIPT)),
            redirectError("invalid_scope").notReflecting(SCRIPT)));
    cases.add(
        Case.of(
            "a scope of 5 000 characters",
            get("scope", "z".repeat(5_000)),
            redirectError("invalid_scope").notReflecting("z".repeat(100))));
    cases.add(
        Case.of(
                "10 000 unknown scopes",
                get(
                    "scope",
                    IntStream.range(0, 10_000)
                        .mapToObj(i -> "s" + i)
                        .collect(Collectors.joining(","))),
                redirectError("invalid_scope").notReflecting("s9999"))
            .onRoomyServer());
    cases.add(
        Case.of(
                "pins:read 10 000 times (folded)",
                get("scope", String.join(",", Collections.nCopies(10_000, "pins%3Aread"))),
                signInPage())
            .onRoomyServer());
    cases.add(
        Case.of(
            "code_challenge_method=plain for an app without plain",
            get("code_challenge", "a".repeat(43), "code_challenge_method", "plain"),
            redirectError("invalid_request")));
    cases.add(
        Case.of(
            "code_challenge_method=S512",
            get("code_challenge", "a".repeat(43), "code_challenge_method", "S512"),
            redirectError("invalid_request")));
    cases.add(
        Case.of(
            "code_challenge that is a script",
            get("code_challenge", Http.encode(SCRIPT), "code_challenge_method", "S256"),
            redirectError("invalid_request").notReflecting(SCRIPT)));
    cases.add(
        Case.of(
            "5 KB code_challenge",
            get("code_challenge", "c".repeat(5 * 1024), "code_challenge_method", "S256"),
            redirectError("invalid_request").notReflecting("c".repeat(100))));
    cases.add(
        Case.of(
            "code_challenge_method without code_challenge",
            get("code_challenge_method", "S256"),
            redirectError("invalid_request")));
    cases.add(
        Case.of(
            "state with a script, on a redirect",
            get("state", Http.encode(XSS), "response_type", "token"),
            redirectError("unsupported_response_type").state(XSS).notReflecting(SCRIPT)));
    cases.add(
        Case.of(
            "state smuggling a second code and error",
            get("state", Http.encode("x&code=evil&error=none"), "response_type", "token"),
            redirectError("unsupported_response_type").state("x&code=evil&error=none")));
    cases.add(
        Case.of(
            "state of 3 000 '<' (over the 1 024-character limit: no redirect)",
            get("state", "<".repeat(3_000), "response_type", "token"),
            page(400).notReflecting("<".repeat(100))));
    cases.add(
        Case.of(
            "state of 1 024 '<' (the limit: sent back, 3 KB encoded)",
            get("state", "<".repeat(1_024), "response_type", "token"),
            redirectError("unsupported_response_type").state("<".repeat(1_024))));
    cases.add(
        Case.of(
                "state too long to send back in a Location header (20 KB)",
                get("state", "a".repeat(20 * 1024), "response_type", "token"),
                page(400).notReflecting("a".repeat(100)))
            .onRoomyServer());

    // Pages that show what they were sent: HTML-escaped.
    cases.add(
        Case.of(
            "state with a script on the sign-in page",
            get("state", Http.encode(XSS)),
            page(200).hidden("state", XSS).echoesEscaped(XSS).notReflecting(SCRIPT)));
    cases.add(
        Case.of(
            "state with a single-quote attribute breakout",
            get("state", Http.encode("' onmouseover='alert(1)")),
            page(200)
                .hidden("state", "' onmouseover='alert(1)")
                .echoesEscaped("' onmouseover='alert(1)")));
    cases.add(
        Case.of(
            "state with a template placeholder {{csrf}}",
            get("state", Http.encode("{{csrf}}")),
            page(200).hidden("state", "{{csrf}}")));
    cases.add(
        Case.of(
            "state with regex replacement characters",
            get("state", Http.encode("$1\\$0\\")),
            page(200).hidden("state", "$1\\$0\\")));
    cases.add(
        Case.of(
            "state with &amp; already escaped",
            get("state", Http.encode("&amp;&lt;")),
            page(200).hidden("state", "&amp;&lt;").echoesEscaped("&amp;&lt;")));
    cases.add(
        Case.of(
            "state with unicode separators",
            get("state", "%E2%80%A8%E2%80%AE"),
            page(200).hidden("state", "\u2028\u202e")));
    cases.add(
        Case.of(
            "5 KB state (over the 1 024-character limit)",
            get("state", "s".repeat(5 * 1024)),
            page(400).notReflecting("s".repeat(1_025))));
    cases.add(
        Case.of(
            "an app whose name is a script",
            f -> Wire.get(PATH + "?" + Fixture.authorizeQuery(f.evilName())),
            page(200).echoesEscaped(XSS).notReflecting(SCRIPT)));
    cases.add(
        Case.of(
            "an unknown parameter with a script",
            getRaw(f -> query(f) + "&foo=" + Http.encode(SCRIPT)),
            signInPage().notReflecting(SCRIPT)));
    cases.add(
        Case.of(
            "a session cookie that is a script",
            f -> Wire.get(PATH + "?" + query(f)).header("Cookie", "JSESSIONID=" + SCRIPT),
            signInPage().notReflecting(SCRIPT)));
    cases.add(
        Case.of(
            "a sign-in cookie that is a script",
            f -> Wire.get(PATH + "?" + query(f)).header("Cookie", "pinoauth_signin=" + SCRIPT),
            signInPage().notReflecting(SCRIPT)));
    cases.add(
        Case.of(
            "empty pairs around the query", getRaw(f -> "&&&" + query(f) + "&&&"), signInPage()));
    cases.add(
        Case.of(
            "a GET with a JSON body (ignored)",
            f -> Wire.get(PATH + "?" + query(f)).contentType("application/json").body("[[["),
            signInPage()));
    cases.add(
        Case.of(
            "a GET with a 100 KB body (ignored)",
            f ->
                Wire.get(PATH + "?" + query(f)).contentType(Wire.FORM).body("a".repeat(100 * 1024)),
            signInPage()));
    cases.add(
        Case.of(
            "/oauth without the slash, response_type=token",
            f -> Wire.get("/oauth?" + query(f, "response_type", "token")),
            redirectError("unsupported_response_type").state("xyz")));

    // Methods other than GET and POST: a 405 page.
    for (String method : List.of("PUT", "DELETE", "PATCH", "OPTIONS", "PROPFIND")) {
      cases.add(
          Case.of(
              method,
              f -> Wire.request(method, PATH + "?" + query(f)),
              page(405).allow("GET, POST")));
    }
    cases.add(
        Case.of(
            "HEAD",
            f -> Wire.request("HEAD", PATH + "?" + query(f)),
            Expect.headOnly(405).allow("GET, POST")));
    return cases;
  }

  // --- POST /oauth/ -----------------------------------------------------------------------------

  /** A POST of {@code body} with the cookie of {@code session} (none when null). */
  private static Wire post(String body, Fixture.Session session) {
    Wire wire = Wire.postForm(PATH, body);
    return session == null ? wire : wire.header("Cookie", session.cookieHeader());
  }

  private static String csrf(Fixture.Session session) {
    return "&csrf=" + Http.encode(session.csrf());
  }

  /** A POST by the signed-in session with its CSRF token. */
  private static Function<Fixture, Wire> signed(String action, String... overrides) {
    return f -> post(query(f, overrides) + "&action=" + action + csrf(f.signedIn()), f.signedIn());
  }

  /** A POST by the anonymous session with its CSRF token. */
  private static Function<Fixture, Wire> anonymous(String tail, String... overrides) {
    return f -> post(query(f, overrides) + tail + csrf(f.anonymous()), f.anonymous());
  }

  /** Bytes posted by the signed-in session, with its cookie, as a form. */
  private static Function<Fixture, Wire> signedBytes(Function<Fixture, byte[]> body) {
    return f ->
        Wire.post(PATH)
            .contentType(Wire.FORM)
            .body(body.apply(f))
            .header("Cookie", f.signedIn().cookieHeader());
  }

  static List<Case> post() {
    List<Case> cases = new ArrayList<>();

    // CSRF: 403 without the session's own token.
    cases.add(
        Case.of("no cookie and no csrf", f -> post(query(f) + "&action=allow", null), page(403)));
    cases.add(
        Case.of(
            "session cookie without csrf",
            f -> post(query(f) + "&action=allow", f.signedIn()),
            page(403)));
    cases.add(
        Case.of(
            "wrong csrf",
            f ->
                post(
                    query(f) + "&action=allow&csrf=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                    f.signedIn()),
            page(403)));
    cases.add(
        Case.of(
            "empty csrf", f -> post(query(f) + "&action=allow&csrf=", f.signedIn()), page(403)));
    cases.add(
        Case.of(
            "the right csrf twice",
            f ->
                post(
                    query(f) + "&action=allow" + csrf(f.signedIn()) + csrf(f.signedIn()),
                    f.signedIn()),
            page(403)));
    cases.add(
        Case.of(
            "csrf of another session",
            f -> post(query(f) + "&action=allow" + csrf(f.anonymous()), f.signedIn()),
            page(403)));
    cases.add(
        Case.of(
            "the right csrf without the cookie",
            f -> post(query(f) + "&action=allow" + csrf(f.signedIn()), null),
            page(403)));
    cases.add(
        Case.of(
            "a session cookie that is a script",
            f ->
                Wire.postForm(PATH, query(f) + "&action=allow" + csrf(f.signedIn()))
                    .header("Cookie", "JSESSIONID=" + SCRIPT),
            page(403).notReflecting(SCRIPT)));
    cases.add(
        Case.of(
            "a 4 KB session cookie",
            f ->
                Wire.postForm(PATH, query(f) + "&action=allow" + csrf(f.signedIn()))
                    .header("Cookie", "JSESSIONID=" + "j".repeat(4 * 1024)),
            page(403)));
    cases.add(
        Case.of(
            "a 15 KB csrf",
            f -> post(query(f) + "&action=allow&csrf=" + "k".repeat(15 * 1024), f.signedIn()),
            page(403).notReflecting("k".repeat(100))));
    cases.add(
        Case.of(
            "csrf that is a script",
            f -> post(query(f) + "&action=allow&csrf=" + Http.encode(SCRIPT), f.signedIn()),
            page(403).notReflecting(SCRIPT)));

    // Malformed forms: a 400 page, before anything else is looked at.
    String[][] broken = {
      {"%", "lone %"},
      {"%4", "escape cut short %4"},
      {"%zz", "non-hex escape %zz"},
      {"%%", "double percent %%"},
      {"%C3%28", "invalid UTF-8 %C3%28"},
      {"%FF", "invalid UTF-8 %FF"},
      {"%ED%A0%80", "surrogate %ED%A0%80"},
      {"%C0%AF", "overlong %C0%AF"},
      {"a%00b", "%00"},
      {"x" + INJECTION, "header injection %0D%0A"},
      {"%1B[31m", "%1B"},
      {"a%C2%85b", "C1 control %C2%85"}
    };
    for (String[] fault : broken) {
      cases.add(
          Case.of(
              "deny with state " + fault[1],
              signed("deny", "state", fault[0]),
              page(400).notReflecting(EVIL_LOCATION)));
    }
    cases.add(
        Case.of(
            "nameless parameter =x",
            f -> post(query(f) + "&action=deny&=x" + csrf(f.signedIn()), f.signedIn()),
            page(400)));
    byte[][] rawFaults = {
      {(byte) 0xC3, 0x28},
      {(byte) 0xFF},
      {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
      {'a', 0, 'b'},
      {'\r', '\n'}
    };
    String[] rawNames = {"C3 28", "FF", "ED A0 80 (surrogate)", "NUL", "CR LF"};
    for (int i = 0; i < rawFaults.length; i++) {
      byte[] fault = rawFaults[i];
      cases.add(
          Case.of(
              "deny with raw bytes " + rawNames[i] + " in state",
              signedBytes(
                  f ->
                      concat(
                          utf8(
                              query(f, "state", null)
                                  + "&action=deny"
                                  + csrf(f.signedIn())
                                  + "&state="),
                          fault)),
              page(400)));
    }

    // Sizes: the form limit is 16 KiB, as at the token endpoint.
    cases.add(
        Case.of(
            "100 KB form",
            f ->
                post(
                    query(f) + "&action=deny&pad=" + "p".repeat(100 * 1024) + csrf(f.signedIn()),
                    f.signedIn()),
            page(413)));
    cases.add(
        Case.of(
            "100 KB form, chunked",
            f ->
                Wire.post(PATH)
                    .contentType(Wire.FORM)
                    .header("Cookie", f.signedIn().cookieHeader())
                    .chunked(utf8(query(f) + "&pad="), utf8("p".repeat(100 * 1024))),
            page(413)));

    // Media types: a 415 page.
    String[] types = {
      "application/json", "text/plain", "multipart/form-data; boundary=XX", ";;;", "application/xml"
    };
    for (String type : types) {
      cases.add(
          Case.of(
              "Content-Type " + type,
              f ->
                  Wire.post(PATH)
                      .contentType(type)
                      .body(query(f) + "&action=allow" + csrf(f.signedIn()))
                      .header("Cookie", f.signedIn().cookieHeader()),
              page(415)));
    }
    cases.add(
        Case.of(
            "no Content-Type",
            f ->
                Wire.post(PATH)
                    .body(query(f) + "&action=allow" + csrf(f.signedIn()))
                    .header("Cookie", f.signedIn().cookieHeader()),
            page(415)));
    cases.add(
        Case.of(
            "unknown charset (accepted, UTF-8 assumed), deny",
            f ->
                Wire.post(PATH)
                    .contentType(Wire.FORM + "; charset=x-klingon")
                    .body(query(f) + "&action=deny" + csrf(f.signedIn()))
                    .header("Cookie", f.signedIn().cookieHeader()),
            redirectError("access_denied").state("xyz")));

    // The sign-in token is bound to the request it was shown for: without the request, it
    // matches nothing.
    cases.add(
        Case.of(
            "only the csrf",
            f -> post(csrf(f.anonymous()).substring(1), f.anonymous()),
            page(403)));
    // Past the CSRF check, the form is validated again from scratch.
    cases.add(Case.of("no action", anonymous(""), page(400)));
    cases.add(
        Case.of(
            "action that is a script",
            anonymous("&action=" + Http.encode(SCRIPT)),
            page(400).notReflecting(SCRIPT)));
    cases.add(Case.of("action twice", anonymous("&action=allow&action=allow"), page(400)));
    cases.add(Case.of("allow without signing in", anonymous("&action=allow"), signInPage()));
    cases.add(
        Case.of(
            "sign-in as a script username",
            anonymous("&action=sign_in&username=" + Http.encode(XSS) + "&password=x"),
            page(200).echoesEscaped(XSS).notReflecting(SCRIPT)));
    cases.add(
        Case.of(
            "sign-in with a 14 KB username",
            anonymous("&action=sign_in&password=x&username=" + "u".repeat(14 * 1024)),
            page(200).echoesEscaped("u".repeat(14 * 1024))));
    cases.add(
        Case.of(
            "sign-in as a locked-out user",
            anonymous("&action=sign_in&username=" + Fixture.LOCKED_USER + "&password=x"),
            page(429)
                .hidden("state", "xyz")
                .check(r -> assertTrue(r.header("Retry-After").isPresent(), "Retry-After"))
                .check(AuthorizeCases::startsNoSession)));
    cases.add(
        Case.of(
            "sign-in with empty username and password",
            anonymous("&action=sign_in&username=&password="),
            page(200).check(AuthorizeCases::startsNoSession)));
    cases.add(
        Case.of(
            "sign-in with the password twice",
            anonymous("&action=sign_in&username=nobody-twice&password=a&password=b"),
            page(200)));
    cases.add(
        Case.of(
            "sign-in with a unicode look-alike of pinner",
            anonymous("&action=sign_in&username=p%C4%B1nner&password=pinner"),
            page(200).check(AuthorizeCases::startsNoSession)));

    // Decisions of a signed-in user: a redirect to the registered URI only.
    cases.add(
        Case.of(
            "deny with a script in state",
            signed("deny", "state", Http.encode(XSS)),
            redirectError("access_denied").state(XSS).notReflecting(SCRIPT)));
    cases.add(
        Case.of(
            "allow with a script in state",
            signed("allow", "state", Http.encode(XSS)),
            Expect.redirect("code", null).state(XSS).notReflecting(SCRIPT)));
    cases.add(
        Case.of(
            "deny with state smuggling a code",
            signed("deny", "state", Http.encode("x&code=evil")),
            redirectError("access_denied").state("x&code=evil")));
    cases.add(
        Case.of(
            "deny with a state of unicode separators",
            signed("deny", "state", "%E2%80%A8%E2%80%AE"),
            redirectError("access_denied").state("\u2028\u202e")));
    String[][] untrusted = {
      {"javascript:alert(1)", "javascript: URI"},
      {"data:text/html," + SCRIPT, "data: URI"},
      {"http://evil.example/", "another site"},
      {"http://localhost:8085/#x", "registered URI plus a fragment"}
    };
    for (String[] uri : untrusted) {
      cases.add(
          Case.of(
              "allow with redirect_uri " + uri[1],
              signed("allow", "redirect_uri", Http.encode(uri[0])),
              page(400).notReflecting(SCRIPT, "javascript:", "evil.example")));
    }
    cases.add(
        Case.of("allow for an unknown app", signed("allow", "client_id", "999999999"), page(400)));
    cases.add(
        Case.of(
            "allow with response_type=token",
            signed("allow", "response_type", "token"),
            redirectError("unsupported_response_type").state("xyz")));
    cases.add(
        Case.of(
            "allow with a 5 000-character scope",
            signed("allow", "scope", "z".repeat(5_000)),
            redirectError("invalid_scope").notReflecting("z".repeat(100))));
    cases.add(
        Case.of(
            "allow with a scope of commas",
            signed("allow", "scope", ",,,"),
            redirectError("invalid_scope")));
    cases.add(
        Case.of(
            "allow with a unicode scope",
            signed("allow", "scope", "pins%3Ar%C3%A9ad"),
            redirectError("invalid_scope")));
    cases.add(
        Case.of(
            "allow with a script scope",
            signed("allow", "scope", Http.encode(SCRIPT)),
            redirectError("invalid_scope").notReflecting(SCRIPT)));
    cases.add(
        Case.of(
            "allow with a script code_challenge",
            signed("allow", "code_challenge", Http.encode(SCRIPT), "code_challenge_method", "S256"),
            redirectError("invalid_request").notReflecting(SCRIPT)));
    cases.add(
        Case.of(
            "allow with state twice",
            f -> post(query(f) + "&state=again&action=allow" + csrf(f.signedIn()), f.signedIn()),
            redirectError("invalid_request").state(null)));
    cases.add(
        Case.of(
            "deny with an unknown parameter that is a script",
            f ->
                post(
                    query(f) + "&foo=" + Http.encode(SCRIPT) + "&action=deny" + csrf(f.signedIn()),
                    f.signedIn()),
            redirectError("access_denied").notReflecting(SCRIPT)));
    cases.add(
        Case.of(
            "deny with a 10 KB state (over the limit: no redirect)",
            signed("deny", "state", "a".repeat(10 * 1024)),
            page(400).notReflecting("a".repeat(1_025))));
    // A raw '<' is a legal form character; URL-encoded for the Location it takes three bytes.
    cases.add(
        Case.of(
            "deny with a state too long to send back (15 000 '<', 45 KB encoded)",
            signed("deny", "state", "<".repeat(15_000)),
            page(400).notReflecting("%3C".repeat(100))));
    cases.add(
        Case.of(
            "allow with a state too long to send back (15 000 '<', 45 KB encoded)",
            signed("allow", "state", "<".repeat(15_000)),
            page(400).notReflecting("%3C".repeat(100))));
    return cases;
  }
}
