package org.pinoauth.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.plus.jndi.EnvEntry;
import org.eclipse.jetty.security.HashLoginService;
import org.eclipse.jetty.security.UserStore;
import org.eclipse.jetty.server.ForwardedRequestCustomizer;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.LocalConnector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.security.Credential;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.pinoauth.boot.Pinoauth;
import org.pinoauth.boot.PinoauthListener;

/**
 * The real WAR wiring ({@code webapp/WEB-INF/web.xml}, its listener, filters and servlets) in an
 * embedded Jetty on a random port, over a throwaway embedded store (SQLite, or H2 on the suite's H2
 * run), or a throwaway PostgreSQL database when the suite runs on PostgreSQL ({@link
 * TestDatabases}), unless told otherwise. Configuration is passed as context init-parameters, so
 * tests never touch JVM-wide system properties. The realm {@code pinoauth} has the development
 * users ({@code admin}/{@code admin} with role {@code pinoauth-admin}, {@code pinner}/{@code
 * pinner} with role {@code pinoauth-user}), a second user {@code pinner2}/{@code pinner2} (role
 * {@code pinoauth-user}, for switching accounts) and {@code outsider}/{@code outsider}, who has no
 * role.
 */
public final class TestServer implements AutoCloseable {
  private final Server server;
  private final WebAppContext webapp;
  private final LocalConnector local;
  private final int port;
  private final Path dataDir;

  private TestServer(Server server, WebAppContext webapp, LocalConnector local, Path dataDir) {
    this.server = server;
    this.webapp = webapp;
    this.local = local;
    this.port = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    this.dataDir = dataDir;
  }

  /** A server on a fresh store with default settings. */
  public static TestServer start() {
    return builder().start();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Settings for one server; {@code data.dir} defaults to a new temporary folder. */
  public static final class Builder {
    private final Map<String, String> settings = new LinkedHashMap<>();
    private final HttpConfiguration http = new HttpConfiguration();
    private Path dataDir;
    private DataSource containerDataSource;
    private Clock clock;
    private int maxThreads;
    private Path overrideDescriptor;

    /** Sets {@code pinoauth.<key>} as a context init-parameter. */
    public Builder setting(String key, String value) {
      settings.put("pinoauth." + key, value);
      return this;
    }

    /**
     * The clock pinoauth runs on (a {@link MutableClock}, to move time); by default the system's.
     */
    public Builder clock(Clock value) {
      this.clock = value;
      return this;
    }

    public Builder dataDir(Path dir) {
      this.dataDir = dir;
      return this;
    }

    /**
     * Binds {@code dataSource} at {@code java:comp/env/jdbc/pinoauth} as a Jetty {@code EnvEntry},
     * as docs/deploy-jetty.md does on Jetty: a container DataSource, which pinoauth uses as it is.
     */
    public Builder containerDataSource(DataSource dataSource) {
      this.containerDataSource = dataSource;
      return this;
    }

    /**
     * The connectors' limit on request header bytes (Jetty's default is 8 KiB), for tests whose
     * headers must reach the application rather than be refused by the container.
     */
    public Builder requestHeaderSize(int bytes) {
      http.setRequestHeaderSize(bytes);
      return this;
    }

    /**
     * Lets the connectors take the request's scheme, host and client address from {@code Forwarded}
     * and {@code X-Forwarded-*} headers, as a deployment behind a reverse proxy would (Jetty's
     * {@code ForwardedRequestCustomizer}), for tests of what such headers can reach.
     */
    public Builder forwardedHeaders() {
      http.addCustomizer(new ForwardedRequestCustomizer());
      return this;
    }

    /**
     * At most this many threads in the server's pool (Jetty's default is 200), for tests of what
     * holds a thread; the acceptor and selector take two of them.
     */
    public Builder maxThreads(int threads) {
      this.maxThreads = threads;
      return this;
    }

    /**
     * Lays {@code descriptor} over {@code web.xml}, as {@code mvn jetty:run} lays {@code
     * src/dev/web-dev.xml} (jetty-ee10-maven-plugin's {@code overrideDescriptor}).
     */
    public Builder overrideDescriptor(Path descriptor) {
      this.overrideDescriptor = descriptor;
      return this;
    }

    public TestServer start() {
      Server server =
          maxThreads > 0 ? new Server(new QueuedThreadPool(maxThreads, maxThreads)) : new Server();
      try {
        Path dir = dataDir != null ? dataDir : Files.createTempDirectory("pinoauth-test");
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        LocalConnector local = new LocalConnector(server, new HttpConnectionFactory(http));
        server.addConnector(local);

        WebAppContext webapp = new WebAppContext();
        webapp.setContextPath("/");
        webapp.setBaseResourceAsPath(Path.of("webapp").toAbsolutePath());
        webapp.setParentLoaderPriority(true);
        webapp.setThrowUnavailableOnStartupException(true);
        webapp.setInitParameter("pinoauth.data.dir", dir.toString());
        // Every test class talks from 127.0.0.1; per-address limits are tested where they are set.
        webapp.setInitParameter("pinoauth.auth.failure.address.limit", "0");
        webapp.setInitParameter("pinoauth.signin.failure.address.limit", "0");
        if (TestDatabases.postgresSelected() && !settings.containsKey("pinoauth.db.url")) {
          webapp.setInitParameter("pinoauth.db.url", TestDatabases.postgresUrlFor(dir));
        }
        if (TestDatabases.h2Selected()) {
          webapp.setInitParameter("pinoauth.data.engine", "h2");
        }
        settings.forEach(webapp::setInitParameter);
        if (overrideDescriptor != null) {
          webapp.addOverrideDescriptor(overrideDescriptor.toAbsolutePath().toString());
        }
        if (containerDataSource != null) {
          new EnvEntry(webapp, "jdbc/pinoauth", containerDataSource, true);
        }
        if (clock != null) {
          webapp.setAttribute(PinoauthListener.CLOCK_ATTRIBUTE, clock);
        }
        server.addBean(realm());
        server.setHandler(webapp);
        server.start();
        return new TestServer(server, webapp, local, dir);
      } catch (Exception e) {
        try {
          server.stop();
        } catch (Exception alsoFailed) {
          e.addSuppressed(alsoFailed);
        }
        throw new IllegalStateException("The test server did not start", e);
      }
    }
  }

  private static HashLoginService realm() {
    UserStore users = new UserStore();
    users.addUser("admin", Credential.getCredential("admin"), new String[] {"pinoauth-admin"});
    users.addUser("pinner", Credential.getCredential("pinner"), new String[] {"pinoauth-user"});
    users.addUser("pinner2", Credential.getCredential("pinner2"), new String[] {"pinoauth-user"});
    users.addUser("outsider", Credential.getCredential("outsider"), new String[0]);
    HashLoginService realm = new HashLoginService("pinoauth");
    realm.setUserStore(users);
    return realm;
  }

  public URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  public int port() {
    return port;
  }

  public Path dataDir() {
    return dataDir;
  }

  /** The running application's object graph, for tests that set up state through the stores. */
  public Pinoauth pinoauth() {
    return Pinoauth.from(webapp.getServletContext());
  }

  /**
   * Sends raw HTTP/1.1 bytes, exactly as given, through Jetty's in-memory connector, and returns
   * the raw response: for requests no well-behaved client would send.
   */
  public String raw(String request) {
    try {
      return local.getResponse(request);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static void deleteQuietly(Path dir) {
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
