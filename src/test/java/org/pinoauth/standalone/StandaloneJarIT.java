package org.pinoauth.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.pinoauth.testing.Browserless;
import org.pinoauth.testing.Http;
import org.pinoauth.testing.TestDatabases;

/**
 * {@code java -jar target/pinoauth-standalone.jar} as its own process (failsafe runs after {@code
 * package}, so the jar is the one this build made): a users file whose hash the jar's {@code
 * hash-password} printed, the demo app of {@code src/dev/bootstrap.json}, a fresh data folder (on
 * the PostgreSQL run, {@code PINOAUTH_DB_URL} names a database instead). The code flow runs through
 * it; it listens on loopback only; SIGTERM stops it with exit status 0. Starts that must fail fail
 * at once, with one line saying why.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StandaloneJarIT {
  private static final Path JAR = Path.of("target", "pinoauth-standalone.jar").toAbsolutePath();
  private static final Path BOOTSTRAP = Path.of("src", "dev", "bootstrap.json").toAbsolutePath();
  private static final String CLIENT_ID = "1234567";
  private static final String CLIENT_SECRET = "dev-secret";
  private static final String REDIRECT_URI = "http://localhost:8085/";
  private static final String PASSWORD = "correct horse battery";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

  @TempDir static Path dir;

  private static Process server;
  private static Path log;
  private static Path users;
  private static int port;

  @BeforeAll
  static void start() throws Exception {
    assertTrue(Files.isRegularFile(JAR), JAR + " is built by mvn package before failsafe runs");
    users = dir.resolve("users.properties");
    Files.writeString(
        users,
        "# made by hash-password\npinner: " + hashPassword(PASSWORD) + ", pinoauth-user\n",
        StandardCharsets.UTF_8);
    port = freePort();
    log = dir.resolve("server.log");
    ProcessBuilder builder =
        command("--port", String.valueOf(port), "--users", users.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    // --bootstrap the other way, as a setting: the WAR's Config reads PINOAUTH_* itself.
    builder.environment().put("PINOAUTH_BOOTSTRAP", BOOTSTRAP.toString());
    builder.environment().put("PINOAUTH_DATA_DIR", dir.resolve("data").toString());
    if (TestDatabases.postgresSelected()) {
      builder.environment().put("PINOAUTH_DB_URL", TestDatabases.postgresUrlFor(dir));
    }
    if (TestDatabases.h2Selected()) {
      builder.environment().put("PINOAUTH_DATA_ENGINE", "h2");
    }
    server = builder.start();
    awaitHealthy(server, port, log);
  }

  @AfterAll
  static void kill() {
    if (server != null && server.isAlive()) {
      server.destroyForcibly();
    }
  }

  private static ProcessBuilder command(String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(JAR.toString());
    Collections.addAll(command, args);
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
    // The settings come from this test, not from whatever the machine running it has set.
    builder.environment().keySet().removeIf(name -> name.startsWith("PINOAUTH_"));
    return builder;
  }

  /** The jar's own hash-password, fed the password on standard input. */
  private static String hashPassword(String password) throws Exception {
    Process hash = command("hash-password").redirectError(ProcessBuilder.Redirect.INHERIT).start();
    hash.getOutputStream().write((password + "\n").getBytes(StandardCharsets.UTF_8));
    hash.getOutputStream().close();
    String out = new String(hash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(hash.waitFor(60, TimeUnit.SECONDS), "hash-password ended");
    assertEquals(0, hash.exitValue(), out);
    assertTrue(out.matches("pbkdf2-sha256\\$600000\\$\\S+\\R"), out);
    return out.strip();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static void awaitHealthy(Process process, int port, Path log) throws Exception {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      assertTrue(process.isAlive(), "the jar exited early:\n" + Files.readString(log));
      try {
        if (Http.get(uri(port, "/healthz")).status() == 200) {
          return;
        }
      } catch (IllegalStateException notYet) {
        // connection refused: not listening yet
      }
      Thread.sleep(200);
    }
    throw new AssertionError("no 200 from /healthz in " + START_TIMEOUT + ":\n" + read(log));
  }

  private static URI uri(int port, String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(cannot read " + file + ": " + e + ")";
    }
  }

  private static URI authorize(String state) {
    return uri(
        port,
        "/oauth/?response_type=code&client_id="
            + CLIENT_ID
            + "&redirect_uri="
            + Http.encode(REDIRECT_URI)
            + "&scope=boards:read,pins:read&state="
            + state);
  }

  private static Http.Response token(String... form) {
    return Http.postForm(
        uri(port, "/v5/oauth/token"), Http.basic(CLIENT_ID, CLIENT_SECRET), Http.form(form));
  }

  @Test
  @Order(1)
  void codeFlowWhenSignedInWithTheUsersFilesPasswordThenCodeTokensAndRefresh() {
    Browserless browser = new Browserless();
    URI endpoint = uri(port, "/oauth/");
    Http.Response signIn = browser.get(authorize("standalone"));
    assertEquals(200, signIn.status(), signIn.body());

    Http.Response signedIn =
        browser.submit(endpoint, signIn, "username", "pinner", "password", PASSWORD);
    assertEquals(303, signedIn.status(), signedIn.body());
    Http.Response consent = browser.follow(endpoint, signedIn);
    assertTrue(consent.body().contains("Signed in as <strong>pinner</strong>"), consent.body());
    Http.Response allowed = browser.submit(endpoint, consent, "action", "allow");

    assertEquals(302, allowed.status(), allowed.toString());
    String location = allowed.header("Location").orElseThrow();
    assertTrue(location.startsWith(REDIRECT_URI + "?code="), location);
    assertTrue(location.endsWith("&state=standalone"), location);
    String code = location.substring(location.indexOf("code=") + 5).split("&", 2)[0];

    Http.Response tokens =
        token("grant_type", "authorization_code", "code", code, "redirect_uri", REDIRECT_URI);
    assertEquals(200, tokens.status(), tokens.body());
    assertEquals("boards:read pins:read", tokens.string("scope"));
    String refreshToken = tokens.string("refresh_token");
    assertTrue(refreshToken.startsWith("pinr"), tokens.body());

    Http.Response refreshed = token("grant_type", "refresh_token", "refresh_token", refreshToken);
    assertEquals(200, refreshed.status(), refreshed.body());
    assertFalse(refreshed.string("access_token").equals(tokens.string("access_token")));

    Http.Response introspected =
        Http.postForm(
            uri(port, "/v5/oauth/introspect"),
            Http.basic(CLIENT_ID, CLIENT_SECRET),
            Http.form("token", refreshed.string("access_token")));
    assertEquals(Boolean.TRUE, introspected.json().get("active"), introspected.body());
    assertEquals("pinner", introspected.string("username"), introspected.body());
  }

  @Test
  @Order(2)
  void signInWhenPasswordWrongOrUserUnknownThenTheFormAgainAndNoSession() {
    for (String[] attempt : new String[][] {{"pinner", "pinner"}, {"nobody", PASSWORD}}) {
      Browserless browser = new Browserless();
      Http.Response signIn = browser.get(authorize("wrong"));
      Http.Response failed =
          browser.submit(
              uri(port, "/oauth/"), signIn, "username", attempt[0], "password", attempt[1]);

      assertEquals(200, failed.status(), failed.body());
      assertTrue(failed.body().contains("name=\"password\""), failed.body());
      assertEquals(Optional.empty(), browser.cookie("JSESSIONID"), attempt[0]);
    }
  }

  @Test
  @Order(3)
  void listenWhenNoHostGivenThenOnLoopbackOnly() throws Exception {
    assertTrue(read(log).contains("pinoauth serves http://127.0.0.1:" + port + "/"), read(log));
    try (Socket loopback = new Socket()) {
      loopback.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
    }
    Optional<InetAddress> outside = nonLoopbackAddress();
    assumeTrue(outside.isPresent(), "this machine has no address beyond loopback to try");
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(outside.get(), port), 5_000);
      throw new AssertionError("the jar answered on " + outside.get() + ":" + port);
    } catch (IOException refused) {
      // connection refused: nothing listens there
    }
  }

  private static Optional<InetAddress> nonLoopbackAddress() throws IOException {
    for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (nic.isUp() && !nic.isLoopback()) {
        for (InetAddress address : Collections.list(nic.getInetAddresses())) {
          if (address instanceof Inet4Address) {
            return Optional.of(address);
          }
        }
      }
    }
    return Optional.empty();
  }

  @Test
  @Order(4)
  void logWhenStartedThenUsersAndStoreNamedAndNoPasswordOrHash() throws Exception {
    String text = read(log);

    assertTrue(text.contains("Users: 1 from " + users + " (realm pinoauth)"), text);
    String store =
        TestDatabases.postgresSelected()
            ? "Store: jdbc:postgresql://"
            : TestDatabases.h2Selected()
                ? "Store: embedded H2 at " + dir.resolve("data").resolve("pinoauth.mv.db")
                : "Store: embedded SQLite at " + dir.resolve("data").resolve("pinoauth.db");
    assertTrue(text.contains(store), text);
    assertTrue(text.contains("Bootstrap: app " + CLIENT_ID), text);
    assertFalse(text.contains(PASSWORD), "the password is not logged");
    String hash = Files.readString(users).split("pinner: ", 2)[1].split(",", 2)[0];
    assertFalse(text.contains(hash.substring(hash.length() - 20)), "the hash is not logged");
  }

  @Test
  @Order(5)
  void startWhenPortTakenThenExit1AtOnceWithTheCauseInOneLine() throws Exception {
    Path second = dir.resolve("second.log");
    ProcessBuilder builder =
        command("--port", String.valueOf(port))
            .redirectErrorStream(true)
            .redirectOutput(second.toFile());
    builder.environment().put("PINOAUTH_DATA_DIR", dir.resolve("second").toString());
    Process process = builder.start();

    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "exited: " + read(second));
    assertEquals(1, process.exitValue(), read(second));
    List<String> lines = read(second).lines().toList();
    assertTrue(
        lines
            .get(lines.size() - 1)
            .matches(
                "pinoauth-standalone: could not start: IOException: Failed to bind to"
                    + " /127\\.0\\.0\\.1:"
                    + port
                    + " \\(cause: BindException: Address already in use\\)"),
        read(second));
    assertEquals(200, Http.get(uri(port, "/healthz")).status(), "the first server still serves");
  }

  @Test
  @Order(6)
  void startWhenUsersFileMalformedThenExit2NamingFileAndLine() throws Exception {
    Path bad = dir.resolve("bad-users.properties");
    Files.writeString(bad, "# users\nadmin: admin, pinoauth-admin\n");
    Process process = command("--port", "0", "--users", bad.toString()).start();

    assertTrue(process.waitFor(60, TimeUnit.SECONDS));
    assertEquals(2, process.exitValue());
    assertEquals(
        "pinoauth-standalone: users file "
            + bad
            + " line 2: the password is not a hash of the form"
            + " pbkdf2-sha256$ITERATIONS$SALT$HASH\n",
        new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
  }

  @Test
  @Order(7)
  void sigtermWhenStillStartingThenExitStatus0() throws Exception {
    Path starting = dir.resolve("starting.log");
    ProcessBuilder builder =
        command("--port", "0").redirectErrorStream(true).redirectOutput(starting.toFile());
    builder.environment().put("PINOAUTH_DATA_DIR", dir.resolve("starting").toString());
    Process process = builder.start();
    // The line before the start: the signal handler is in place by then.
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (!read(starting).contains("No users file") && System.nanoTime() < deadline) {
      assertTrue(process.isAlive(), read(starting));
      Thread.sleep(20);
    }

    process.destroy(); // SIGTERM

    assertTrue(process.waitFor(30, TimeUnit.SECONDS), read(starting));
    assertEquals(0, process.exitValue(), read(starting));
  }

  @Test
  @Order(100)
  void sigtermWhenServingThenStopsGracefullyWithExitStatus0() throws Exception {
    long started = System.nanoTime();
    server.destroy(); // SIGTERM

    assertTrue(server.waitFor(20, TimeUnit.SECONDS), "stopped within 20 s:\n" + read(log));
    long millis = (System.nanoTime() - started) / 1_000_000;
    assertEquals(0, server.exitValue(), read(log));
    assertTrue(read(log).contains("org.pinoauth.standalone.Main: Stopped"), read(log));
    assertTrue(millis < 15_000, "stopped in " + millis + " ms");
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      throw new AssertionError("something still listens on " + port);
    } catch (IOException refused) {
      // nothing listens any more
    }
  }
}
