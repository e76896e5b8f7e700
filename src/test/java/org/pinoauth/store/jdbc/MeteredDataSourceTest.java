package org.pinoauth.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;
import javax.sql.DataSource;
import org.h2.jdbc.JdbcConnection;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The pool meters of a container DataSource (docs/operations.md), on an in-memory H2. */
class MeteredDataSourceTest {
  private static final String NAME = "jdbc/pinoauth";

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private JdbcDataSource h2;
  private Connection keepAlive;
  private MeteredDataSource metered;

  @BeforeEach
  void open() throws SQLException {
    h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:metered-" + UUID.randomUUID());
    h2.setUser("sa");
    h2.setPassword("sa");
    keepAlive = h2.getConnection(); // An in-memory database lives while a connection is open.
    metered = new MeteredDataSource(h2, NAME, registry);
  }

  @AfterEach
  void close() throws SQLException {
    keepAlive.close();
  }

  @Test
  void getConnectionWhenHeldThenActiveCountsThemAndCloseGivesEachBackOnce() throws SQLException {
    Connection first = metered.getConnection();
    Connection second = metered.getConnection("sa", "sa");

    assertEquals(2, active());
    assertEquals(2, registry.get("pinoauth.store.connections.acquire").timer().count());

    first.close();
    first.close(); // JDBC allows it; it must not count twice.
    assertEquals(1, active());
    assertTrue(first.isClosed());

    second.close();
    assertEquals(0, active());
    assertEquals(0, failures());
  }

  @Test
  void getConnectionWhenTryWithResourcesThenWorkPassesThroughAndActiveIsZeroAfter()
      throws SQLException {
    try (Connection connection = metered.getConnection();
        ResultSet result = connection.createStatement().executeQuery("SELECT 41 + 1")) {
      result.next();
      assertEquals(42, result.getInt(1));
      assertEquals(1, active());
    }

    assertEquals(0, active());
  }

  @Test
  void getConnectionWhenDataSourceRefusesThenFailureCountedAndExceptionAsItWas() {
    SQLException refused =
        assertThrows(SQLException.class, () -> metered.getConnection("sa", "wrong"));

    assertEquals("28000", refused.getSQLState(), refused.toString());
    assertEquals(1, failures());
    assertEquals(0, active());
    assertEquals(0, registry.get("pinoauth.store.connections.acquire").timer().count());
  }

  @Test
  void unwrapWhenContainerTypeAskedThenContainerDataSource() throws SQLException {
    assertTrue(metered.isWrapperFor(JdbcDataSource.class));
    assertSame(h2, metered.unwrap(JdbcDataSource.class));
    assertTrue(metered.isWrapperFor(DataSource.class));
    assertSame(metered, metered.unwrap(DataSource.class));
  }

  @Test
  void unwrapWhenConnectionOfDriverAskedThenDriverConnectionAndCountedOneForConnection()
      throws SQLException {
    try (Connection connection = metered.getConnection()) {
      assertTrue(connection.isWrapperFor(JdbcConnection.class));
      assertTrue(connection.unwrap(JdbcConnection.class) instanceof JdbcConnection);
      assertSame(connection, connection.unwrap(Connection.class));
    }
    assertEquals(0, active());
  }

  private double active() {
    return registry
        .get("pinoauth.store.connections.active")
        .tag("datasource", NAME)
        .gauge()
        .value();
  }

  private double failures() {
    return registry.get("pinoauth.store.connections.failures").counter().count();
  }
}
