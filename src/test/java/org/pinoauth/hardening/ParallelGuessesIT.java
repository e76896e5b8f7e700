package org.pinoauth.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pinoauth.testing.Http;
import org.pinoauth.testing.RawHttp;
import org.pinoauth.testing.TestServer;

/**
 * A burst of parallel guesses from one address gets no more tries than the same guesses one at a
 * time: every guess used to pass the lock check before the first of them had failed, so 30 guesses
 * sent at once all reached the secret check (and each cost PBKDF2 against a short bootstrap
 * secret). Now checks under way count towards the limit (CONTRACT §2.6).
 */
class ParallelGuessesIT {
  private static final String CLIENT_ID = "1234567";
  private static final String SECRET = "dev-secret";
  private static final int LIMIT = 10; // auth.failure.limit's default
  private static final int GUESSES = 30;

  @Test
  void tokenWhenParallelGuessesFromOneAddressThenNoMoreThanTheLimitChecked(@TempDir Path dir)
      throws Exception {
    try (TestServer server = start(dir)) {
      List<RawHttp.Response> answers = guessAtOnce(server, "127.0.3.1");

      long checked = answers.stream().filter(answer -> answer.status() == 401).count();
      long refused = answers.stream().filter(answer -> answer.status() == 429).count();
      assertTrue(checked <= LIMIT, checked + " guesses reached the secret check");
      assertEquals(GUESSES, checked + refused, "every other guess is refused with 429");

      RawHttp.Response owner = clientCredentials(SECRET).sendFrom("127.0.3.2", server);
      assertEquals(200, owner.status(), owner.body());
      RawHttp.Response stranger = clientCredentials(SECRET).sendFrom("127.0.3.1", server);
      assertEquals(429, stranger.status(), stranger.body());
    }
  }

  private static List<RawHttp.Response> guessAtOnce(TestServer server, String from)
      throws Exception {
    ExecutorService senders = Executors.newFixedThreadPool(GUESSES);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<RawHttp.Response>> sent = new ArrayList<>();
      for (int i = 0; i < GUESSES; i++) {
        RawHttp guess = clientCredentials("wrong-" + i);
        sent.add(
            senders.submit(
                () -> {
                  go.await();
                  return guess.sendFrom(from, server);
                }));
      }
      go.countDown();
      List<RawHttp.Response> answers = new ArrayList<>();
      for (Future<RawHttp.Response> answer : sent) {
        answers.add(answer.get());
      }
      return answers;
    } finally {
      senders.shutdownNow();
    }
  }

  private static RawHttp clientCredentials(String secret) {
    return RawHttp.postForm("/v5/oauth/token")
        .header("Authorization", Http.basic(CLIENT_ID, secret))
        .body("grant_type=client_credentials&scope=pins:read");
  }

  /** A server whose one app has a short bootstrap secret: checking it costs PBKDF2. */
  private static TestServer start(Path dir) throws IOException {
    Path bootstrap = dir.resolve("bootstrap.json");
    Files.writeString(
        bootstrap,
        """
        [{"client_id": "%s", "client_secret": "%s", "name": "Short secret app",
          "redirect_uris": ["http://localhost:8085/"], "scopes": ["pins:read"],
          "grant_types": ["client_credentials"], "owner": "pinner"}]
        """
            .formatted(CLIENT_ID, SECRET));
    return TestServer.builder()
        .dataDir(Files.createDirectories(dir.resolve("data")))
        .setting("bootstrap", bootstrap.toString())
        .start();
  }
}
