package org.pinoauth.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pinoauth.testing.Http;
import org.pinoauth.testing.RawHttp;
import org.pinoauth.testing.TestApps;
import org.pinoauth.testing.TestApps.TestApp;
import org.pinoauth.testing.TestServer;
import org.pinoauth.testing.TestServerExtension;
import org.pinoauth.testing.TokenEndpoint;

/**
 * Malformed bytes on the wire to the token endpoint, sent raw through Jetty's {@code
 * LocalConnector}: each is refused with a 4xx JSON error (CONTRACT §2.5: {@code server_error} never
 * for bad input), never with a 500 or a stack trace. The token endpoint's hostile cases live here
 * and in {@link ClientEndpointCases} (the table it shares with revocation and introspection, run by
 * {@link HostileInputIT}); these are the ones only the token endpoint has, or that need a check of
 * their own (what the answer echoes, a whole chunked body read).
 */
class TokenHostileInputIT {
  private static final String CLIENT_CREDENTIALS = "grant_type=client_credentials&scope=pins:read";

  @RegisterExtension static final TestServerExtension server = TestServerExtension.start();
  private static TestApp app;

  @BeforeAll
  static void startServer() {
    app = TestApps.app().registerOn(server.get());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "grant_type=client_credentials&scope=pins%3",
        "grant_type=client_credentials&scope=pins%zzread",
        "grant_type=client_credentials&scope=pins:read%",
        "grant_type%=client_credentials&scope=pins:read",
        "grant_type=client%2_credentials&scope=pins:read"
      })
  void postWhenPercentEncodingBrokenThenInvalidRequest(String body) {
    RawHttp.Response response = authenticated().body(body).sendTo(server.get());

    assertRefused(response, 400, "invalid_request");
  }

  @Test
  void postWhenBodyHasInvalidUtf8BytesThenInvalidRequest() {
    byte[] body =
        concat(
            bytes(CLIENT_CREDENTIALS + "&state="),
            new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF, (byte) 0xFE});

    RawHttp.Response response = authenticated().body(body).sendTo(server.get());

    assertRefused(response, 400, "invalid_request");
  }

  @Test
  void postWhenPercentEncodedBytesAreInvalidUtf8ThenInvalidRequest() {
    RawHttp.Response response =
        authenticated().body(CLIENT_CREDENTIALS + "&state=%C3%28%FF").sendTo(server.get());

    assertRefused(response, 400, "invalid_request");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "grant_type=client_credentials%00&scope=pins:read",
        "grant_type=client_credentials&scope=pins:read%00",
        "grant_type=client_credentials&scope=pins:read&x%00=1",
        "grant_type=client_credentials&scope=pins:read%0D%0AX-Injected:%201"
      })
  void postWhenParameterHoldsControlCharactersThenInvalidRequest(String body) {
    RawHttp.Response response = authenticated().body(body).sendTo(server.get());

    assertRefused(response, 400, "invalid_request");
    assertFalse(response.headers().containsKey("x-injected"), response.toString());
  }

  @Test
  void postWhenBodyHasRawNulByteThenInvalidRequest() {
    byte[] body = concat(bytes(CLIENT_CREDENTIALS), new byte[] {0});

    RawHttp.Response response = authenticated().body(body).sendTo(server.get());

    assertRefused(response, 400, "invalid_request");
  }

  @Test
  void postWhenBodyEmptyThenInvalidRequest() {
    RawHttp.Response response = authenticated().body("").sendTo(server.get());

    assertRefused(response, 400, "invalid_request");
  }

  @Test
  void postWhenBodyEmptyWithoutCredentialsThenInvalidClient() {
    RawHttp.Response response = post().body("").sendTo(server.get());

    assertRefused(response, 401, "invalid_client");
  }

  @ParameterizedTest
  @ValueSource(strings = {"=", "&&&", "=client_credentials", "grant_type", "&=&"})
  void postWhenBodyIsOnlySeparatorsOrNamelessThenInvalidRequest(String body) {
    RawHttp.Response response = authenticated().body(body).sendTo(server.get());

    assertRefused(response, 400, "invalid_request");
  }

  @Test
  void postWhenBasicClientIdIsTenKilobytesThenInvalidClient() {
    String header = Http.basicOfPair("7".repeat(10 * 1024) + ":test-secret");

    // Jetty's default 8 KiB header limit would refuse this before pinoauth sees it (see below).
    try (TestServer roomy = TestServer.builder().requestHeaderSize(64 * 1024).start()) {
      RawHttp.Response response =
          post().header("Authorization", header).body(CLIENT_CREDENTIALS).sendTo(roomy);

      assertRefused(response, 401, "invalid_client");
    }
  }

  @Test
  void postWhenBasicHeaderExceedsContainerLimitThenRefusedWithoutTrace() {
    String header = Http.basicOfPair("7".repeat(10 * 1024) + ":test-secret");

    RawHttp.Response response =
        post().header("Authorization", header).body(CLIENT_CREDENTIALS).sendTo(server.get());

    // The container answers (431) while parsing, before any filter of the WAR runs; the WAR cannot
    // shape that answer, so only "a 4xx without a trace" is asserted here.
    assertTrue(response.status() >= 400 && response.status() < 500, response.toString());
    assertNoTrace(response);
  }

  @Test
  void postWhenBodyClientIdIsTenKilobytesThenInvalidClient() {
    String body =
        CLIENT_CREDENTIALS + "&client_id=" + "7".repeat(10 * 1024) + "&client_secret=test-secret";

    RawHttp.Response response = post().body(body).sendTo(server.get());

    assertRefused(response, 401, "invalid_client");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Basic %%%not-base64%%%",
        "Basic dGVzdA=",
        "Basic ====",
        "Basic bm8tY29sb24taGVyZQ==",
        "Basic w6g6w6g=",
        "Basic /w==",
        "Basic",
        "Basic  ",
        "Negotiate abc"
      })
  void postWhenBasicHeaderMalformedThenInvalidClient(String header) {
    RawHttp.Response response =
        post().header("Authorization", header).body(CLIENT_CREDENTIALS).sendTo(server.get());

    assertRefused(response, 401, "invalid_client");
  }

  @Test
  void postWhenBasicDecodesToInvalidUtf8ThenInvalidClient() {
    byte[] pair = concat(new byte[] {(byte) 0xFF, (byte) 0xFE}, bytes(":secret"));
    String header = Http.basicOfPair(pair);

    RawHttp.Response response =
        post().header("Authorization", header).body(CLIENT_CREDENTIALS).sendTo(server.get());

    assertRefused(response, 401, "invalid_client");
  }

  @Test
  void postWhenTwoAuthorizationHeadersThenRefused() {
    String valid = TokenEndpoint.basic(app);

    RawHttp.Response response =
        post()
            .header("Authorization", valid)
            .header("Authorization", valid)
            .body(CLIENT_CREDENTIALS)
            .sendTo(server.get());

    assertRefused(response, Set.of(400, 401), Set.of("invalid_request", "invalid_client"));
  }

  @Test
  void postWhenChunkedBodyOver16KiBThenPayloadTooLarge() {
    byte[] chunk = bytes("pad=" + "a".repeat(8 * 1024));
    byte[] more = bytes("&more=" + "b".repeat(8 * 1024));

    RawHttp.Response response =
        authenticated().chunked(bytes(CLIENT_CREDENTIALS + "&"), chunk, more).sendTo(server.get());

    assertRefused(response, 413, "invalid_request");
  }

  @Test
  void postWhenChunkedBodyHasBrokenEncodingThenInvalidRequest() {
    RawHttp.Response response =
        authenticated()
            .chunked(bytes("grant_type=client_"), bytes("credentials&scope=pins%G1"))
            .sendTo(server.get());

    assertRefused(response, 400, "invalid_request");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "zz\r\ngrant_type=client_credentials\r\n0\r\n\r\n",
        "5\r\ngrant_type=client_credentials\r\n0\r\n\r\n",
        "-1\r\ngrant_type\r\n0\r\n\r\n"
      })
  void postWhenChunkedFramingBrokenThenInvalidRequestWithoutTrace(String framing) {
    RawHttp.Response response = authenticated().chunkedFraming(framing).sendTo(server.get());

    assertRefused(response, 400, "invalid_request");
  }

  @Test
  void postWhenChunkedBodyIsWellFormedThenReadWhole() {
    RawHttp.Response response =
        authenticated()
            .chunked(bytes("grant_type=client_"), bytes("credentials&scope=pins:read"))
            .sendTo(server.get());

    assertEquals(200, response.status(), response.toString());
    assertEquals("pins:read", response.json().get("scope"));
  }

  @Test
  void postWhenScopeIsHugeAndUnknownThenInvalidScopeWithoutEchoingIt() {
    String scope = "x".repeat(12 * 1024);

    RawHttp.Response response =
        authenticated().body("grant_type=client_credentials&scope=" + scope).sendTo(server.get());

    assertRefused(response, 400, "invalid_scope");
    assertFalse(response.body().contains("x".repeat(100)), response.body());
  }

  @Test
  void postWhenRefreshTokenIsHugeThenInvalidGrant() {
    String body = "grant_type=refresh_token&refresh_token=pinr_" + "A".repeat(12 * 1024);

    RawHttp.Response response = authenticated().body(body).sendTo(server.get());

    assertRefused(response, 400, "invalid_grant");
  }

  @Test
  void postWhenCodeAndRedirectUriAreHugeThenInvalidGrant() {
    String body =
        "grant_type=authorization_code&code="
            + "c".repeat(6 * 1024)
            + "&redirect_uri=http://localhost:8085/"
            + "r".repeat(6 * 1024);

    RawHttp.Response response = authenticated().body(body).sendTo(server.get());

    assertRefused(response, 400, "invalid_grant");
  }

  @Test
  void postWhenContentLengthSaysMoreThan16KiBThenPayloadTooLarge() {
    RawHttp.Response response =
        authenticated().contentLength(1_000_000).body(CLIENT_CREDENTIALS).sendTo(server.get());

    assertRefused(response, 413, "invalid_request");
  }

  private static RawHttp post() {
    return RawHttp.postForm(TokenEndpoint.PATH);
  }

  private static RawHttp authenticated() {
    return post().header("Authorization", TokenEndpoint.basic(app));
  }

  private static void assertRefused(RawHttp.Response response, int status, String error) {
    assertRefused(response, Set.of(status), Set.of(error));
  }

  /** A 4xx JSON error of one of these kinds, with no trace of the server's insides. */
  private static void assertRefused(
      RawHttp.Response response, Set<Integer> statuses, Set<String> errors) {
    assertTrue(statuses.contains(response.status()), "status of " + response);
    assertNoTrace(response);
    String contentType = response.header("Content-Type").orElse("");
    assertTrue(contentType.startsWith("application/json"), "Content-Type of " + response);
    assertFalse(response.header("x-pinterest-rid").orElse("").isBlank(), "x-pinterest-rid");
    Map<String, Object> json = response.json();
    assertInstanceOf(String.class, json.get("error"), "error of " + response.body());
    assertTrue(errors.contains(json.get("error")), "error of " + response.body());
    assertInstanceOf(Number.class, json.get("code"), "code of " + response.body());
  }

  private static void assertNoTrace(RawHttp.Response response) {
    for (String leak : List.of("Exception", "at org.", "java.", "jakarta.", "org.h2", "SQL")) {
      assertFalse(response.body().contains(leak), "'" + leak + "' in " + response.body());
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] concat(byte[] first, byte[] second) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(first);
    out.writeBytes(second);
    return out.toByteArray();
  }
}
