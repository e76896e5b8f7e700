package org.pinoauth.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pinoauth.testing.Http;
import org.pinoauth.testing.TestServer;

/** {@code GET /healthz} (CONTRACT §1). */
class HealthIT {
  private static TestServer server;

  @BeforeAll
  static void startServer() {
    server = TestServer.start();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @Test
  void healthWhenStoreAnswersThenUp() {
    Http.Response answer = Http.get(server.uri("/healthz"));

    assertEquals(200, answer.status(), answer.body());
    assertTrue(answer.header("Content-Type").orElse("").startsWith("application/json"));
    assertEquals(Map.of("status", "UP"), answer.json());
  }
}
