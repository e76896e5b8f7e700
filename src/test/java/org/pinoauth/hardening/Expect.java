package org.pinoauth.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.pinoauth.testing.Browserless;
import org.pinoauth.testing.RawHttp;

/**
 * What one hostile request must get back. Whatever the kind, no answer is a 5xx, none shows a stack
 * trace or a class name, none carries a raw attacker payload listed with {@link #notReflecting} or
 * a secret or token of the {@link Fixture}, none gains an injected header, and every answer the
 * application wrote (all kinds but {@link #container}) carries one {@code x-pinterest-rid}.
 */
final class Expect {
  /** The redirect URI every test app registers; a redirect may only go there. */
  static final String REGISTERED_REDIRECT = "http://localhost:8085/";

  private static final Jsonb JSONB = JsonbBuilder.create();
  private static final List<String> TRACES =
      List.of(
          "Exception",
          "\tat ",
          "at org.",
          "java.",
          "jakarta.",
          "org.h2",
          "org.postgresql",
          "org.eclipse");
  private static final List<String> INJECTED_HEADERS = List.of("x-injected", "x-evil", "set-evil");

  private enum Kind {
    JSON_ERROR,
    JSON,
    TEXT,
    EMPTY,
    NO_BODY,
    PAGE,
    REDIRECT,
    CONTAINER
  }

  private final Kind kind;
  private final Set<Integer> statuses;
  private final Set<String> errors = new LinkedHashSet<>();
  private final List<String> absent = new ArrayList<>();
  private final List<String> escapedEchoes = new ArrayList<>();
  private final Map<String, String> hidden = new LinkedHashMap<>();
  private final List<Consumer<RawHttp.Response>> checks = new ArrayList<>();
  private Integer code;
  private String mediaType;
  private String field;
  private String allow;
  private String challenge;
  private String redirectParam;
  private String redirectValue;
  private String redirectState;
  private boolean stateExpected;

  private Expect(Kind kind, Integer... statuses) {
    this.kind = kind;
    this.statuses = new LinkedHashSet<>(Arrays.asList(statuses));
  }

  /** A JSON error of CONTRACT §2.5 with this status and one of these {@code error} values. */
  static Expect error(int status, String... errors) {
    Expect expect = new Expect(Kind.JSON_ERROR, status);
    expect.errors.addAll(List.of(errors));
    if (status == 405) {
      expect.allow = "";
    }
    return expect;
  }

  static Expect invalidRequest() {
    return error(400, "invalid_request");
  }

  static Expect invalidClient() {
    return error(401, "invalid_client").challenge("Basic realm=\"pinoauth\"");
  }

  static Expect invalidToken() {
    return error(401, "invalid_token").challenge("Bearer realm=\"pinoauth\"");
  }

  static Expect tooLarge() {
    return error(413, "invalid_request");
  }

  static Expect unsupportedMediaType() {
    return error(415, "invalid_request");
  }

  /** 405 with exactly this {@code Allow}. */
  static Expect methodNotAllowed(String allow) {
    return error(405, "invalid_request").allow(allow);
  }

  /** A successful JSON answer (no {@code error} field) with this status. */
  static Expect json(int status) {
    return new Expect(Kind.JSON, status);
  }

  /**
   * A successful answer that is not JSON ({@code /metrics}, {@code /v5/openapi.yaml}): this status,
   * this media type in UTF-8, {@code Cache-Control: no-store}, and a body.
   */
  static Expect text(int status, String mediaType) {
    Expect expect = new Expect(Kind.TEXT, status);
    expect.mediaType = mediaType;
    return expect;
  }

  /** A successful answer with an empty body (revocation). */
  static Expect empty(int status) {
    return new Expect(Kind.EMPTY, status);
  }

  /** The answer to a HEAD request: a status and headers, no body. */
  static Expect headOnly(int status) {
    return new Expect(Kind.NO_BODY, status);
  }

  /** An HTML page of {@code /oauth/} with the security headers of CONTRACT §5, never a redirect. */
  static Expect page(int status) {
    return new Expect(Kind.PAGE, status);
  }

  /**
   * A 302 to the registered redirect URI only, whose query has {@code param} ({@code error} or
   * {@code code}) once; {@code value} is the error code, or null for "any non-empty value".
   */
  static Expect redirect(String param, String value) {
    Expect expect = new Expect(Kind.REDIRECT, 302);
    expect.redirectParam = param;
    expect.redirectValue = value;
    return expect;
  }

  static Expect redirectError(String error) {
    return redirect("error", error);
  }

  /**
   * Answered by the container rather than the application: only "a 4xx without a trace" is
   * asserted, or one of exactly these statuses when they are given.
   */
  static Expect container(Integer... statuses) {
    return new Expect(Kind.CONTAINER, statuses);
  }

  Expect allow(String value) {
    allow = value;
    return this;
  }

  Expect challenge(String prefix) {
    challenge = prefix;
    return this;
  }

  /** The JSON error carries this Pinterest {@code code} (CONTRACT §2.5). */
  Expect code(int value) {
    code = value;
    return this;
  }

  /** The admin API names the bad field (CONTRACT §6). */
  Expect field(String name) {
    field = name;
    return this;
  }

  /** These exact strings must not appear anywhere in the raw response. */
  Expect notReflecting(String... values) {
    absent.addAll(List.of(values));
    return this;
  }

  /** The page shows {@code value} HTML-escaped, and never raw when escaping changes it. */
  Expect echoesEscaped(String value) {
    escapedEchoes.add(value);
    return this;
  }

  /** The page carries a hidden input {@code name} whose unescaped value is {@code value}. */
  Expect hidden(String name, String value) {
    hidden.put(name, value);
    return this;
  }

  /** The redirect carries {@code state} with exactly this value (null: no state at all). */
  Expect state(String value) {
    stateExpected = true;
    redirectState = value;
    return this;
  }

  /** A further check of the response. */
  Expect check(Consumer<RawHttp.Response> check) {
    checks.add(check);
    return this;
  }

  /** A further check of a JSON object body. */
  Expect body(Consumer<Map<String, Object>> check) {
    return check(response -> check.accept(jsonObject(response)));
  }

  String describe() {
    return kind + " " + statuses + (errors.isEmpty() ? "" : " " + errors);
  }

  void verify(Fixture fixture, Wire request, RawHttp.Response response) {
    String context =
        "\n--- request ---\n" + request.summary() + "\n--- response ---\n" + response + "\n";
    int status = response.status();
    assertTrue(status < 500, "a 5xx for hostile input" + context);
    for (String trace : TRACES) {
      assertFalse(response.raw().contains(trace), "'" + trace + "' in the response" + context);
    }
    for (String value : absent) {
      assertFalse(
          response.raw().contains(value), "the raw payload '" + value + "' came back" + context);
    }
    for (String secret : fixture.secrets()) {
      assertFalse(response.raw().contains(secret), "a secret or token came back" + context);
    }
    for (String name : INJECTED_HEADERS) {
      assertTrue(response.headers(name).isEmpty(), "an injected header " + name + context);
    }
    assertTrue(response.headers("Location").size() <= 1, "more than one Location" + context);
    if (kind == Kind.CONTAINER) {
      if (statuses.isEmpty()) {
        assertTrue(status >= 400 && status < 500, "not a 4xx" + context);
      } else {
        assertTrue(statuses.contains(status), "expected " + statuses + context);
      }
      return;
    }
    assertTrue(statuses.contains(status), "expected " + describe() + context);
    List<String> rids = response.headers("x-pinterest-rid");
    assertEquals(1, rids.size(), "one x-pinterest-rid" + context);
    assertFalse(rids.get(0).isBlank(), "x-pinterest-rid" + context);
    if (allow != null) {
      assertEquals(allow, response.header("Allow").orElse(null), "Allow" + context);
    }
    if (challenge != null) {
      String value = response.header("WWW-Authenticate").orElse("");
      assertTrue(value.startsWith(challenge), "WWW-Authenticate " + challenge + context);
    }
    switch (kind) {
      case JSON_ERROR -> verifyJsonError(response, context);
      case JSON -> verifyJson(response, context);
      case TEXT -> verifyText(response, context);
      case EMPTY -> assertEquals("", response.body(), "an empty body" + context);
      case NO_BODY -> assertEquals("", response.body(), "no body for HEAD" + context);
      case PAGE -> verifyPage(response, context);
      case REDIRECT -> verifyRedirect(response, context);
      default -> fail("unknown kind " + kind);
    }
    for (Consumer<RawHttp.Response> check : checks) {
      try {
        check.accept(response);
      } catch (AssertionError e) {
        throw new AssertionError(e.getMessage() + context, e);
      }
    }
  }

  private void verifyJsonError(RawHttp.Response response, String context) {
    assertTrue(
        response.header("Content-Type").orElse("").startsWith("application/json"),
        "Content-Type" + context);
    assertEquals("no-store", response.header("Cache-Control").orElse(""), "no-store" + context);
    Map<String, Object> json = jsonObject(response, context);
    assertInstanceOf(String.class, json.get("error"), "error" + context);
    assertTrue(errors.contains(json.get("error")), "error in " + errors + context);
    assertInstanceOf(Number.class, json.get("code"), "code" + context);
    assertInstanceOf(String.class, json.get("message"), "message" + context);
    if (response.status() == 401) {
      assertTrue(response.header("WWW-Authenticate").isPresent(), "WWW-Authenticate" + context);
    }
    if (response.status() == 405) {
      assertTrue(response.header("Allow").isPresent(), "Allow" + context);
    }
    if (response.status() == 429) {
      assertTrue(response.header("Retry-After").isPresent(), "Retry-After" + context);
    }
    if (field != null) {
      assertEquals(field, json.get("field"), "the field named" + context);
    }
    if (code != null) {
      assertEquals(code, ((Number) json.get("code")).intValue(), "code" + context);
    }
  }

  private void verifyText(RawHttp.Response response, String context) {
    String contentType = response.header("Content-Type").orElse("").toLowerCase(Locale.ROOT);
    assertEquals(mediaType, contentType.split(";", 2)[0].strip(), "Content-Type" + context);
    assertTrue(contentType.replace(" ", "").contains("charset=utf-8"), "charset" + context);
    assertEquals("no-store", response.header("Cache-Control").orElse(""), "no-store" + context);
    assertFalse(response.body().isEmpty(), "a body" + context);
  }

  private static void verifyJson(RawHttp.Response response, String context) {
    assertTrue(
        response.header("Content-Type").orElse("").startsWith("application/json"),
        "Content-Type" + context);
    Object json = parse(response.body(), context);
    if (json instanceof Map<?, ?> map) {
      assertFalse(map.containsKey("error"), "an error in a success" + context);
    } else {
      assertInstanceOf(List.class, json, "a JSON object or array" + context);
    }
  }

  private void verifyPage(RawHttp.Response response, String context) {
    assertTrue(
        response.header("Content-Type").orElse("").startsWith("text/html"),
        "Content-Type" + context);
    assertEquals("DENY", response.header("X-Frame-Options").orElse(""), "framing" + context);
    assertTrue(
        response.header("Content-Security-Policy").orElse("").contains("frame-ancestors 'none'"),
        "CSP" + context);
    assertEquals("no-store", response.header("Cache-Control").orElse(""), "no-store" + context);
    assertTrue(response.header("Location").isEmpty(), "a page is never a redirect" + context);
    String html = response.body();
    assertTrue(html.startsWith("<!DOCTYPE html>"), "an HTML page" + context);
    // The pages have no script of their own (CSP default-src 'none'): any is an injection.
    String lower = html.toLowerCase(Locale.ROOT);
    assertFalse(lower.contains("<script"), "a script element in a page" + context);
    assertFalse(lower.contains("javascript:"), "a javascript: URL in a page" + context);
    for (String value : escapedEchoes) {
      assertTrue(html.contains(escape(value)), "'" + value + "' shown escaped" + context);
      if (!escape(value).equals(value)) {
        assertFalse(html.contains(value), "'" + value + "' shown raw" + context);
      }
    }
    Map<String, String> inputs = Browserless.hiddenInputs(html);
    hidden.forEach(
        (name, value) -> assertEquals(value, inputs.get(name), "hidden " + name + context));
  }

  private void verifyRedirect(RawHttp.Response response, String context) {
    String location = response.header("Location").orElse("");
    assertTrue(
        location.startsWith(REGISTERED_REDIRECT + "?"),
        "a redirect only to the registered URI" + context);
    for (char c : location.toCharArray()) {
      assertTrue(c > 0x20 && c < 0x7f && "<>\"'`{}|\\^".indexOf(c) < 0, "raw " + c + context);
    }
    Map<String, List<String>> query = new LinkedHashMap<>();
    for (String pair : location.substring(REGISTERED_REDIRECT.length() + 1).split("&")) {
      int equals = pair.indexOf('=');
      String name = equals < 0 ? pair : pair.substring(0, equals);
      String value = equals < 0 ? "" : pair.substring(equals + 1);
      query.computeIfAbsent(decode(name), key -> new ArrayList<>()).add(decode(value));
    }
    query.forEach((name, values) -> assertEquals(1, values.size(), name + " once" + context));
    String other = redirectParam.equals("code") ? "error" : "code";
    assertFalse(query.containsKey(other), other + " in the redirect" + context);
    List<String> values = query.getOrDefault(redirectParam, List.of());
    assertEquals(1, values.size(), redirectParam + " in the redirect" + context);
    if (redirectValue == null) {
      assertFalse(values.get(0).isEmpty(), redirectParam + context);
    } else {
      assertEquals(redirectValue, values.get(0), redirectParam + context);
    }
    if (stateExpected) {
      List<String> state = query.get("state");
      assertEquals(
          redirectState, state == null ? null : state.get(0), "the state sent back" + context);
    }
  }

  static Map<String, Object> jsonObject(RawHttp.Response response) {
    return jsonObject(response, "\n" + response);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> jsonObject(RawHttp.Response response, String context) {
    Object json = parse(response.body(), context);
    assertInstanceOf(Map.class, json, "a JSON object" + context);
    return (Map<String, Object>) json;
  }

  private static Object parse(String body, String context) {
    try {
      Object json = JSONB.fromJson(body, Object.class);
      if (json == null) {
        throw new AssertionError("not JSON" + context);
      }
      return json;
    } catch (JsonbException e) {
      throw new AssertionError("not JSON" + context, e);
    }
  }

  private static String decode(String value) {
    return URLDecoder.decode(value, StandardCharsets.UTF_8);
  }

  /** HTML escaping as the pages must apply it to every reflected value. */
  static String escape(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;")
        .replace("'", "&#39;");
  }
}
