package org.pinoauth.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.pinoauth.crypto.TokenHasher;
import org.pinoauth.testing.Http;
import org.pinoauth.testing.StandaloneServer;
import org.pinoauth.testing.TestDatabases;
import org.pinoauth.testing.TokenEndpoint;

/**
 * A server process killed with SIGKILL in the middle of code exchanges and refresh rotations keeps,
 * after a restart on the same store (CONTRACT §7), everything it answered 200 for: the latest
 * refresh token of every family works, and no redeemed code redeems again (CONTRACT §2.2, §2.3). An
 * operation whose answer was lost in the kill may or may not have happened; then either the old
 * refresh token or exactly one successor is live, never neither.
 *
 * <p>The server runs in its own JVM, on the embedded store in its {@code data.dir} (SQLite, or H2
 * on the suite's H2 run: each engine's group commit must answer only what is in the file), or, when
 * the suite runs on PostgreSQL, on the suite's PostgreSQL (which the kill leaves running: a commit
 * it answered is kept, and so must be every answer pinoauth gave after it). Setting {@code
 * -Dpinoauth.it.h2Settings=;MODE=PostgreSQL;...} runs the H2 server on an H2 URL with those
 * settings instead of pinoauth's own, to compare durability settings.
 */
class CrashSafetyIT {
  private static final String CLIENT_ID = "7700001";
  private static final int WORKERS = 4;
  private static final int OPERATIONS_BEFORE_KILL = 200;
  private static final int ROTATIONS_PER_FAMILY = 4;
  private static final int CODES = 300;
  private static final Duration PROCESS_START = Duration.ofSeconds(60);
  private static final Duration PROCESS_EXIT = Duration.ofSeconds(20);
  private static final SecureRandom RANDOM = new SecureRandom();

  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void killWhenExchangesAndRotationsInFlightThenEveryAnsweredTokenSurvivesTheRestart(
      @TempDir Path dir) throws Exception {
    String secret = random();
    Path dataDir = Files.createDirectories(dir.resolve("data"));
    Path bootstrap = writeBootstrap(dir.resolve("bootstrap.json"), secret);
    Path codesFile = dir.resolve("codes.txt");

    List<Worker> workers;
    try (ServerProcess first =
        ServerProcess.start(
            dataDir,
            bootstrap,
            "--codes=" + CODES,
            "--codes-for=" + CLIENT_ID,
            "--codes-file=" + codesFile)) {
      Queue<String> codes = new ConcurrentLinkedQueue<>(Files.readAllLines(codesFile));
      URI token = first.uri(TokenEndpoint.PATH);
      String basic = Http.basic(CLIENT_ID, secret);
      CountDownLatch enough = new CountDownLatch(OPERATIONS_BEFORE_KILL);
      AtomicBoolean stop = new AtomicBoolean();
      ExecutorService pool = Executors.newFixedThreadPool(WORKERS);
      List<Future<Worker>> running = new ArrayList<>();
      try {
        for (int i = 0; i < WORKERS; i++) {
          Worker worker = new Worker(token, basic, codes, enough, stop);
          running.add(pool.submit(worker::runUntilFailure));
        }
        assertTrue(
            enough.await(60, TimeUnit.SECONDS),
            "fewer than " + OPERATIONS_BEFORE_KILL + " operations succeeded: " + first.output());

        // SIGKILL while the workers keep sending: no shutdown hook, no flush, no close.
        assertEquals(137, first.kill(), "exit status of SIGKILL (128 + 9)");
      } finally {
        stop.set(true);
        pool.shutdown();
      }
      assertTrue(pool.awaitTermination(40, TimeUnit.SECONDS), "workers did not stop");
      workers = new ArrayList<>();
      for (Future<Worker> worker : running) {
        workers.add(worker.get());
      }
    }

    List<String> unexpected = new ArrayList<>();
    List<Family> families = new ArrayList<>();
    List<String> redeemed = new ArrayList<>();
    for (Worker worker : workers) {
      unexpected.addAll(worker.unexpected);
      families.addAll(worker.families);
      redeemed.addAll(worker.redeemed);
    }
    assertEquals(List.of(), unexpected, "answers other than 200 before the kill");

    List<String> lost = new ArrayList<>();
    List<Family> successorExpected = new ArrayList<>();
    try (ServerProcess restarted = ServerProcess.start(dataDir, bootstrap)) {
      URI token = restarted.uri(TokenEndpoint.PATH);
      String basic = Http.basic(CLIENT_ID, secret);
      for (Family family : families) {
        Http.Response refreshed =
            Http.postForm(
                token,
                basic,
                Http.form("grant_type", "refresh_token", "refresh_token", family.current()));
        if (refreshed.status() == 200) {
          continue;
        }
        if (family.rotationInFlight && isInvalidGrant(refreshed)) {
          // Either the lost rotation happened (then its unseen successor is live), or nothing is.
          successorExpected.add(family);
        } else {
          lost.add(family.describe() + ": its latest refresh token answered " + brief(refreshed));
        }
      }
      // After the refresh checks: replaying a code revokes the tokens issued from it.
      for (String code : redeemed) {
        Http.Response replayed =
            Http.postForm(
                token,
                basic,
                Http.form(
                    "grant_type",
                    "authorization_code",
                    "code",
                    code,
                    "redirect_uri",
                    TokenEndpoint.REDIRECT_URI));
        if (!isInvalidGrant(replayed)) {
          lost.add(
              "code " + tail(code) + " answered 200 before the kill, again " + brief(replayed));
        }
      }
      assertEquals(0, restarted.stop(), "exit status of a clean stop: " + restarted.output());
    }
    List<String> withoutSuccessor = withoutOneUnusedSuccessor(dataDir, successorExpected);
    lost.addAll(withoutSuccessor);

    long inFlight = families.stream().filter(family -> family.rotationInFlight).count();
    long rotations = families.stream().mapToLong(family -> family.chain.size() - 1).sum();
    System.out.printf(
        "CrashSafetyIT: %d exchanges and %d rotations answered 200 before the kill;"
            + " %d rotations in flight, %d of them had rotated; %d lost%n",
        redeemed.size(),
        rotations,
        inFlight,
        successorExpected.size() - withoutSuccessor.size(),
        lost.size());
    assertEquals(List.of(), lost, "acknowledged before the kill, not so after the restart");
  }

  /**
   * Of the families whose in-flight rotation turned out to have happened, those where the database
   * does not hold, beside the refresh tokens the client saw, exactly one that nobody presented yet:
   * the successor in the answer that was lost.
   */
  private static List<String> withoutOneUnusedSuccessor(Path dataDir, List<Family> families)
      throws SQLException {
    List<String> lost = new ArrayList<>();
    if (families.isEmpty()) {
      return lost;
    }
    try (Connection db = DriverManager.getConnection(TestDatabases.urlFor(dataDir));
        PreparedStatement find =
            db.prepareStatement(
                "SELECT family_id, rotated_at FROM refresh_token WHERE token_hash = ?");
        PreparedStatement familyTokens =
            db.prepareStatement(
                "SELECT token_hash, rotated_at FROM refresh_token WHERE family_id = ?")) {
      for (Family family : families) {
        find.setString(1, TokenHasher.hash(family.current()));
        long familyId;
        try (ResultSet row = find.executeQuery()) {
          if (!row.next()) {
            lost.add(family.describe() + ": its latest refresh token is not in the database");
            continue;
          }
          familyId = row.getLong(1);
          row.getLong(2);
          if (row.wasNull()) {
            lost.add(family.describe() + ": refused, yet neither rotated nor replaced");
            continue;
          }
        }
        Set<String> seen = new HashSet<>();
        for (String value : family.chain) {
          seen.add(TokenHasher.hash(value));
        }
        int unseen = 0;
        int unseenUsed = 0;
        familyTokens.setLong(1, familyId);
        try (ResultSet rows = familyTokens.executeQuery()) {
          while (rows.next()) {
            if (!seen.remove(rows.getString(1))) {
              unseen++;
              rows.getLong(2);
              unseenUsed += rows.wasNull() ? 0 : 1;
            }
          }
        }
        if (!seen.isEmpty() || unseen != 1 || unseenUsed != 0) {
          lost.add(
              family.describe()
                  + ": expected the tokens seen and one unused successor; missing "
                  + seen.size()
                  + ", unseen "
                  + unseen
                  + " of which rotated "
                  + unseenUsed);
        }
      }
    }
    return lost;
  }

  /** Status and error, without the tokens a 200 would show. */
  private static String brief(Http.Response response) {
    return response.status() == 200 ? "200" : response.toString();
  }

  private static boolean isInvalidGrant(Http.Response response) {
    return response.status() == 400 && "invalid_grant".equals(response.string("error"));
  }

  private static Path writeBootstrap(Path file, String secret) throws IOException {
    String json =
        """
        [{"client_id": "%s", "client_secret": "%s", "name": "Crash test app",
          "redirect_uris": ["%s"], "scopes": ["boards:read", "pins:read"],
          "grant_types": ["authorization_code", "refresh_token"],
          "refresh_mode": "continuous", "owner": "pinner"}]
        """
            .formatted(CLIENT_ID, secret, TokenEndpoint.REDIRECT_URI);
    return Files.writeString(file, json);
  }

  private static String random() {
    byte[] bytes = new byte[24];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** Enough of a token to tell it apart in a failure message, not enough to use it. */
  private static String tail(String value) {
    return "…" + value.substring(value.length() - 6);
  }

  /** One authorization: the refresh tokens answered 200 for it, oldest first. */
  private static final class Family {
    final int number;
    final String code;
    final List<String> chain = new ArrayList<>();

    /** A rotation of {@link #current} was sent and its answer never came. */
    boolean rotationInFlight;

    Family(int number, String code, String refreshToken) {
      this.number = number;
      this.code = code;
      chain.add(refreshToken);
    }

    String current() {
      return chain.get(chain.size() - 1);
    }

    String describe() {
      return "family "
          + number
          + " (code "
          + tail(code)
          + ", "
          + (chain.size() - 1)
          + " rotations answered 200"
          + (rotationInFlight ? ", one more in flight" : "")
          + ")";
    }
  }

  /**
   * One client thread: exchanges a code, rotates its refresh token a few times, takes the next
   * code, until a request fails (the server is gone) or it is told to stop. Its records are read
   * only after it finished.
   */
  private static final class Worker {
    private static int familyCount;

    final URI token;
    final String basic;
    final Queue<String> codes;
    final CountDownLatch succeeded;
    final AtomicBoolean stop;
    final List<Family> families = new ArrayList<>();
    final List<String> redeemed = new ArrayList<>();
    final List<String> unexpected = new ArrayList<>();

    Worker(
        URI token,
        String basic,
        Queue<String> codes,
        CountDownLatch succeeded,
        AtomicBoolean stop) {
      this.token = token;
      this.basic = basic;
      this.codes = codes;
      this.succeeded = succeeded;
      this.stop = stop;
    }

    Worker runUntilFailure() {
      Family family = null;
      while (!stop.get()) {
        boolean rotate = family != null && family.chain.size() <= ROTATIONS_PER_FAMILY;
        String code = rotate ? null : codes.poll();
        if (code == null && family == null) {
          break;
        }
        boolean answered = code != null ? (family = exchange(code)) != null : rotate(family);
        if (!answered) {
          break;
        }
        succeeded.countDown();
      }
      return this;
    }

    /** The new family, or null when the answer was lost or not 200. */
    private Family exchange(String code) {
      Http.Response response;
      try {
        response =
            Http.postForm(
                token,
                basic,
                Http.form(
                    "grant_type",
                    "authorization_code",
                    "code",
                    code,
                    "redirect_uri",
                    TokenEndpoint.REDIRECT_URI));
      } catch (IllegalStateException lost) {
        return null; // In flight at the kill: redeemed or not, nobody knows.
      }
      if (response.status() != 200) {
        unexpected.add("exchange: " + response);
        return null;
      }
      redeemed.add(code);
      Family family = new Family(nextFamilyNumber(), code, response.string("refresh_token"));
      families.add(family);
      return family;
    }

    private boolean rotate(Family family) {
      family.rotationInFlight = true;
      Http.Response response;
      try {
        response =
            Http.postForm(
                token,
                basic,
                Http.form("grant_type", "refresh_token", "refresh_token", family.current()));
      } catch (IllegalStateException lost) {
        return false;
      }
      if (response.status() != 200) {
        unexpected.add(family.describe() + " rotation: " + response);
        return false;
      }
      family.chain.add(response.string("refresh_token"));
      family.rotationInFlight = false;
      return true;
    }

    private static synchronized int nextFamilyNumber() {
      return ++familyCount;
    }
  }

  /** A {@link StandaloneServer} JVM, its output drained into memory so it never blocks. */
  private static final class ServerProcess implements AutoCloseable {
    private final Process process;
    private final CompletableFuture<Integer> port = new CompletableFuture<>();
    private final Deque<String> lines = new ArrayDeque<>();

    private ServerProcess(Process process) {
      this.process = process;
      Thread reader = new Thread(this::drain, "server-output-" + process.pid());
      reader.setDaemon(true);
      reader.start();
    }

    static ServerProcess start(Path dataDir, Path bootstrap, String... more)
        throws IOException, InterruptedException {
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.add("-Xmx256m");
      command.add("-XX:TieredStopAtLevel=1");
      command.add("-cp");
      command.add(System.getProperty("java.class.path"));
      command.add(StandaloneServer.class.getName());
      command.add("data.dir=" + dataDir);
      command.add("bootstrap=" + bootstrap);
      String h2Settings = System.getProperty("pinoauth.it.h2Settings");
      if (TestDatabases.postgresSelected()) {
        command.add("db.url=" + TestDatabases.postgresUrlFor(dataDir));
      } else if (h2Settings != null) {
        command.add("db.url=jdbc:h2:file:" + dataDir.resolve("pinoauth") + h2Settings);
      } else {
        command.add("data.engine=" + TestDatabases.embeddedEngine());
      }
      command.addAll(List.of(more));
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      ServerProcess server = new ServerProcess(process);
      try {
        server.port.get(PROCESS_START.toSeconds(), TimeUnit.SECONDS);
      } catch (ExecutionException | TimeoutException | RuntimeException e) {
        server.close();
        fail("The server process did not start: " + e + "\n" + server.output());
      } catch (InterruptedException e) {
        server.close();
        throw e;
      }
      return server;
    }

    URI uri(String path) {
      return URI.create("http://127.0.0.1:" + port.join() + path);
    }

    /** SIGKILL (destroyForcibly on Linux); the exit status. */
    int kill() throws InterruptedException {
      process.destroyForcibly();
      assertTrue(process.waitFor(PROCESS_EXIT.toSeconds(), TimeUnit.SECONDS), "still running");
      return process.exitValue();
    }

    /** Ends its standard input, which stops it cleanly; the exit status. */
    int stop() throws IOException, InterruptedException {
      process.getOutputStream().close();
      assertTrue(process.waitFor(PROCESS_EXIT.toSeconds(), TimeUnit.SECONDS), "did not stop");
      return process.exitValue();
    }

    synchronized String output() {
      return String.join("\n", lines);
    }

    private void drain() {
      try (BufferedReader out =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = out.readLine()) != null) {
          if (line.startsWith(StandaloneServer.READY)) {
            port.complete(Integer.parseInt(line.substring(StandaloneServer.READY.length())));
          }
          synchronized (this) {
            lines.addLast(line);
            if (lines.size() > 200) {
              lines.removeFirst();
            }
          }
        }
      } catch (IOException e) {
        port.completeExceptionally(new UncheckedIOException(e));
      }
      port.completeExceptionally(new IllegalStateException("the process ended"));
    }

    @Override
    public void close() {
      if (process.isAlive()) {
        process.destroyForcibly();
      }
    }
  }
}
