package org.pinoauth.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pinoauth.client.App;

/**
 * A {@link TestServer} in a process of its own, for tests that kill the server (CrashSafetyIT). On
 * the embedded H2 file in {@code data.dir}, whatever store the suite runs on, unless given a {@code
 * db.url}. Arguments are {@code name=value}:
 *
 * <ul>
 *   <li>{@code data.dir=DIR} (required) and any other {@code pinoauth.<key>} setting by its key,
 *       such as {@code bootstrap=FILE};
 *   <li>{@code --codes=N}, {@code --codes-for=CLIENT_ID}, {@code --codes-file=FILE}: issue {@code
 *       N} authorization codes to {@code pinner} for that (bootstrap) app, as {@link TestCodes}
 *       does, and write their values to the file, one a line.
 * </ul>
 *
 * <p>Prints {@code READY port=NNNN} on standard output once it serves. Stops cleanly, printing
 * {@code STOPPED}, when its standard input ends or reads {@code stop}.
 */
public final class StandaloneServer {
  public static final String READY = "READY port=";
  public static final String STOPPED = "STOPPED";

  private StandaloneServer() {}

  public static void main(String[] args) throws IOException {
    // This JVM starts no PostgreSQL of its own (the suite's is named by a db.url argument) and
    // takes the embedded engine from a data.engine argument, SQLite without one.
    System.setProperty("pinoauth.test.store", "sqlite");
    Map<String, String> options = new LinkedHashMap<>();
    TestServer.Builder builder = TestServer.builder();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      if (eq < 1) {
        throw new IllegalArgumentException("Expected name=value, got " + arg);
      }
      String name = arg.substring(0, eq);
      String value = arg.substring(eq + 1);
      if (name.startsWith("--")) {
        options.put(name.substring(2), value);
      } else if (name.equals("data.dir")) {
        builder.dataDir(Path.of(value));
      } else {
        builder.setting(name, value);
      }
    }

    TestServer server = builder.start();
    int codes = Integer.parseInt(options.getOrDefault("codes", "0"));
    if (codes > 0) {
      writeCodes(server, options, codes);
    }
    System.out.println(READY + server.port());
    System.out.flush();

    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
      String line;
      do {
        line = in.readLine();
      } while (line != null && !line.strip().equals("stop"));
    }
    server.close();
    System.out.println(STOPPED);
    System.out.flush();
    System.exit(0);
  }

  private static void writeCodes(TestServer server, Map<String, String> options, int count)
      throws IOException {
    String clientId = required(options, "codes-for");
    Path file = Path.of(required(options, "codes-file"));
    App app =
        server
            .pinoauth()
            .apps()
            .find(clientId)
            .orElseThrow(() -> new IllegalArgumentException("No app " + clientId));
    // TestCodes needs the app only; its secret plays no part in issuing a code.
    TestApps.TestApp testApp = new TestApps.TestApp(app, null);
    List<String> values = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      values.add(TestCodes.code(testApp).issueOn(server));
    }
    Path partial = file.resolveSibling(file.getFileName() + ".partial");
    Files.write(partial, values, StandardCharsets.UTF_8);
    Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
  }

  private static String required(Map<String, String> options, String name) {
    String value = options.get(name);
    if (value == null) {
      throw new IllegalArgumentException("--" + name + "= is required");
    }
    return value;
  }
}
