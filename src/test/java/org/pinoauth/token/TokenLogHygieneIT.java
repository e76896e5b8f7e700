package org.pinoauth.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pinoauth.testing.TokenAssertions.requestId;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pinoauth.testing.Http;
import org.pinoauth.testing.LogCapture;
import org.pinoauth.testing.RawHttp;
import org.pinoauth.testing.TestApps;
import org.pinoauth.testing.TestApps.TestApp;
import org.pinoauth.testing.TestCodes;
import org.pinoauth.testing.TestPkce;
import org.pinoauth.testing.TestServerExtension;
import org.pinoauth.testing.TokenEndpoint;

/**
 * No answer and no log line holds a secret, token or code (CONTRACT §2.5, STYLE 7), and every
 * request has exactly one access log line keyed by its {@code x-pinterest-rid}.
 */
class TokenLogHygieneIT {
  private static final String ACCESS_LOG = "org.pinoauth.access";
  private static final Duration LOG_WAIT = Duration.ofSeconds(10);
  private static final int SUFFIX = 12;

  @RegisterExtension static final TestServerExtension server = TestServerExtension.start();
  private static TokenEndpoint token;

  @BeforeAll
  static void startServer() {
    token = TokenEndpoint.of(server.get());
  }

  @Test
  void postWhenFlowsSucceedAndFailThenNoLogLineOrErrorBodyHoldsASecretTokenOrCode() {
    Map<String, String> values = new LinkedHashMap<>();
    List<Http.Response> successes = new ArrayList<>();
    List<Http.Response> errors = new ArrayList<>();
    String secret = "hyg-" + TestPkce.verifier();
    String wrongSecret = "wrong-" + TestPkce.verifier();
    values.put("client secret", secret);
    values.put("wrong secret", wrongSecret);

    try (LogCapture logs = LogCapture.start()) {
      TestApp app = TestApps.app().secret(secret).registerOn(server.get());
      TestApp other = TestApps.app().registerOn(server.get());
      String code = TestCodes.code(app).issueOn(server.get());
      values.put("code", code);

      Http.Response exchanged = token.exchange(app, code);
      successes.add(exchanged);
      values.put("first access token", exchanged.string("access_token"));
      values.put("first refresh token", exchanged.string("refresh_token"));
      Http.Response refreshed = token.refresh(app, exchanged.string("refresh_token"));
      successes.add(refreshed);
      values.put("second access token", refreshed.string("access_token"));
      values.put("second refresh token", refreshed.string("refresh_token"));
      Http.Response appToken = token.clientCredentials(app, "pins:read");
      successes.add(appToken);
      values.put("app access token", appToken.string("access_token"));

      errors.add(token.refresh(app, exchanged.string("refresh_token")));
      errors.add(token.exchange(app, code));
      errors.add(token.refresh(app, refreshed.string("refresh_token")));
      errors.add(token.refresh(app, appToken.string("access_token")));
      errors.add(token.refresh(other, refreshed.string("refresh_token")));

      String verifier = TestPkce.verifier();
      String pkceCode =
          TestCodes.code(app).challenge(TestPkce.s256(verifier), "S256").issueOn(server.get());
      String wrongVerifier = TestPkce.verifier();
      values.put("pkce code", pkceCode);
      values.put("verifier", verifier);
      values.put("wrong verifier", wrongVerifier);
      errors.add(token.exchange(app, pkceCode, "code_verifier", wrongVerifier));
      String expired = TestCodes.code(app).issuedAgo(Duration.ofMinutes(11)).issueOn(server.get());
      values.put("expired code", expired);
      errors.add(token.exchange(app, expired));
      String foreign = TestCodes.code(other).issueOn(server.get());
      values.put("code of another app", foreign);
      errors.add(token.exchange(app, foreign));
      String unknown = "unknown-" + TestPkce.verifier();
      values.put("unknown code", unknown);
      errors.add(token.exchange(app, unknown));

      String form = Http.form("grant_type", "client_credentials", "scope", "pins:read");
      errors.add(token.post(Http.basic(app.clientId(), wrongSecret), form));
      errors.add(
          token.post(
              null,
              form + "&" + Http.form("client_id", app.clientId(), "client_secret", wrongSecret)));
      errors.add(
          token.post(
              TokenEndpoint.basic(app),
              form + "&" + Http.form("client_id", app.clientId(), "client_secret", secret)));
      errors.add(token.post(TokenEndpoint.basic(app), form + "&client_secret=" + secret + "%zz"));
      errors.add(
          Http.send(
              HttpRequest.newBuilder(token.uri())
                  .header("Authorization", TokenEndpoint.basic(app))
                  .GET()
                  .build()));

      List<Http.Response> all = new ArrayList<>(successes);
      all.addAll(errors);
      for (Http.Response response : all) {
        String rid = requestId(response);
        List<LogCapture.Entry> lines = logs.await(accessLineOf(rid), 1, LOG_WAIT);
        assertEquals(1, lines.size(), "access log lines for rid " + rid + ": " + lines);
      }

      for (LogCapture.Entry entry : logs.entries()) {
        assertHoldsNone(values, entry.text(), "log line of " + entry.logger());
      }
    }

    for (Http.Response error : errors) {
      assertTrue(error.status() >= 400, "expected an error: " + error);
      assertHoldsNone(values, error.body(), "error body");
    }
    Map<String, String> neverInSuccess = new LinkedHashMap<>(values);
    neverInSuccess.keySet().removeIf(name -> name.contains("token"));
    for (Http.Response success : successes) {
      assertEquals(200, success.status(), success.toString());
      assertHoldsNone(neverInSuccess, success.body(), "success body");
    }
  }

  @Test
  void postThenExactlyOneAccessLogLinePerRequestWithItsRequestId() {
    try (LogCapture logs = LogCapture.start()) {
      TestApp app = TestApps.app().registerOn(server.get());
      String code = TestCodes.code(app).issueOn(server.get());
      List<String> requestIds = new ArrayList<>();

      requestIds.add(requestId(token.exchange(app, code)));
      requestIds.add(requestId(token.exchange(app, code)));
      requestIds.add(requestId(token.clientCredentials(app, "pins:read")));
      requestIds.add(requestId(token.post(null, Http.form("grant_type", "client_credentials"))));
      requestIds.add(
          requestId(
              Http.send(
                  HttpRequest.newBuilder(token.uri())
                      .header("Content-Type", "application/json")
                      .POST(HttpRequest.BodyPublishers.ofString("{}"))
                      .build())));
      requestIds.add(requestId(Http.get(token.uri())));
      RawHttp.Response raw =
          RawHttp.postForm(TokenEndpoint.PATH)
              .header("Authorization", TokenEndpoint.basic(app))
              .body("grant_type=%zz")
              .sendTo(server.get());
      requestIds.add(raw.header("x-pinterest-rid").orElseThrow());

      assertEquals(requestIds.size(), requestIds.stream().distinct().count(), "rids repeat");
      for (String rid : requestIds) {
        List<LogCapture.Entry> lines = logs.await(accessLineOf(rid), 1, LOG_WAIT);
        assertEquals(1, lines.size(), "access log lines with rid " + rid + ": " + lines);
      }
      for (String rid : requestIds) {
        long lines = logs.entries().stream().filter(accessLineOf(rid)).count();
        assertEquals(1, lines, "access log lines with rid " + rid + " after all requests");
      }
    }
  }

  private static Predicate<LogCapture.Entry> accessLineOf(String rid) {
    return entry -> entry.logger().equals(ACCESS_LOG) && entry.text().contains(rid);
  }

  /** Fails when {@code text} holds any of the values, or the last 12 characters of one. */
  private static void assertHoldsNone(Map<String, String> values, String text, String where) {
    values.forEach(
        (name, value) -> {
          String suffix = value.substring(value.length() - SUFFIX);
          assertFalse(text.contains(value), where + " holds the " + name + ": " + text);
          assertFalse(text.contains(suffix), where + " holds the end of the " + name + ": " + text);
        });
  }
}
