package org.pinoauth.hardening;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pinoauth.hardening.Expect.page;
import static org.pinoauth.hardening.Fixture.SCRIPT;
import static org.pinoauth.hardening.Wire.concat;
import static org.pinoauth.hardening.Wire.utf8;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.pinoauth.testing.Http;
import org.pinoauth.testing.RawHttp;

/**
 * Hostile input to the connected-apps page {@code /oauth/apps} (CONTRACT §9): a query is ignored, a
 * POST needs the session's CSRF token (403), a malformed form is a 400 page before anything else,
 * an app the signed-in user has not authorized a 404 page, never a 500 and never an echo as markup.
 * No case signs the shared session out or removes anything of it.
 */
final class ConnectedAppsCases {
  static final String PATH = "/oauth/apps";

  private ConnectedAppsCases() {}

  private static Wire post(String body, Fixture.Session session) {
    Wire wire = Wire.postForm(PATH, body);
    return session == null ? wire : wire.header("Cookie", session.cookieHeader());
  }

  private static String csrf(Fixture.Session session) {
    return "&csrf=" + Http.encode(session.csrf());
  }

  /** A Remove access by the signed-in session with its CSRF token and {@code clientId} as sent. */
  private static Function<Fixture, Wire> remove(String encodedClientId) {
    return f ->
        post("action=remove&client_id=" + encodedClientId + csrf(f.signedIn()), f.signedIn());
  }

  private static void startsNoSession(RawHttp.Response response) {
    assertTrue(
        response.headers("Set-Cookie").stream().noneMatch(c -> c.startsWith("JSESSIONID=")),
        response.head());
  }

  static List<Case> cases() {
    List<Case> cases = new ArrayList<>();

    // GET: the query is no input of this page; the sign-in form or the list, whatever it says.
    String[] queries = {
      "",
      "?",
      "?x=" + Http.encode(SCRIPT),
      "?client_id=%00",
      "?%",
      "?a=%FF",
      "?" + "q".repeat(4000),
      "?action=remove&client_id=1234567",
      "?csrf=" + Http.encode(SCRIPT),
      "?x=%0D%0ALocation:%20evil"
    };
    for (String query : queries) {
      String shown = query.length() > 40 ? query.substring(0, 40) + "…" : query;
      cases.add(
          Case.of(
              "GET anonymous " + shown,
              f -> Wire.get(PATH + query),
              page(200)
                  .check(response -> assertTrue(response.body().contains("name=\"password\"")))
                  .notReflecting(SCRIPT)
                  .check(ConnectedAppsCases::startsNoSession)));
      cases.add(
          Case.of(
              "GET signed in " + shown,
              f -> Wire.get(PATH + query).header("Cookie", f.signedIn().cookieHeader()),
              page(200).notReflecting(SCRIPT)));
    }

    // CSRF: 403 without the session's own token; nothing is removed.
    cases.add(
        Case.of("no cookie and no csrf", f -> post("action=remove&client_id=1", null), page(403)));
    cases.add(
        Case.of(
            "session cookie without csrf",
            f -> post("action=remove&client_id=1", f.signedIn()),
            page(403)));
    cases.add(
        Case.of(
            "wrong csrf",
            f ->
                post(
                    "action=remove&client_id=1&csrf=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                    f.signedIn()),
            page(403)));
    cases.add(
        Case.of(
            "empty csrf", f -> post("action=remove&client_id=1&csrf=", f.signedIn()), page(403)));
    cases.add(
        Case.of(
            "the right csrf twice",
            f ->
                post(
                    "action=remove&client_id=1" + csrf(f.signedIn()) + csrf(f.signedIn()),
                    f.signedIn()),
            page(403)));
    cases.add(
        Case.of(
            "the sign-in token of /oauth/ with its cookie",
            f -> post("action=remove&client_id=1" + csrf(f.anonymous()), f.anonymous()),
            page(403)));
    cases.add(
        Case.of(
            "sign_in with the sign-in token of /oauth/",
            f ->
                post(
                    "action=sign_in&username=pinner&password=pinner" + csrf(f.anonymous()),
                    f.anonymous()),
            page(403)));
    cases.add(
        Case.of(
            "the right csrf without the cookie",
            f -> post("action=remove&client_id=1" + csrf(f.signedIn()), null),
            page(403)));
    cases.add(
        Case.of(
            "sign_out without the cookie",
            f -> post("action=sign_out" + csrf(f.signedIn()), null),
            page(403)));
    cases.add(
        Case.of(
            "a session cookie that is a script",
            f ->
                Wire.postForm(PATH, "action=remove&client_id=1" + csrf(f.signedIn()))
                    .header("Cookie", "JSESSIONID=" + SCRIPT),
            page(403).notReflecting(SCRIPT)));
    cases.add(
        Case.of(
            "a 15 KB csrf",
            f -> post("action=remove&client_id=1&csrf=" + "k".repeat(15 * 1024), f.signedIn()),
            page(403).notReflecting("k".repeat(100))));
    cases.add(
        Case.of(
            "csrf that is a script",
            f -> post("action=remove&client_id=1&csrf=" + Http.encode(SCRIPT), f.signedIn()),
            page(403).notReflecting(SCRIPT)));

    // Malformed forms: a 400 page, before the token is looked at.
    String[][] broken = {
      {"%", "lone %"},
      {"%4", "escape cut short %4"},
      {"%zz", "non-hex escape %zz"},
      {"%C3%28", "invalid UTF-8 %C3%28"},
      {"%FF", "invalid UTF-8 %FF"},
      {"%ED%A0%80", "surrogate %ED%A0%80"},
      {"%C0%AF", "overlong %C0%AF"},
      {"a%00b", "%00"},
      {"x%0D%0ALocation:%20http://evil.example/", "header injection %0D%0A"},
      {"%1B[31m", "%1B"}
    };
    for (String[] fault : broken) {
      cases.add(
          Case.of(
              "remove with client_id " + fault[1],
              remove(fault[0]),
              page(400).notReflecting("Location: http://evil")));
    }
    cases.add(
        Case.of(
            "nameless parameter =x",
            f -> post("action=remove&=x" + csrf(f.signedIn()), f.signedIn()),
            page(400)));
    byte[][] rawFaults = {{(byte) 0xC3, 0x28}, {(byte) 0xFF}, {'a', 0, 'b'}, {'\r', '\n'}};
    String[] rawNames = {"C3 28", "FF", "NUL", "CR LF"};
    for (int i = 0; i < rawFaults.length; i++) {
      byte[] fault = rawFaults[i];
      cases.add(
          Case.of(
              "remove with raw bytes " + rawNames[i] + " in client_id",
              f ->
                  Wire.post(PATH)
                      .contentType(Wire.FORM)
                      .header("Cookie", f.signedIn().cookieHeader())
                      .body(
                          concat(
                              utf8("action=remove" + csrf(f.signedIn()) + "&client_id="), fault)),
              page(400)));
    }

    // Apps the user has not authorized: a 404 page, the value never echoed as markup.
    String[][] notTheirs = {
      {"999999", "unknown id"},
      {"", "empty"},
      {Http.encode(SCRIPT), "a script"},
      {Http.encode("' OR '1'='1"), "SQL injection"},
      {Http.encode("1234567 "), "the demo app with a trailing space"},
      {"c".repeat(10 * 1024), "10 KB id"},
      {Http.encode("Ω≈ç√"), "non-ASCII"},
      {"-1", "negative"},
      {Http.encode("../1234567"), "a path"}
    };
    for (String[] id : notTheirs) {
      cases.add(
          Case.of(
              "remove " + id[1], remove(id[0]), page(404).notReflecting(SCRIPT, "c".repeat(100))));
    }
    cases.add(
        Case.of(
            "remove without client_id",
            f -> post("action=remove" + csrf(f.signedIn()), f.signedIn()),
            page(404)));
    cases.add(
        Case.of(
            "remove with client_id twice",
            f -> post("action=remove&client_id=1&client_id=2" + csrf(f.signedIn()), f.signedIn()),
            page(404)));

    // Actions: only sign_in, sign_out and remove.
    String[] actions = {"", "allow", "REMOVE", Http.encode(SCRIPT), "remove&action=remove"};
    for (String action : actions) {
      cases.add(
          Case.of(
              "action " + action,
              f -> post("client_id=1&action=" + action + csrf(f.signedIn()), f.signedIn()),
              page(400).notReflecting(SCRIPT)));
    }

    // Sizes, media types and methods.
    cases.add(
        Case.of(
            "100 KB form",
            f ->
                post(
                    "action=remove&pad=" + "p".repeat(100 * 1024) + csrf(f.signedIn()),
                    f.signedIn()),
            page(413)));
    String[] types = {"application/json", "text/plain", "multipart/form-data; boundary=XX", ";;;"};
    for (String type : types) {
      cases.add(
          Case.of(
              "Content-Type " + type,
              f ->
                  Wire.post(PATH)
                      .contentType(type)
                      .body("action=remove&client_id=1" + csrf(f.signedIn()))
                      .header("Cookie", f.signedIn().cookieHeader()),
              page(415)));
    }
    for (String method : new String[] {"PUT", "DELETE", "PATCH"}) {
      cases.add(Case.of(method, f -> Wire.request(method, PATH), page(405)));
    }
    return cases;
  }
}
