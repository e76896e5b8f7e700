package org.pinoauth.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.pinoauth.testing.Endpoints;
import org.pinoauth.testing.Eventually;
import org.pinoauth.testing.Http;
import org.pinoauth.testing.TestApps;
import org.pinoauth.testing.TestCodes;
import org.pinoauth.testing.TestDatabases;
import org.pinoauth.testing.TestServer;

/**
 * PostgreSQL dies under a server in the middle of code exchanges and refresh rotations (an
 * immediate shutdown: every connection cut, no checkpoint, crash recovery at the next start). Every
 * endpoint then answers 503 within a bound set by {@code db.pool.timeout}, the JSON ones with a
 * {@code temporarily_unavailable} error (never a 500, never a hang), and {@code /healthz} says
 * DOWN. PostgreSQL starts again and the same server recovers by itself; every token it answered 200
 * for, before or during the fault, still works: every access token, and the latest refresh token of
 * every authorization. A rotation whose answer was a 503 may have happened (its commit reached the
 * database, the answer did not reach the client); then the database holds it as rotated.
 */
class DatabaseFaultPostgresIT {
  private static final Duration POOL_TIMEOUT = Duration.ofMillis(1_000);

  /**
   * A request waits up to {@code db.pool.timeout} for a connection and then answers; the rest is
   * slack for a shared two-core machine that runs the load and the server too.
   */
  private static final Duration ANSWER_BOUND = POOL_TIMEOUT.multipliedBy(2).plusSeconds(3);

  private static final int WORKERS = 4;
  private static final int CODES = 300;
  private static final int ROTATIONS_PER_FAMILY = 3;
  private static final int ANSWERED_BEFORE_FAULT = 60;
  private static final int ANSWERED_AFTER_RECOVERY = 20;
  private static final String REDIRECT_URI = "http://localhost:8085/";

  @Test
  @Timeout(value = 4, unit = TimeUnit.MINUTES)
  void databaseDiesUnderLoadThenEveryEndpointAnswers503AndTheServerRecoversLosingNothing(
      @TempDir Path pgData) throws Exception {
    int port = freePort();
    EmbeddedPostgres postgres = startPostgres(pgData, port);
    String url = postgres.getJdbcUrl("postgres", "postgres");
    try (TestServer server =
        TestServer.builder()
            .setting("db.url", url)
            .setting("db.pool.timeout", Long.toString(POOL_TIMEOUT.toMillis()))
            .start()) {
      TestApps.TestApp app = TestApps.app().registerOn(server);
      Endpoints.Tokens first =
          Endpoints.issue(server, app, "pinner", "pins:read user_accounts:read");
      String appToken = Endpoints.appToken(server, app, "pins:read");
      String spareCode = TestCodes.code(app).issueOn(server);
      Queue<String> codes = new ConcurrentLinkedQueue<>();
      for (int i = 0; i < CODES; i++) {
        codes.add(TestCodes.code(app).issueOn(server));
      }

      CountDownLatch beforeFault = new CountDownLatch(ANSWERED_BEFORE_FAULT);
      CountDownLatch afterRecovery = new CountDownLatch(ANSWERED_AFTER_RECOVERY);
      AtomicBoolean recovered = new AtomicBoolean();
      AtomicBoolean stop = new AtomicBoolean();
      ExecutorService load = Executors.newFixedThreadPool(WORKERS);
      List<Future<Worker>> running = new ArrayList<>();
      List<Worker> workers = new ArrayList<>();
      try {
        for (int i = 0; i < WORKERS; i++) {
          Worker worker =
              new Worker(server, app, codes, beforeFault, afterRecovery, recovered, stop);
          running.add(load.submit(worker::run));
        }
        assertTrue(beforeFault.await(60, TimeUnit.SECONDS), "the load never got going");

        stopImmediately(pgData);
        postgres.close(); // Releases its lock on the data folder; logs that it found no server.

        List<String> faults = new ArrayList<>();
        expectUnavailable(faults, "client_credentials", () -> clientCredentials(server, app));
        expectUnavailable(faults, "refresh", () -> Endpoints.refresh(server, app, first.refresh()));
        expectUnavailable(
            faults, "code exchange", () -> Endpoints.exchange(server, app, spareCode));
        expectUnavailable(faults, "revoke", () -> Endpoints.revoke(server, app, "token", appToken));
        expectUnavailable(
            faults, "introspect", () -> Endpoints.introspect(server, app, first.access()));
        expectUnavailable(
            faults, "user_account", () -> Endpoints.userAccount(server, first.access()));
        expectUnavailable(faults, "admin list", () -> adminList(server));
        expectUnavailablePage(faults, () -> Http.get(authorizePage(server, app)));
        long started = System.nanoTime();
        Http.Response health = Http.get(server.uri("/healthz"));
        checkBound(faults, "healthz", started);
        if (health.status() != 503 || !"DOWN".equals(health.string("status"))) {
          faults.add("healthz during the fault: " + health);
        }

        postgres = startPostgres(pgData, port);

        assertTrue(
            Eventually.within(
                Duration.ofSeconds(60), () -> clientCredentials(server, app).status() == 200),
            "the server recovers by itself");
        recovered.set(true);
        assertEquals(200, Http.get(server.uri("/healthz")).status());
        assertEquals(200, adminList(server).status());
        assertEquals(200, Http.get(authorizePage(server, app)).status());
        assertEquals(200, Endpoints.exchange(server, app, spareCode).status(), "no redemption");
        assertTrue(afterRecovery.await(60, TimeUnit.SECONDS), "the load goes on once it recovered");
        assertEquals(List.of(), faults, "answers during the fault");
      } finally {
        stop.set(true);
        load.shutdown();
      }
      assertTrue(load.awaitTermination(60, TimeUnit.SECONDS), "workers did not stop");
      for (Future<Worker> worker : running) {
        workers.add(worker.get());
      }

      List<String> unexpected = new ArrayList<>();
      List<String> accessTokens = new ArrayList<>(List.of(first.access(), appToken));
      List<RefreshChain> families = new ArrayList<>();
      int unavailable = 0;
      for (Worker worker : workers) {
        unexpected.addAll(worker.unexpected);
        accessTokens.addAll(worker.accessTokens);
        families.addAll(worker.families);
        unavailable += worker.unavailable;
      }
      assertEquals(List.of(), unexpected, "answers other than 200 or a prompt JSON 503");
      assertTrue(unavailable > 0, "the load met the fault");

      List<String> lost = new ArrayList<>();
      for (String access : accessTokens) {
        if (!Endpoints.isActive(server, app, access)) {
          lost.add("an access token answered 200 is inactive");
        }
      }
      Http.Response account = Endpoints.userAccount(server, first.access());
      assertEquals(200, account.status(), "the first access token: " + account);
      try (Connection db = DriverManager.getConnection(url)) {
        for (RefreshChain family : families) {
          if (family.rotationInDoubt && RefreshChain.rotatedInDatabase(db, family.current())) {
            continue; // Rotated by the request that answered 503: presenting it would be reuse.
          }
          Http.Response refreshed = Endpoints.refresh(server, app, family.current());
          if (refreshed.status() != 200) {
            lost.add(family.describe() + ": its latest refresh token answered " + refreshed);
          }
        }
      }
      assertEquals(200, Endpoints.refresh(server, app, first.refresh()).status());
      System.out.printf(
          "DatabaseFaultPostgresIT: %d access tokens, %d families, %d answers 503 under load%n",
          accessTokens.size(), families.size(), unavailable);
      assertEquals(List.of(), lost, "answered 200, not honoured after the fault");
    } finally {
      postgres.close();
    }
  }

  /** A JSON endpoint during the fault: a prompt 503 {@code temporarily_unavailable}. */
  private static void expectUnavailable(
      List<String> faults, String name, Supplier<Http.Response> request) {
    long started = System.nanoTime();
    Http.Response response = request.get();
    checkBound(faults, name, started);
    if (!isUnavailableJson(response)) {
      faults.add(name + ": " + response + " " + response.header("Content-Type"));
    }
  }

  /** The sign-in page during the fault: a prompt 503, as an HTML page or as JSON. */
  private static void expectUnavailablePage(List<String> faults, Supplier<Http.Response> request) {
    long started = System.nanoTime();
    Http.Response response = request.get();
    checkBound(faults, "/oauth/", started);
    boolean html = response.header("Content-Type").orElse("").startsWith("text/html");
    if (response.status() != 503 || !(html || isUnavailableJson(response))) {
      faults.add("/oauth/: " + response);
    }
  }

  private static void checkBound(List<String> faults, String name, long startedNanos) {
    Duration took = Duration.ofNanos(System.nanoTime() - startedNanos);
    if (took.compareTo(ANSWER_BOUND) > 0) {
      faults.add(name + " took " + took.toMillis() + " ms, over " + ANSWER_BOUND.toMillis());
    }
  }

  static boolean isUnavailableJson(Http.Response response) {
    return response.status() == 503
        && response.header("Content-Type").orElse("").startsWith("application/json")
        && "temporarily_unavailable".equals(response.string("error"))
        && response.header("x-pinterest-rid").isPresent();
  }

  private static Http.Response clientCredentials(TestServer server, TestApps.TestApp app) {
    return Http.postForm(
        server.uri("/v5/oauth/token"),
        Http.basic(app.clientId(), app.secret()),
        Http.form("grant_type", "client_credentials", "scope", "pins:read"));
  }

  private static Http.Response adminList(TestServer server) {
    return Http.get(server.uri("/admin/apps"), "Authorization", Http.basic("admin", "admin"));
  }

  private static URI authorizePage(TestServer server, TestApps.TestApp app) {
    return server.uri(
        "/oauth/?"
            + Http.form(
                "client_id", app.clientId(),
                "redirect_uri", REDIRECT_URI,
                "response_type", "code",
                "scope", "pins:read",
                "state", "xyz"));
  }

  /**
   * PostgreSQL's immediate shutdown, which {@code pg_ctl stop -m immediate} sends: SIGQUIT to the
   * postmaster, which ends every backend at once, connections cut, with no checkpoint.
   */
  private static void stopImmediately(Path dataDir) throws Exception {
    String pid = Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).strip();
    ProcessHandle postmaster = ProcessHandle.of(Long.parseLong(pid)).orElseThrow();
    Process kill = new ProcessBuilder("kill", "-QUIT", pid).inheritIO().start();
    assertEquals(0, kill.waitFor(), "kill -QUIT " + pid);
    postmaster.onExit().get(30, TimeUnit.SECONDS);
  }

  /**
   * Starts PostgreSQL on its data folder: initialized when new, kept when stopped. Durable commits,
   * as PostgreSQL's default is: zonky turns {@code synchronous_commit} off for speed, and then a
   * crash loses commits that were already answered.
   */
  private static EmbeddedPostgres startPostgres(Path dataDir, int port) throws IOException {
    return TestDatabases.embeddedPostgres()
        .setDataDirectory(dataDir)
        .setCleanDataDirectory(false)
        .setPort(port)
        .setServerConfig("synchronous_commit", "on")
        .start();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /**
   * One client thread: exchanges a code, rotates its refresh token a few times, takes the next
   * code; an authorization whose rotation answered 503 is left as it is. Records every token
   * answered 200, and every answer that is neither 200 nor a prompt JSON 503. Its records are read
   * only after it finished.
   */
  private static final class Worker {
    final TestServer server;
    final TestApps.TestApp app;
    final Queue<String> codes;
    final CountDownLatch beforeFault;
    final CountDownLatch afterRecovery;
    final AtomicBoolean recovered;
    final AtomicBoolean stop;
    final List<RefreshChain> families = new ArrayList<>();
    final List<String> accessTokens = new ArrayList<>();
    final List<String> unexpected = new ArrayList<>();
    int unavailable;

    Worker(
        TestServer server,
        TestApps.TestApp app,
        Queue<String> codes,
        CountDownLatch beforeFault,
        CountDownLatch afterRecovery,
        AtomicBoolean recovered,
        AtomicBoolean stop) {
      this.server = server;
      this.app = app;
      this.codes = codes;
      this.beforeFault = beforeFault;
      this.afterRecovery = afterRecovery;
      this.recovered = recovered;
      this.stop = stop;
    }

    Worker run() {
      RefreshChain family = null;
      while (!stop.get()) {
        boolean usable = family != null && !family.rotationInDoubt;
        String code =
            usable && (family.rotations() < ROTATIONS_PER_FAMILY || codes.isEmpty())
                ? null
                : codes.poll();
        if (code == null && !usable) {
          break;
        }
        long started = System.nanoTime();
        Http.Response response;
        try {
          response =
              code != null
                  ? Endpoints.exchange(server, app, code)
                  : Endpoints.refresh(server, app, family.current());
        } catch (IllegalStateException noAnswer) {
          unexpected.add("no answer: " + noAnswer.getCause());
          if (code == null) {
            family.rotationInDoubt = true;
          }
          continue;
        }
        if (response.status() == 200) {
          accessTokens.add(response.string("access_token"));
          if (code != null) {
            family = new RefreshChain(response.string("refresh_token"));
            families.add(family);
          } else {
            family.chain.add(response.string("refresh_token"));
          }
          beforeFault.countDown();
          if (recovered.get()) {
            afterRecovery.countDown();
          }
          continue;
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        if (!isUnavailableJson(response) || took.compareTo(ANSWER_BOUND) > 0) {
          unexpected.add(
              (code != null ? "exchange: " : "refresh: ") + response + " in " + took.toMillis());
        }
        unavailable++;
        if (code == null) {
          family.rotationInDoubt = true;
        }
      }
      return this;
    }
  }
}
