package org.pinoauth.standalone;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.ForwardedRequestCustomizer;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;

/**
 * pinoauth's WAR, as built and carried inside the jar ({@code /pinoauth.war}), deployed at {@code
 * /} in an embedded Jetty with one HTTP connector and the realm of the users file. A stop lets
 * requests under way finish, for at most {@link #STOP_TIMEOUT}.
 */
final class WarServer {
  /** The realm of web.xml's {@code <login-config>}, which Jetty looks the login service up by. */
  static final String REALM = "pinoauth";

  static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

  private static final String WAR_RESOURCE = "/pinoauth.war";

  private final Server server;
  private final Path workDir;

  private WarServer(Server server, Path workDir) {
    this.server = server;
    this.workDir = workDir;
  }

  /**
   * Starts the server, or stops what it started and throws: the port is taken, the WAR did not
   * deploy (pinoauth's own start-up failed), or the jar has no WAR.
   */
  static WarServer start(Options options, UsersLoginService realm) throws Exception {
    Path workDir = Files.createTempDirectory("pinoauth-standalone-");
    Server server = new Server();
    try {
      Path war = copyWar(workDir);
      HttpConfiguration http = new HttpConfiguration();
      http.setSendServerVersion(false);
      if (options.forwarded()) {
        http.addCustomizer(new ForwardedRequestCustomizer());
      }
      ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
      connector.setHost(options.host());
      connector.setPort(options.port());
      server.addConnector(connector);

      WebAppContext webapp = new WebAppContext();
      webapp.setContextPath("/");
      webapp.setWar(war.toString());
      webapp.setTempDirectory(workDir.resolve("webapp").toFile());
      // pinoauth's listener failing fails the start, rather than serving 503 on every path.
      webapp.setThrowUnavailableOnStartupException(true);

      server.addBean(realm);
      server.setHandler(new GracefulHandler(webapp));
      server.setStopTimeout(STOP_TIMEOUT.toMillis());
      // A stop not asked for by a signal Main handles (SIGHUP, System.exit) still stops Jetty.
      server.setStopAtShutdown(true);
      server.start();
      return new WarServer(server, workDir);
    } catch (Exception | Error e) {
      try {
        server.stop();
      } catch (Exception alsoFailed) {
        e.addSuppressed(alsoFailed);
      } finally {
        deleteTree(workDir);
      }
      throw e;
    }
  }

  private static Path copyWar(Path workDir) throws IOException {
    try (InputStream in = WarServer.class.getResourceAsStream(WAR_RESOURCE)) {
      if (in == null) {
        throw new IOException(
            "no " + WAR_RESOURCE + " in the class path: run target/pinoauth-standalone.jar");
      }
      Path war = workDir.resolve("pinoauth.war");
      Files.copy(in, war);
      return war;
    }
  }

  /** Where it listens, e.g. {@code http://127.0.0.1:8080/}. */
  URI uri() {
    ServerConnector connector = (ServerConnector) server.getConnectors()[0];
    String host = connector.getHost();
    if (host.contains(":")) {
      host = "[" + host + "]";
    }
    return URI.create("http://" + host + ":" + connector.getLocalPort() + "/");
  }

  /** Stops gracefully (requests under way finish) and removes the unpacked WAR. */
  void stop() throws Exception {
    try {
      server.stop();
    } finally {
      deleteTree(workDir);
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // A temporary folder left behind harms nothing.
    }
  }
}
