package org.pinoauth.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.pinoauth.hardening.Expect.invalidClient;
import static org.pinoauth.hardening.Expect.invalidRequest;
import static org.pinoauth.hardening.Expect.methodNotAllowed;
import static org.pinoauth.hardening.Expect.tooLarge;
import static org.pinoauth.hardening.Expect.unsupportedMediaType;
import static org.pinoauth.hardening.Fixture.SCRIPT;
import static org.pinoauth.hardening.Wire.concat;
import static org.pinoauth.hardening.Wire.utf8;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.pinoauth.testing.Http;
import org.pinoauth.testing.TestCodes;

/**
 * The hostile tables of the three client-authenticated form endpoints (CONTRACT §2–§4): one part
 * they share, because one filter chain guards all three (method → media type → size → strict form
 * parsing → client authentication), and one part per endpoint for its own parameters.
 */
final class ClientEndpointCases {
  static final String TOKEN = "/v5/oauth/token";
  static final String REVOKE = "/v5/oauth/token/revoke";
  static final String INTROSPECT = "/v5/oauth/introspect";

  private static final int LIMIT = 16 * 1024;
  private static final String CC = "grant_type=client_credentials&scope=pins:read";
  private static final String UNKNOWN_TOKEN = "token=pina_unknownTokenValue0123456789";

  private ClientEndpointCases() {}

  /**
   * One form endpoint: its path, a valid body, the parameter it requires, and what the valid body
   * gets.
   */
  private record Endpoint(
      String path, String valid, String required, Supplier<Expect> validAnswer) {
    Function<Fixture, Wire> authed(String body) {
      return f -> Wire.postForm(path, body).authorization(f.basic());
    }

    Function<Fixture, Wire> authedBytes(byte[] body) {
      return f -> Wire.post(path).contentType(Wire.FORM).body(body).authorization(f.basic());
    }

    Function<Fixture, Wire> withType(String contentType, String body) {
      return f -> Wire.post(path).contentType(contentType).body(body).authorization(f.basic());
    }

    Function<Fixture, Wire> method(String method) {
      return f -> Wire.request(method, path).authorization(f.basic());
    }

    Function<Fixture, Wire> basic(String authorization) {
      return f -> Wire.postForm(path, valid).authorization(authorization);
    }

    Function<Fixture, Wire> anonymous(String body) {
      return f -> Wire.postForm(path, body);
    }
  }

  private static final Endpoint TOKEN_ENDPOINT =
      new Endpoint(
          TOKEN,
          CC,
          "grant_type",
          () -> Expect.json(200).body(json -> assertEquals("pins:read", json.get("scope"))));
  private static final Endpoint REVOKE_ENDPOINT =
      new Endpoint(REVOKE, UNKNOWN_TOKEN, "token", () -> Expect.empty(200));
  private static final Endpoint INTROSPECT_ENDPOINT =
      new Endpoint(
          INTROSPECT,
          UNKNOWN_TOKEN,
          "token",
          () -> Expect.json(200).body(json -> assertEquals(Map.of("active", false), json)));

  // --- The shared part --------------------------------------------------------------------------

  private static List<Case> common(Endpoint e) {
    List<Case> cases = new ArrayList<>();
    String valid = e.valid();
    String required = e.required();

    // Percent-encoding that is not percent-encoding.
    cases.add(Case.of("value ending in a lone %", e.authed(valid + "&state=%"), invalidRequest()));
    cases.add(Case.of("escape cut short: %4", e.authed(valid + "&state=%4"), invalidRequest()));
    cases.add(
        Case.of("escape of non-hex digits: %zz", e.authed(valid + "&state=%zz"), invalidRequest()));
    cases.add(Case.of("double percent: %%", e.authed(valid + "&state=%%"), invalidRequest()));
    cases.add(Case.of("half-hex escape: %4g", e.authed(valid + "&state=%4g"), invalidRequest()));
    cases.add(
        Case.of("broken escape in a name", e.authed(valid + "&sta%zzte=1"), invalidRequest()));
    cases.add(
        Case.of(
            "broken escape in the required " + required,
            e.authed(required + "=ab%&" + valid),
            invalidRequest()));

    // Percent-escapes that decode to bytes which are not UTF-8.
    String[][] badUtf8 = {
      {"%C3%28", "invalid 2-byte sequence"},
      {"%FF", "byte FF"},
      {"%ED%A0%80", "UTF-16 surrogate D800"},
      {"%C0%AF", "overlong 2-byte '/'"},
      {"%E0%80%AF", "overlong 3-byte '/'"},
      {"%F4%90%80%80", "code point above U+10FFFF"},
      {"%E2%82", "truncated 3-byte sequence"},
      {"%80", "lone continuation byte"},
      {"%F8%88%80%80%80", "5-byte sequence"}
    };
    for (String[] bad : badUtf8) {
      cases.add(
          Case.of(
              "percent-encoded " + bad[1] + " " + bad[0],
              e.authed(valid + "&state=" + bad[0]),
              invalidRequest()));
    }

    // Raw bytes that are not UTF-8.
    byte[] validBytes = utf8(valid + "&state=");
    cases.add(
        Case.of(
            "raw bytes C3 28 in a value",
            e.authedBytes(concat(validBytes, new byte[] {(byte) 0xC3, 0x28})),
            invalidRequest()));
    cases.add(
        Case.of(
            "raw byte FF in a value",
            e.authedBytes(concat(validBytes, new byte[] {(byte) 0xFF})),
            invalidRequest()));
    cases.add(
        Case.of(
            "raw surrogate bytes ED A0 80",
            e.authedBytes(concat(validBytes, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80})),
            invalidRequest()));
    cases.add(
        Case.of(
            "raw overlong bytes C0 AF",
            e.authedBytes(concat(validBytes, new byte[] {(byte) 0xC0, (byte) 0xAF})),
            invalidRequest()));
    cases.add(
        Case.of(
            "raw byte FE in a parameter name",
            e.authedBytes(concat(utf8(valid + "&st"), new byte[] {(byte) 0xFE}, utf8("te=1"))),
            invalidRequest()));
    cases.add(
        Case.of(
            "Latin-1 é under charset=ISO-8859-1 (the body is read as UTF-8)",
            f ->
                Wire.post(e.path())
                    .contentType(Wire.FORM + "; charset=ISO-8859-1")
                    .body(concat(validBytes, new byte[] {(byte) 0xE9}))
                    .authorization(f.basic()),
            invalidRequest()));
    cases.add(
        Case.of(
            "a UTF-16 body under charset=UTF-16",
            f ->
                Wire.post(e.path())
                    .contentType(Wire.FORM + "; charset=UTF-16")
                    .body(valid.getBytes(StandardCharsets.UTF_16BE))
                    .authorization(f.basic()),
            invalidRequest()));

    // NUL and other control characters.
    cases.add(
        Case.of(
            "raw NUL byte in a value",
            e.authedBytes(concat(validBytes, new byte[] {'a', 0, 'b'})),
            invalidRequest()));
    cases.add(
        Case.of("a body that is one NUL byte", e.authedBytes(new byte[] {0}), invalidRequest()));
    cases.add(Case.of("%00 in a value", e.authed(valid + "&state=a%00b"), invalidRequest()));
    cases.add(Case.of("%00 in a name", e.authed(valid + "&sta%00te=1"), invalidRequest()));
    cases.add(
        Case.of(
            "%0D%0A header injection in a value",
            e.authed(valid + "&state=x%0D%0AX-Injected:%201"),
            invalidRequest().notReflecting("X-Injected")));
    cases.add(
        Case.of(
            "%1B escape character",
            e.authed(valid + "&state=%1B[31m"), invalidRequest().notReflecting("[31m")));
    cases.add(
        Case.of("C1 control NEL %C2%85", e.authed(valid + "&state=a%C2%85b"), invalidRequest()));
    cases.add(Case.of("DEL %7F", e.authed(valid + "&state=%7F"), invalidRequest()));
    cases.add(Case.of("%09 tab", e.authed(valid + "&state=a%09b"), invalidRequest()));
    cases.add(
        Case.of(
            "raw CR LF bytes in the body",
            e.authedBytes(concat(validBytes, utf8("a\r\nX-Injected: 1"))),
            invalidRequest().notReflecting("X-Injected")));

    // Sizes.
    cases.add(
        Case.of(
            "100 KB value",
            e.authed(valid + "&state=" + "a".repeat(100 * 1024)),
            tooLarge().notReflecting("a".repeat(100))));
    cases.add(
        Case.of(
            "100 KB value, chunked",
            f ->
                Wire.post(e.path())
                    .contentType(Wire.FORM)
                    .chunked(
                        utf8(valid + "&state="),
                        utf8("a".repeat(50 * 1024)),
                        utf8("b".repeat(50 * 1024)))
                    .authorization(f.basic()),
            tooLarge()));
    cases.add(
        Case.of(
            "Content-Length of 100 KB over a short body",
            f -> Wire.postForm(e.path(), valid).contentLength(100 * 1024).authorization(f.basic()),
            tooLarge()));
    cases.add(
        Case.of(
            "16 KiB + 1 byte",
            e.authed(padded(valid, LIMIT + 1)),
            tooLarge().notReflecting("p".repeat(100))));
    cases.add(
        Case.of(
            "exactly 16 KiB is within the limit",
            e.authed(padded(valid, LIMIT)),
            e.validAnswer().get()));

    // Empty and nameless parameters.
    cases.add(Case.of("empty body", e.authed(""), invalidRequest()));
    cases.add(Case.of("a body of only '&'", e.authed("&"), invalidRequest()));
    cases.add(Case.of("a body of only '='", e.authed("="), invalidRequest()));
    cases.add(Case.of("nameless parameter =x", e.authed("=x"), invalidRequest()));
    cases.add(
        Case.of("nameless parameter after valid ones", e.authed(valid + "&=x"), invalidRequest()));
    cases.add(
        Case.of(
            "empty " + required + "=", e.authed(replace(valid, required, "")), invalidRequest()));
    cases.add(Case.of(required + " without '='", e.authed(required), invalidRequest()));
    cases.add(
        Case.of(
            required + " in upper case is another parameter",
            e.authed(valid.replace(required + "=", required.toUpperCase() + "=")),
            invalidRequest()));
    cases.add(
        Case.of(
            "empty pairs around a valid body are skipped",
            e.authed("&&&" + valid + "&&&"),
            e.validAnswer().get()));

    // Repeated parameters.
    cases.add(
        Case.of(required + " twice, same value", e.authed(valid + "&" + valid), invalidRequest()));
    cases.add(
        Case.of(
            required + " twice, different values",
            e.authed(valid + "&" + required + "=other"),
            invalidRequest()));
    cases.add(
        Case.of(
            "client_id twice in the body",
            f ->
                Wire.postForm(
                    e.path(),
                    valid
                        + "&client_id="
                        + f.app().clientId()
                        + "&client_id="
                        + f.app().clientId()
                        + "&client_secret="
                        + f.app().secret()),
            invalidRequest()));

    // Parameters are read from the body only.
    cases.add(
        Case.of(
            "valid parameters in the query string, empty body",
            f -> Wire.postForm(e.path() + "?" + valid, "").authorization(f.basic()),
            invalidRequest()));

    // Media types.
    cases.add(
        Case.of(
            "application/json",
            e.withType("application/json", "{\"" + required + "\":\"x\"}"),
            unsupportedMediaType()));
    cases.add(Case.of("text/plain", e.withType("text/plain", valid), unsupportedMediaType()));
    cases.add(
        Case.of(
            "multipart/form-data",
            e.withType(
                "multipart/form-data; boundary=XX",
                "--XX\r\nContent-Disposition: form-data; name=\""
                    + required
                    + "\"\r\n\r\nx\r\n--XX--\r\n"),
            unsupportedMediaType()));
    cases.add(
        Case.of(
            "no Content-Type",
            f -> Wire.post(e.path()).body(valid).authorization(f.basic()),
            unsupportedMediaType()));
    cases.add(Case.of("Content-Type ';;;'", e.withType(";;;", valid), unsupportedMediaType()));
    cases.add(Case.of("empty Content-Type", e.withType("", valid), unsupportedMediaType()));
    cases.add(
        Case.of(
            "form media type with a suffix",
            e.withType("application/x-www-form-urlencodedX", valid),
            unsupportedMediaType()));
    cases.add(
        Case.of(
            "form and text/plain listed together",
            e.withType("application/x-www-form-urlencoded, text/plain", valid),
            unsupportedMediaType()));
    cases.add(
        Case.of("application/xml", e.withType("application/xml", "<a/>"), unsupportedMediaType()));
    cases.add(
        Case.of(
            "unknown charset (any charset is accepted, UTF-8 assumed)",
            e.withType(Wire.FORM + "; charset=x-klingon", valid),
            e.validAnswer().get()));
    cases.add(
        Case.of(
            "form media type in upper case",
            e.withType("APPLICATION/X-WWW-FORM-URLENCODED", valid),
            e.validAnswer().get()));
    cases.add(
        Case.of(
            "garbage parameters after the form media type",
            e.withType(Wire.FORM + ";;;charset", valid),
            e.validAnswer().get()));

    // Methods.
    for (String method : List.of("GET", "PUT", "DELETE", "PATCH", "OPTIONS", "PROPFIND")) {
      cases.add(Case.of(method, e.method(method), methodNotAllowed("POST")));
    }
    cases.add(
        Case.of(
            "GET with valid parameters in the query",
            f -> Wire.get(e.path() + "?" + valid).authorization(f.basic()),
            methodNotAllowed("POST")));
    cases.add(
        Case.of(
            "PUT with a valid form body",
            f ->
                Wire.request("PUT", e.path())
                    .contentType(Wire.FORM)
                    .body(valid)
                    .authorization(f.basic()),
            methodNotAllowed("POST")));
    cases.add(Case.of("HEAD", e.method("HEAD"), Expect.headOnly(405).allow("POST")));

    // Client authentication (CONTRACT §2.1).
    cases.add(Case.of("Basic with bad base64", e.basic("Basic !!!not-base64!!!"), invalidClient()));
    cases.add(
        Case.of(
            "Basic without a colon", e.basic(Http.basicOfPair("no-colon-here")), invalidClient()));
    cases.add(
        Case.of(
            "Basic with an empty client id",
            e.basic(Http.basicOfPair(":secret")),
            invalidClient()));
    cases.add(Case.of("Basic with nothing after it", e.basic("Basic"), invalidClient()));
    cases.add(Case.of("Basic and two spaces, nothing else", e.basic("Basic  "), invalidClient()));
    cases.add(
        Case.of(
            "Basic, two spaces, valid credentials (1*SP is allowed)",
            f ->
                Wire.postForm(e.path(), valid)
                    .authorization(f.basic().replace("Basic ", "Basic  ")),
            e.validAnswer().get()));
    cases.add(
        Case.of(
            "scheme in lower case: basic",
            f ->
                Wire.postForm(e.path(), valid).authorization(f.basic().replace("Basic ", "basic ")),
            e.validAnswer().get()));
    cases.add(
        Case.of(
            "Digest scheme",
            e.basic("Digest username=\"x\", realm=\"pinoauth\""),
            invalidClient()));
    cases.add(
        Case.of(
            "Bearer token on a client endpoint",
            f -> Wire.postForm(e.path(), valid).authorization("Bearer " + f.access()),
            invalidClient()));
    cases.add(
        Case.of(
            "two valid Authorization headers",
            f -> Wire.postForm(e.path(), valid).authorization(f.basic()).authorization(f.basic()),
            invalidClient()));
    cases.add(
        Case.of(
            "valid Basic and a Bearer header",
            f ->
                Wire.postForm(e.path(), valid)
                    .authorization(f.basic())
                    .authorization("Bearer " + f.access()),
            invalidClient()));
    cases.add(
        Case.of(
            "Basic and client_secret in the body",
            f ->
                Wire.postForm(e.path(), valid + "&client_secret=" + f.app().secret())
                    .authorization(f.basic()),
            invalidClient()));
    cases.add(
        Case.of(
            "Basic and a client_id of another app in the body",
            f ->
                Wire.postForm(e.path(), valid + "&client_id=" + f.other().clientId())
                    .authorization(f.basic()),
            invalidClient()));
    cases.add(
        Case.of(
            "Basic decoding to invalid UTF-8",
            e.basic(Http.basicOfPair(new byte[] {(byte) 0xC3, 0x28, ':', 's'})),
            invalidClient()));
    cases.add(
        Case.of(
            "Basic id with broken escape %zz",
            e.basic(Http.basicOfPair("%zzId:secret")), invalidClient().notReflecting("%zzId")));
    cases.add(
        Case.of(
            "Basic id with %00",
            e.basic(Http.basicOfPair("a%00b:secret")),
            invalidClient().notReflecting("a%00b", "a\u0000b")));
    cases.add(
        Case.of(
            "Basic id of no app",
            e.basic(Http.basic("9999999999", "guessed-secret")),
            invalidClient().notReflecting("9999999999", "guessed-secret")));
    cases.add(
        Case.of(
            "Basic of the app with a wrong secret",
            f ->
                Wire.postForm(e.path(), valid)
                    .authorization(Http.basic(f.app().clientId(), "wrong-secret-guess")),
            invalidClient().notReflecting("wrong-secret-guess")));
    cases.add(
        Case.of(
            "Basic with a space inside the base64", e.basic("Basic dGVz dDp4"), invalidClient()));
    cases.add(
        Case.of(
            "Basic in the URL-safe alphabet",
            e.basic("Basic ab-_cd"),
            invalidClient().notReflecting("ab-_cd")));
    cases.add(
        Case.of(
            "Basic with text after the base64",
            f -> Wire.postForm(e.path(), valid).authorization(f.basic() + " extra"),
            invalidClient()));
    cases.add(
        Case.of(
            "Basic id that is a script",
            e.basic(Http.basicOfPair(SCRIPT + ":x")),
            invalidClient().notReflecting(SCRIPT)));
    cases.add(
        Case.of(
                "Basic with a 10 KB client id",
                e.basic(Http.basicOfPair("7".repeat(10 * 1024) + ":test-secret")),
                invalidClient().notReflecting("7".repeat(100)))
            .onRoomyServer());
    cases.add(
        Case.of(
            "the right secret of a locked-out app",
            f ->
                Wire.postForm(e.path(), valid)
                    .authorization(Http.basic(f.lockedOut().clientId(), f.lockedOut().secret())),
            Expect.error(429, "slow_down")));
    cases.add(Case.of("no credentials at all", e.anonymous(valid), invalidClient()));
    cases.add(
        Case.of(
            "client_id in the body without client_secret",
            f -> Wire.postForm(e.path(), valid + "&client_id=" + f.app().clientId()),
            invalidClient()));
    cases.add(
        Case.of(
            "client_secret in the body without client_id",
            f -> Wire.postForm(e.path(), valid + "&client_secret=" + f.app().secret()),
            invalidClient()));
    cases.add(
        Case.of(
            "empty client_id in the body",
            e.anonymous(valid + "&client_id=&client_secret=x"),
            invalidClient()));
    cases.add(
        Case.of(
            "10 KB client_id in the body",
            e.anonymous(valid + "&client_id=" + "8".repeat(10 * 1024) + "&client_secret=x"),
            invalidClient().notReflecting("8".repeat(100))));
    return cases;
  }

  /** {@code body} padded with an ignored parameter to exactly {@code length} bytes. */
  static String padded(String body, int length) {
    String prefix = body + "&pad=";
    return prefix + "p".repeat(length - prefix.length());
  }

  /** {@code body} with the value of {@code name} replaced. */
  private static String replace(String body, String name, String value) {
    List<String> pairs = new ArrayList<>();
    for (String pair : body.split("&")) {
      pairs.add(pair.startsWith(name + "=") ? name + "=" + value : pair);
    }
    return String.join("&", pairs);
  }

  // --- POST /v5/oauth/token ---------------------------------------------------------------------

  static List<Case> token() {
    Endpoint e = TOKEN_ENDPOINT;
    List<Case> cases = common(e);
    String code = "grant_type=authorization_code&redirect_uri=http://localhost:8085/&code=";
    String refresh = "grant_type=refresh_token&refresh_token=";

    // grant_type.
    cases.add(Case.of("grant_type=password", e.authed("grant_type=password"), unsupportedGrant()));
    cases.add(
        Case.of(
            "grant_type in upper case",
            e.authed("grant_type=CLIENT_CREDENTIALS&scope=pins:read"),
            unsupportedGrant()));
    cases.add(
        Case.of(
            "15 KB grant_type, within the limit",
            e.authed("grant_type=" + "g".repeat(15 * 1024)),
            unsupportedGrant().notReflecting("g".repeat(100))));
    cases.add(Case.of("grant_type of one space", e.authed("grant_type=+"), unsupportedGrant()));
    cases.add(
        Case.of(
            "grant_type with U+2028 line separator",
            e.authed("grant_type=client_credentials%E2%80%A8&scope=pins:read"),
            unsupportedGrant()));
    cases.add(
        Case.of(
            "grant_type that is a script",
            e.authed("grant_type=" + Http.encode(SCRIPT)),
            unsupportedGrant().notReflecting(SCRIPT)));

    // Absurd scope lists.
    cases.add(
        Case.of(
            "client_credentials without scope",
            e.authed("grant_type=client_credentials"),
            invalidRequest()));
    cases.add(
        Case.of("scope=", e.authed("grant_type=client_credentials&scope="), invalidRequest()));
    cases.add(Case.of("scope of only commas", e.authed(scope(",,,,,,")), invalidScope()));
    cases.add(Case.of("scope of only spaces", e.authed(scope("+++++")), invalidScope()));
    cases.add(Case.of("scope of commas and spaces", e.authed(scope(",+,%20,+")), invalidScope()));
    cases.add(
        Case.of(
            "10 000 scopes (over the body limit)",
            e.authed(
                scope(
                    IntStream.range(0, 10_000)
                        .mapToObj(i -> "s")
                        .collect(Collectors.joining(",")))),
            tooLarge()));
    cases.add(
        Case.of(
            "pins:read 1 500 times (folded, within the limit)",
            e.authed(scope(String.join(",", Collections.nCopies(1_500, "pins:read")))),
            e.validAnswer().get()));
    cases.add(
        Case.of(
            "2 000 distinct unknown scopes",
            e.authed(
                scope(
                    IntStream.range(0, 2_000)
                        .mapToObj(i -> "u" + i)
                        .collect(Collectors.joining("+")))),
            invalidScope().notReflecting("u1999")));
    cases.add(
        Case.of(
            "a scope of 5 000 characters",
            e.authed(scope("z".repeat(5_000))),
            invalidScope().notReflecting("z".repeat(100))));
    cases.add(
        Case.of("unicode scope pins:réad", e.authed(scope("pins:r%C3%A9ad")), invalidScope()));
    cases.add(
        Case.of("fullwidth colon pins：read", e.authed(scope("pins%EF%BC%9Aread")), invalidScope()));
    cases.add(Case.of("emoji scope", e.authed(scope("%F0%9F%93%8C:read")), invalidScope()));
    cases.add(
        Case.of(
            "right-to-left override in a scope",
            e.authed(scope("pins%E2%80%AE:read")),
            invalidScope()));
    cases.add(
        Case.of(
            "scope that is a script",
            e.authed(scope(Http.encode(SCRIPT))),
            invalidScope().notReflecting(SCRIPT)));
    cases.add(
        Case.of(
            "scope with quote and backslash", e.authed(scope("pins%22%5C:read")), invalidScope()));
    cases.add(Case.of("scope in upper case", e.authed(scope("PINS:READ")), invalidScope()));
    cases.add(Case.of("scope twice", e.authed(CC + "&scope=pins:read"), invalidRequest()));
    cases.add(
        Case.of(
            "%0D%0A in scope",
            e.authed(scope("pins:read%0D%0AX-Injected:%201")),
            invalidRequest().notReflecting("X-Injected")));

    // Very long and odd codes.
    cases.add(
        Case.of(
            "10 KB code",
            e.authed(code + "c".repeat(10 * 1024)),
            Expect.error(400, "invalid_grant").notReflecting("c".repeat(100))));
    cases.add(
        Case.of(
            "authorization_code without code",
            e.authed("grant_type=authorization_code&redirect_uri=http://localhost:8085/"),
            invalidRequest()));
    cases.add(Case.of("empty code", e.authed(code), invalidRequest()));
    cases.add(
        Case.of(
            "authorization_code without redirect_uri",
            e.authed("grant_type=authorization_code&code=abc"),
            invalidRequest()));
    cases.add(
        Case.of(
            "code of SQL quotes",
            e.authed(code + Http.encode("' OR '1'='1")),
            Expect.error(400, "invalid_grant").notReflecting("' OR '1'='1")));
    cases.add(
        Case.of(
            "code of path traversal",
            e.authed(code + Http.encode("../../../etc/passwd")),
            Expect.error(400, "invalid_grant").notReflecting("etc/passwd")));
    cases.add(
        Case.of(
            "real code with redirect_uri javascript:alert(1)",
            f ->
                Wire.postForm(
                        TOKEN,
                        "grant_type=authorization_code&redirect_uri=javascript:alert(1)&code="
                            + TestCodes.code(f.app()).issueOn(f.server()))
                    .authorization(f.basic()),
            Expect.error(400, "invalid_grant").notReflecting("javascript:")));
    cases.add(
        Case.of(
            "real code with a 10 KB code_verifier",
            f ->
                Wire.postForm(
                        TOKEN,
                        code
                            + TestCodes.code(f.app()).issueOn(f.server())
                            + "&code_verifier="
                            + "v".repeat(10 * 1024))
                    .authorization(f.basic()),
            Expect.error(400, "invalid_grant").notReflecting("v".repeat(100))));
    cases.add(
        Case.of(
            "code_verifier that is a script",
            e.authed(code + "abc&code_verifier=" + Http.encode(SCRIPT)),
            Expect.error(400, "invalid_grant").notReflecting(SCRIPT)));
    cases.add(
        Case.of(
            "continuous_refresh=maybe",
            e.authed(code + "abc&continuous_refresh=maybe"),
            invalidRequest().notReflecting("maybe")));

    // Very long and odd refresh tokens.
    cases.add(
        Case.of(
            "10 KB refresh_token",
            e.authed(refresh + "pinr_" + "R".repeat(10 * 1024)),
            Expect.error(400, "invalid_grant").notReflecting("R".repeat(100))));
    cases.add(
        Case.of(
            "refresh_token of SQL quotes",
            e.authed(refresh + Http.encode("pinr_'\";--")),
            Expect.error(400, "invalid_grant").notReflecting("pinr_'")));
    cases.add(
        Case.of("refresh_on=yes", e.authed(refresh + "pinr_x&refresh_on=yes"), invalidRequest()));
    cases.add(Case.of("empty refresh_token", e.authed(refresh), invalidRequest()));
    cases.add(
        Case.of(
            "refresh_token twice",
            e.authed(refresh + "pinr_first&refresh_token=pinr_second"),
            invalidRequest().notReflecting("pinr_first", "pinr_second")));
    cases.add(
        Case.of(
            "an access token as refresh_token",
            f -> Wire.postForm(TOKEN, refresh + f.access()).authorization(f.basic()),
            Expect.error(400, "invalid_grant")));
    cases.add(
        Case.of(
            "another app's refresh token",
            f -> Wire.postForm(TOKEN, refresh + f.otherRefresh()).authorization(f.basic()),
            Expect.error(400, "invalid_grant")));
    cases.add(
        Case.of(
            "exactly 16 KiB with a bogus refresh token is not 413",
            e.authed(padded(refresh + "pinr_bogus", LIMIT)),
            Expect.error(400, "invalid_grant").notReflecting("pinr_bogus")));
    return cases;
  }

  private static String scope(String list) {
    return "grant_type=client_credentials&scope=" + list;
  }

  private static Expect unsupportedGrant() {
    return Expect.error(400, "unsupported_grant_type");
  }

  private static Expect invalidScope() {
    return Expect.error(400, "invalid_scope");
  }

  // --- POST /v5/oauth/token/revoke --------------------------------------------------------------

  static List<Case> revoke() {
    Endpoint e = REVOKE_ENDPOINT;
    List<Case> cases = common(e);
    cases.add(
        Case.of(
            "10 KB token (unknown: 200)",
            e.authed("token=" + "t".repeat(10 * 1024)),
            Expect.empty(200)));
    cases.add(
        Case.of(
            "15 KB token, within the limit",
            e.authed("token=" + "t".repeat(15 * 1024)),
            Expect.empty(200)));
    cases.add(
        Case.of(
            "token of SQL quotes",
            e.authed("token=" + Http.encode("' OR 1=1 --")),
            Expect.empty(200)));
    cases.add(
        Case.of(
            "unicode token",
            e.authed("token=pina_%C3%A9%E2%82%AC%F0%9F%93%8C"),
            Expect.empty(200)));
    cases.add(Case.of("token of one space", e.authed("token=+"), Expect.empty(200)));
    cases.add(
        Case.of(
            "token that is a script", e.authed("token=" + Http.encode(SCRIPT)), Expect.empty(200)));
    cases.add(
        Case.of(
            "unknown token_type_hint",
            e.authed(UNKNOWN_TOKEN + "&token_type_hint=id_token"),
            Expect.empty(200)));
    cases.add(
        Case.of(
            "empty token_type_hint",
            e.authed(UNKNOWN_TOKEN + "&token_type_hint="),
            Expect.empty(200)));
    cases.add(
        Case.of(
            "10 KB token_type_hint",
            e.authed(UNKNOWN_TOKEN + "&token_type_hint=" + "h".repeat(10 * 1024)),
            Expect.empty(200)));
    cases.add(
        Case.of(
            "token_type_hint twice",
            e.authed(UNKNOWN_TOKEN + "&token_type_hint=access_token&token_type_hint=refresh_token"),
            invalidRequest()));
    cases.add(
        Case.of(
            "only a token_type_hint", e.authed("token_type_hint=access_token"), invalidRequest()));
    cases.add(
        Case.of(
            "another app's access token",
            f -> Wire.postForm(REVOKE, "token=" + f.otherAccess()).authorization(f.basic()),
            Expect.error(403, "access_denied")));
    cases.add(
        Case.of(
            "another app's refresh token with its hint",
            f ->
                Wire.postForm(
                        REVOKE, "token=" + f.otherRefresh() + "&token_type_hint=refresh_token")
                    .authorization(f.basic()),
            Expect.error(403, "access_denied")));
    return cases;
  }

  // --- POST /v5/oauth/introspect ----------------------------------------------------------------

  static List<Case> introspect() {
    Endpoint e = INTROSPECT_ENDPOINT;
    List<Case> cases = common(e);
    cases.add(
        Case.of("10 KB token (inactive)", e.authed("token=" + "t".repeat(10 * 1024)), inactive()));
    cases.add(
        Case.of(
            "15 KB token, within the limit",
            e.authed("token=" + "t".repeat(15 * 1024)),
            inactive()));
    cases.add(
        Case.of(
            "token of SQL quotes", e.authed("token=" + Http.encode("' OR 1=1 --")), inactive()));
    cases.add(Case.of("token with a LIKE wildcard", e.authed("token=pina_%25"), inactive()));
    cases.add(
        Case.of("unicode token", e.authed("token=pina_%C3%A9%E2%82%AC%F0%9F%93%8C"), inactive()));
    cases.add(Case.of("token of one space", e.authed("token=+"), inactive()));
    cases.add(
        Case.of(
            "token that is a script",
            e.authed("token=" + Http.encode(SCRIPT)),
            inactive().notReflecting(SCRIPT)));
    cases.add(
        Case.of(
            "unknown token_type_hint",
            e.authed(UNKNOWN_TOKEN + "&token_type_hint=id_token"),
            inactive()));
    cases.add(
        Case.of(
            "token_type_hint twice",
            e.authed(UNKNOWN_TOKEN + "&token_type_hint=access_token&token_type_hint=access_token"),
            invalidRequest()));
    cases.add(
        Case.of(
            "only a token_type_hint", e.authed("token_type_hint=access_token"), invalidRequest()));
    cases.add(
        Case.of(
            "a live token with a character appended",
            f -> Wire.postForm(INTROSPECT, "token=" + f.access() + "x").authorization(f.basic()),
            inactive()));
    cases.add(
        Case.of(
            "a live token in upper case",
            f ->
                Wire.postForm(INTROSPECT, "token=" + f.access().toUpperCase())
                    .authorization(f.basic()),
            inactive()));
    cases.add(
        Case.of(
            "a live token with its secret-looking suffix cut",
            f ->
                Wire.postForm(INTROSPECT, "token=" + f.access().substring(0, 10))
                    .authorization(f.basic()),
            inactive()));
    return cases;
  }

  private static Expect inactive() {
    return Expect.json(200)
        .body(
            json -> {
              assertEquals(Map.of("active", false), json);
              assertFalse(json.containsKey("error"));
            });
  }
}
