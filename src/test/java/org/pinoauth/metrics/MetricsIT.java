package org.pinoauth.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pinoauth.testing.Http;
import org.pinoauth.testing.TestApps;
import org.pinoauth.testing.TestServer;

/** {@code GET /metrics} answers the Prometheus text format with pinoauth's own meters. */
class MetricsIT {
  private static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.builder().setting("auth.failure.limit", "2").start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void metricsCountRequestsErrorsTokensLockoutsAndPool() {
    TestApps.TestApp app = TestApps.app().registerOn(server);
    TestApps.TestApp lockedOut = TestApps.app().registerOn(server);
    double issuedBefore =
        value(scrape(), "pinoauth_tokens_issued_total\\{grant=\"client_credentials\"}");
    clientCredentials(app.clientId(), app.secret());
    clientCredentials(app.clientId(), app.secret());
    for (int i = 0; i < 2; i++) {
      clientCredentials(lockedOut.clientId(), "wrong");
    }

    Http.Response metrics = Http.get(server.uri("/metrics"));

    assertEquals(200, metrics.status());
    assertTrue(metrics.header("Content-Type").orElseThrow().startsWith("text/plain"));
    String text = metrics.body();
    assertEquals(
        issuedBefore + 2,
        value(text, "pinoauth_tokens_issued_total\\{grant=\"client_credentials\"}"));
    assertTrue(
        value(
                text,
                "pinoauth_requests_seconds_count\\{endpoint=\"token\",error=\"invalid_client\","
                    + "status=\"401\"}")
            >= 2);
    assertTrue(text.contains("pinoauth_requests_seconds_bucket{endpoint=\"token\""), "histogram");
    assertEquals(1.0, value(text, "pinoauth_lockouts_active\\{kind=\"client\"}"));
    assertTrue(text.contains("hikaricp_connections_active{pool=\"pinoauth\"}"), "pool usage");
    assertTrue(text.contains("jvm_memory_used_bytes"), "JVM meters");
  }

  private static void clientCredentials(String clientId, String secret) {
    Http.postForm(
        server.uri("/v5/oauth/token"),
        Http.basic(clientId, secret),
        Http.form("grant_type", "client_credentials", "scope", "pins:read"));
  }

  private static String scrape() {
    return Http.get(server.uri("/metrics")).body();
  }

  /** The value of the sample whose name and labels match {@code sample}; 0 when absent. */
  private static double value(String text, String sample) {
    Matcher matcher = Pattern.compile("(?m)^" + sample + " (\\S+)$").matcher(text);
    return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
  }
}
