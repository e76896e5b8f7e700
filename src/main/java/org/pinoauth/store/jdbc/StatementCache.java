package org.pinoauth.store.jdbc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Keeps the prepared statements of one SQLite connection for reuse, as H2 does on its own:
 * sqlite-jdbc compiles every {@code prepareStatement} again, and compiling the app lookup costs
 * more than running it. {@code prepareStatement(sql)} hands out an idle statement for the same SQL
 * if there is one (never one that is out already: then a fresh one), and its {@code close()} closes
 * its result set, clears its parameters and batch and puts it back. At most {@code capacity} idle
 * statements are kept, the least recently used closed first; closing the connection closes them
 * all. Not thread-safe, as a connection is used by one thread at a time.
 */
final class StatementCache implements InvocationHandler {
  /** How many idle statements one connection keeps (H2's QUERY_CACHE_SIZE is the same). */
  static final int CAPACITY = 64;

  private final Connection physical;
  private final Map<String, PreparedStatement> idle;
  private boolean closed;

  private StatementCache(Connection physical, int capacity) {
    this.physical = physical;
    this.idle =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, PreparedStatement> eldest) {
            if (size() <= capacity) {
              return false;
            }
            closeQuietly(eldest.getValue());
            return true;
          }
        };
  }

  /** {@code physical}, with its {@code prepareStatement(String)} statements cached. */
  static Connection wrap(Connection physical, int capacity) {
    return (Connection)
        Proxy.newProxyInstance(
            StatementCache.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            new StatementCache(physical, capacity));
  }

  /** {@code dataSource}, whose connections cache their statements ({@link #CAPACITY} each). */
  static DataSource caching(DataSource dataSource) {
    InvocationHandler handler =
        (proxy, method, args) -> {
          Object result = forward(dataSource, method, args);
          return method.getName().equals("getConnection")
              ? wrap((Connection) result, CAPACITY)
              : result;
        };
    return (DataSource)
        Proxy.newProxyInstance(
            StatementCache.class.getClassLoader(), new Class<?>[] {DataSource.class}, handler);
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    String name = method.getName();
    if (name.equals("prepareStatement") && args.length == 1) {
      return prepare((String) args[0]);
    }
    if (name.equals("equals")) {
      return proxy == args[0];
    }
    if (name.equals("close") && args == null) {
      closeAll();
    }
    return forward(physical, method, args);
  }

  private PreparedStatement prepare(String sql) throws SQLException {
    PreparedStatement statement = closed ? null : idle.remove(sql);
    if (statement == null) {
      statement = physical.prepareStatement(sql);
    }
    return (PreparedStatement)
        Proxy.newProxyInstance(
            StatementCache.class.getClassLoader(),
            new Class<?>[] {PreparedStatement.class},
            new Lent(sql, statement));
  }

  private void giveBack(
      String sql, PreparedStatement statement, ResultSet results, boolean stepping) {
    try {
      if (results != null) {
        results.close(); // resets the statement: no read snapshot stays open, COMMIT not held up
      }
      if (closed || stepping || statement.isClosed() || idle.containsKey(sql)) {
        statement.close();
        return;
      }
      statement.clearParameters();
      statement.clearBatch();
      statement.clearWarnings();
      idle.put(sql, statement);
    } catch (SQLException e) {
      closeQuietly(statement);
    }
  }

  private void closeAll() {
    closed = true;
    List<PreparedStatement> statements = new ArrayList<>(idle.values());
    idle.clear();
    statements.forEach(StatementCache::closeQuietly);
  }

  private static void closeQuietly(PreparedStatement statement) {
    try {
      statement.close();
    } catch (SQLException ignored) {
      // Its connection is broken or closed: nothing left to free.
    }
  }

  private static Object forward(Object target, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  /** A statement out of the cache: {@code close()} gives it back instead of finalizing it. */
  private final class Lent implements InvocationHandler {
    private final String sql;
    private final PreparedStatement statement;
    private ResultSet results;
    private boolean stepping;
    private boolean returned;

    Lent(String sql, PreparedStatement statement) {
      this.sql = sql;
      this.statement = statement;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      switch (method.getName()) {
        case "close" -> {
          if (!returned) {
            returned = true;
            giveBack(sql, statement, results, stepping);
          }
          return null;
        }
        case "isClosed" -> {
          return returned || statement.isClosed();
        }
        default -> {
          if (returned) {
            throw new SQLException("The statement is closed");
          }
          Object result = forward(statement, method, args);
          if (result instanceof ResultSet set) {
            results = set;
          } else if (method.getName().equals("execute")) {
            // sqlite-jdbc's execute() may leave the statement stepping (PRAGMA incremental_vacuum
            // answers false but is not reset), which would hold up a COMMIT: not kept.
            stepping = true;
          }
          return result;
        }
      }
    }
  }
}
