package org.pinoauth.store.jdbc;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A container's DataSource with the pool meters pinoauth publishes for its own pool
 * (docs/operations.md "Metrics"), since a container pool reports, if at all, only through the
 * container: {@code pinoauth.store.connections.active} (connections pinoauth holds now), {@code
 * pinoauth.store.connections.acquire} (time to get one, a histogram) and {@code
 * pinoauth.store.connections.failures} (attempts that failed), each tagged with the JNDI name.
 * Every connection it hands out is a proxy whose first {@code close()} counts, so closing twice
 * (which JDBC allows) does not count twice. {@link #unwrap} reaches the container's DataSource.
 */
final class MeteredDataSource implements DataSource {
  private static final Class<?>[] CONNECTION = {Connection.class};

  private final DataSource delegate;
  private final AtomicInteger active = new AtomicInteger();
  private final Timer acquire;
  private final Counter failures;

  MeteredDataSource(DataSource delegate, String name, MeterRegistry registry) {
    this.delegate = delegate;
    Gauge.builder("pinoauth.store.connections.active", active, AtomicInteger::get)
        .description("Connections of the container DataSource that pinoauth holds now")
        .tag("datasource", name)
        .strongReference(true)
        .register(registry);
    acquire =
        Timer.builder("pinoauth.store.connections.acquire")
            .description("Time to get a connection from the container DataSource")
            .tag("datasource", name)
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofNanos(100_000))
            .maximumExpectedValue(Duration.ofSeconds(30))
            .register(registry);
    failures =
        Counter.builder("pinoauth.store.connections.failures")
            .description("Attempts to get a connection from the container DataSource that failed")
            .tag("datasource", name)
            .register(registry);
  }

  @Override
  public Connection getConnection() throws SQLException {
    long start = System.nanoTime();
    try {
      return counted(delegate.getConnection(), start);
    } catch (SQLException | RuntimeException e) {
      failures.increment();
      throw e;
    }
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    long start = System.nanoTime();
    try {
      return counted(delegate.getConnection(username, password), start);
    } catch (SQLException | RuntimeException e) {
      failures.increment();
      throw e;
    }
  }

  private Connection counted(Connection connection, long start) {
    acquire.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    active.incrementAndGet();
    return (Connection)
        Proxy.newProxyInstance(
            MeteredDataSource.class.getClassLoader(), CONNECTION, new Counted(connection));
  }

  /** Passes every call to the connection; the first {@code close()} gives it back to the count. */
  private final class Counted implements InvocationHandler {
    private final Connection connection;
    private final AtomicBoolean closed = new AtomicBoolean();

    Counted(Connection connection) {
      this.connection = connection;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      switch (method.getName()) {
        case "close" -> {
          if (closed.compareAndSet(false, true)) {
            active.decrementAndGet();
          }
        }
        case "unwrap" -> {
          if (((Class<?>) args[0]).isInstance(proxy)) {
            return proxy; // Connection itself: the counted one, so that its close still counts.
          }
        }
        case "isWrapperFor" -> {
          if (((Class<?>) args[0]).isInstance(proxy)) {
            return true;
          }
        }
        case "equals" -> {
          return proxy == args[0];
        }
        case "hashCode" -> {
          return System.identityHashCode(proxy);
        }
        case "toString" -> {
          return "counted " + connection;
        }
        default -> {
          // Every other call goes to the connection as it is.
        }
      }
      try {
        return method.invoke(connection, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    }
  }

  @Override
  public <T> T unwrap(Class<T> type) throws SQLException {
    return type.isInstance(this) ? type.cast(this) : delegate.unwrap(type);
  }

  @Override
  public boolean isWrapperFor(Class<?> type) throws SQLException {
    return type.isInstance(this) || delegate.isWrapperFor(type);
  }

  @Override
  public PrintWriter getLogWriter() throws SQLException {
    return delegate.getLogWriter();
  }

  @Override
  public void setLogWriter(PrintWriter out) throws SQLException {
    delegate.setLogWriter(out);
  }

  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    delegate.setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() throws SQLException {
    return delegate.getLoginTimeout();
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    return delegate.getParentLogger();
  }
}
