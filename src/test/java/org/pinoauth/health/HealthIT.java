package org.pinoauth.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pinoauth.testing.Http;
import org.pinoauth.testing.TestServerExtension;

/** {@code GET /healthz} (CONTRACT §1). */
class HealthIT {

  @RegisterExtension static final TestServerExtension server = TestServerExtension.start();

  @Test
  void healthWhenStoreAnswersThenUp() {
    Http.Response answer = Http.get(server.uri("/healthz"));

    assertEquals(200, answer.status(), answer.body());
    assertTrue(answer.header("Content-Type").orElse("").startsWith("application/json"));
    assertEquals(Map.of("status", "UP"), answer.json());
  }
}
