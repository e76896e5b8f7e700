package org.pinoauth.testing;

import java.net.URI;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.pinoauth.boot.Pinoauth;

/**
 * One {@link TestServer} for all the tests of a class: started before the first, stopped after the
 * last, in place of a {@code @BeforeAll}/{@code @AfterAll} pair in every integration test. Register
 * it as {@code @RegisterExtension static final TestServerExtension server =
 * TestServerExtension.of(builder -> builder.setting(...))}; it answers {@link #uri} and the other
 * questions of the server itself, and {@link #get} hands the server to helpers. A {@code @Nested}
 * class shares its outer class's server.
 */
public final class TestServerExtension implements BeforeAllCallback, AfterAllCallback {
  private final UnaryOperator<TestServer.Builder> configuration;
  private TestServer server;
  private Class<?> owner;

  private TestServerExtension(UnaryOperator<TestServer.Builder> configuration) {
    this.configuration = configuration;
  }

  /** A server with default settings. */
  public static TestServerExtension start() {
    return of(builder -> builder);
  }

  /**
   * A server configured by {@code configuration}, applied to a fresh {@link TestServer#builder}.
   */
  public static TestServerExtension of(UnaryOperator<TestServer.Builder> configuration) {
    return new TestServerExtension(configuration);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    // The extension of an outer class is inherited by its @Nested classes: start only once.
    if (server == null) {
      server = configuration.apply(TestServer.builder()).start();
      owner = context.getRequiredTestClass();
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (server != null && context.getRequiredTestClass() == owner) {
      server.close();
      server = null;
    }
  }

  /** The running server; fails when asked outside the tests of the class. */
  public TestServer get() {
    if (server == null) {
      throw new IllegalStateException("the test server runs only while the class's tests run");
    }
    return server;
  }

  public URI uri(String path) {
    return get().uri(path);
  }

  public int port() {
    return get().port();
  }

  public Path dataDir() {
    return get().dataDir();
  }

  public Pinoauth pinoauth() {
    return get().pinoauth();
  }

  public String raw(String request) {
    return get().raw(request);
  }
}
