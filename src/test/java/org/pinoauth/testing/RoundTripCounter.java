package org.pinoauth.testing;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * A DataSource that counts the round trips its users make to the database: every statement executed
 * ({@code execute}, {@code executeQuery}, {@code executeUpdate}, {@code executeBatch} and their
 * {@code Large} twins), every {@code commit} and every {@code rollback}. Everything is passed on
 * unchanged to the DataSource it wraps; what that DataSource's own pool sends by itself
 * (validation, a reset on return) is below it and not counted, and neither are the statements of
 * the change feed's threads (named {@code pinoauth-change…}), which poll on their own schedule, not
 * for a request.
 */
public final class RoundTripCounter {
  private final DataSource counted;
  private final AtomicInteger roundTrips = new AtomicInteger();

  private RoundTripCounter(DataSource delegate) {
    this.counted = proxy(DataSource.class, delegate);
  }

  /** A counter over {@code delegate}; hand {@link #dataSource} to the code under test. */
  public static RoundTripCounter over(DataSource delegate) {
    return new RoundTripCounter(delegate);
  }

  /** The counting DataSource. */
  public DataSource dataSource() {
    return counted;
  }

  /** The round trips counted since the last {@link #reset} (or since the start). */
  public int count() {
    return roundTrips.get();
  }

  /** Starts counting from zero. */
  public void reset() {
    roundTrips.set(0);
  }

  /** Runs {@code action} and returns the round trips counted while it ran. */
  public int during(Runnable action) {
    reset();
    action.run();
    return count();
  }

  private <T> T proxy(Class<T> type, T target) {
    InvocationHandler handler = (proxy, method, args) -> invoke(target, method, args);
    return type.cast(
        Proxy.newProxyInstance(
            RoundTripCounter.class.getClassLoader(), new Class<?>[] {type}, handler));
  }

  private Object invoke(Object target, Method method, Object[] args) throws Throwable {
    if (isRoundTrip(target, method)
        && !Thread.currentThread().getName().startsWith("pinoauth-change")) {
      roundTrips.incrementAndGet();
    }
    Object result;
    try {
      result = method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
    return wrap(method, result);
  }

  private static boolean isRoundTrip(Object target, Method method) {
    String name = method.getName();
    if (target instanceof Statement) {
      return name.startsWith("execute");
    }
    return target instanceof Connection && (name.equals("commit") || name.equals("rollback"));
  }

  /** Connections and statements are counted too: they come back wrapped. */
  private Object wrap(Method method, Object result) {
    Class<?> type = method.getReturnType();
    if (result == null || method.getName().equals("unwrap")) {
      return result;
    }
    if (type == Connection.class) {
      return proxy(Connection.class, (Connection) result);
    }
    if (type == CallableStatement.class) {
      return proxy(CallableStatement.class, (CallableStatement) result);
    }
    if (type == PreparedStatement.class) {
      return proxy(PreparedStatement.class, (PreparedStatement) result);
    }
    if (type == Statement.class) {
      return proxy(Statement.class, (Statement) result);
    }
    return result;
  }
}
