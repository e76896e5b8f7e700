package org.pinoauth.hardening;

import static org.pinoauth.hardening.AdminCases.ADMIN;
import static org.pinoauth.hardening.Expect.container;
import static org.pinoauth.hardening.Fixture.SCRIPT;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.pinoauth.testing.Http;

/**
 * Hostile requests that Jetty answers itself, before any filter of the WAR runs: a request line or
 * header block over the connector's limits (414, 431), framing or syntax HTTP forbids (400), a
 * {@code Host} that is not a host (400), paths the URI compliance mode refuses as ambiguous (400),
 * {@code TRACE} (403), and unknown paths (404 from the default servlet). The WAR cannot shape these
 * answers, so they carry no {@code x-pinterest-rid} and no JSON; what is asserted is only that each
 * is a 4xx without a trace and without the attacker's payload. (The admin API's own 401 and 403
 * come from pinoauth's filter, not the container: they are in {@link AdminCases}.)
 */
final class ContainerCases {
  private ContainerCases() {}

  static List<Case> cases() {
    List<Case> cases = new ArrayList<>();

    // Over the default 8 KiB header limit.
    cases.add(
        Case.of(
            "token endpoint: Basic with a 10 KB client id",
            f ->
                Wire.postForm(
                        ClientEndpointCases.TOKEN, "grant_type=client_credentials&scope=pins:read")
                    .authorization(Http.basicOfPair("7".repeat(10 * 1024) + ":x")),
            container(431)));
    cases.add(
        Case.of(
            "user_account: a 10 KB bearer token",
            f ->
                Wire.get(GetEndpointCases.USER_ACCOUNT)
                    .authorization("Bearer pina_" + "T".repeat(10 * 1024)),
            container(431)));
    cases.add(
        Case.of(
            "/oauth/: 10 000 scopes in the query",
            f ->
                Wire.get(
                    AuthorizeCases.PATH
                        + "?"
                        + AuthorizeCases.query(
                            f,
                            "scope",
                            IntStream.range(0, 10_000)
                                .mapToObj(i -> "s" + i)
                                .collect(Collectors.joining(",")))),
            container(414)));
    cases.add(
        Case.of(
            "/healthz: a 100 KB query",
            f -> Wire.get(GetEndpointCases.HEALTH + "?pad=" + "q".repeat(100 * 1024)),
            container(414)));
    cases.add(
        Case.of(
            "/healthz: a 10 KB header",
            f -> Wire.get(GetEndpointCases.HEALTH).header("X-Pad", "x".repeat(10 * 1024)),
            container(431)));

    // Request lines and headers HTTP forbids.
    cases.add(Case.of("raw NUL in the query", f -> Wire.get("/healthz?a=\0"), container(400)));
    cases.add(
        Case.of("raw space in the query", f -> Wire.get("/oauth/?state=a b"), container(400)));
    cases.add(
        Case.of(
            "raw CR in the query", f -> Wire.get("/oauth/?state=a\rLocation:x"), container(400)));
    cases.add(Case.of("broken escape in the path", f -> Wire.get("/heal%zzthz"), container(400)));
    cases.add(Case.of("%00 in the path", f -> Wire.get("/healthz%00"), container(400)));
    cases.add(
        Case.of("invalid method token G@T", f -> Wire.request("G@T", "/healthz"), container(400)));
    cases.add(
        Case.of(
            "control character in the Authorization header",
            f -> Wire.get(GetEndpointCases.USER_ACCOUNT).authorization("Bearer pina_\u0001x"),
            container(400)));
    cases.add(
        Case.of(
            "a header line without a colon",
            f -> Wire.get("/healthz").headerLine("garbage"),
            container(400)));
    cases.add(
        Case.of(
            "no Host header",
            f -> Wire.get(GetEndpointCases.METADATA).withoutHost(),
            container(400)));
    cases.add(
        Case.of(
            "a Host header that is a script",
            f -> Wire.get(GetEndpointCases.METADATA).withoutHost().header("Host", "a\"><script>"),
            container(400).notReflecting("<script>")));
    for (String path : List.of(GetEndpointCases.OPENAPI, GetEndpointCases.METRICS)) {
      for (String host :
          List.of(
              "<script>",
              "a\"b",
              "a{b}",
              "a|b",
              "a`b",
              "a\\b",
              "user@evil.example",
              "evil.example/x",
              "evil.example:99999",
              "\u00e9vil.example")) {
        cases.add(
            Case.of(
                path + ": Host " + GetEndpointCases.shown(host),
                f -> Wire.get(path).withoutHost().header("Host", host),
                container(400).notReflecting(host)));
      }
      // Jetty 12.1.14 (unlike 12.1.8) reads a Host header with a comma as two hosts ("Duplicate
      // Host Header"). Its own error page names the URI, but a comma is no markup; were it let
      // through, pinoauth would not take it as a host either (BaseUrlTest).
      cases.add(
          Case.of(
              path + ": Host a,b",
              f -> Wire.get(path).withoutHost().header("Host", "a,b"),
              container(400)));
    }
    cases.add(
        Case.of(
            "two Host headers",
            f -> Wire.get(GetEndpointCases.METADATA).header("Host", "evil.example"),
            container(400).notReflecting("evil.example")));
    cases.add(
        Case.of(
            "two Content-Length headers",
            f ->
                Wire.post(ClientEndpointCases.TOKEN)
                    .contentType(Wire.FORM)
                    .header("Content-Length", "3")
                    .body("abcd"),
            container(400)));
    cases.add(
        Case.of(
            "Content-Length and Transfer-Encoding",
            f ->
                Wire.post(ClientEndpointCases.TOKEN)
                    .contentType(Wire.FORM)
                    .header("Content-Length", "3")
                    .chunked(Wire.utf8("abc")),
            container(400)));
    cases.add(
        Case.of(
            "Transfer-Encoding: gzip",
            f ->
                Wire.post(ClientEndpointCases.TOKEN)
                    .contentType(Wire.FORM)
                    .header("Transfer-Encoding", "gzip"),
            container(400)));
    cases.add(
        Case.of(
            "negative Content-Length",
            f -> Wire.postForm(ClientEndpointCases.TOKEN, "abc").contentLength(-1),
            container(400)));
    cases.add(
        Case.of(
            "Content-Length past Long.MAX_VALUE",
            f ->
                Wire.post(ClientEndpointCases.TOKEN)
                    .contentType(Wire.FORM)
                    .header("Content-Length", "99999999999999999999999"),
            container(400)));

    // TRACE is refused by the container everywhere the WAR would otherwise see it.
    for (String path :
        List.of(
            ClientEndpointCases.TOKEN,
            ClientEndpointCases.REVOKE,
            ClientEndpointCases.INTROSPECT,
            GetEndpointCases.USER_ACCOUNT,
            AuthorizeCases.PATH,
            GetEndpointCases.METADATA,
            GetEndpointCases.HEALTH,
            GetEndpointCases.METRICS,
            GetEndpointCases.OPENAPI,
            AdminCases.APPS)) {
      cases.add(Case.of("TRACE " + path, f -> Wire.request("TRACE", path), container(403)));
    }

    // Paths the container refuses as ambiguous, or answers 404 for.
    String[] paths = {
      "/admin/apps/%2e%2e/x",
      "/admin/apps/..%2f..%2fhealthz",
      "/admin/apps/a%2fb",
      "/admin/apps/a%0d%0aX-Evil:%201",
      "/admin/apps/a%00",
      "/admin/apps/%1b",
      "/admin/apps/%C3%28",
      "/admin/apps/%FF",
      "/admin/apps/" + SCRIPT,
      "/admin/apps/a%5cb",
      "/admin//apps",
      "/admin/apps//x"
    };
    for (String path : paths) {
      cases.add(
          Case.of(
              "admin path " + GetEndpointCases.shown(path),
              f -> Wire.get(path).authorization(ADMIN),
              container(400).notReflecting(SCRIPT)));
    }
    cases.add(
        Case.of(
            "admin path /admin/apps/.. (/admin/)",
            f -> Wire.get("/admin/apps/..").authorization(ADMIN),
            container(404)));
    cases.add(Case.of("/healthz/ with a slash", f -> Wire.get("/healthz/"), container(404)));
    cases.add(Case.of("/HEALTHZ in upper case", f -> Wire.get("/HEALTHZ"), container(404)));
    return cases;
  }
}
