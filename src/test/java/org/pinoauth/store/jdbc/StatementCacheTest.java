package org.pinoauth.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A connection's statement cache reuses idle statements and never lends one twice. */
class StatementCacheTest {
  private static final String FIND = "SELECT name FROM app WHERE id = ?";

  private Connection connection;

  @BeforeEach
  void open(@TempDir Path dir) throws SQLException {
    connection =
        StatementCache.wrap(DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("t.db")), 2);
    try (Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE app (id INTEGER PRIMARY KEY, name TEXT)");
      statement.execute("INSERT INTO app VALUES (1, 'one'), (2, 'two')");
    }
  }

  @Test
  void closedStatementThenSameSqlGetsTheSameCompiledStatement() throws SQLException {
    PreparedStatement first = connection.prepareStatement(FIND);
    PreparedStatement compiled = first.unwrap(PreparedStatement.class);
    assertEquals("one", name(first, 1));
    first.close();

    PreparedStatement second = connection.prepareStatement(FIND);
    assertSame(compiled, second.unwrap(PreparedStatement.class));
    assertEquals("two", name(second, 2));
    second.close();
    connection.close();
  }

  @Test
  void statementStillOpenThenSameSqlGetsAFreshOne() throws SQLException {
    try (PreparedStatement outer = connection.prepareStatement(FIND);
        PreparedStatement inner = connection.prepareStatement(FIND)) {
      assertNotSame(outer.unwrap(PreparedStatement.class), inner.unwrap(PreparedStatement.class));
      outer.setLong(1, 1);
      try (ResultSet outerRow = outer.executeQuery()) {
        assertTrue(outerRow.next());
        assertEquals("two", name(inner, 2));
        assertEquals("one", outerRow.getString(1));
      }
    }
    connection.close();
  }

  @Test
  void givenBackThenParametersCleared() throws SQLException {
    try (PreparedStatement find = connection.prepareStatement(FIND)) {
      assertEquals("one", name(find, 1));
    }
    try (PreparedStatement find = connection.prepareStatement(FIND)) {
      try (ResultSet row = find.executeQuery()) {
        assertFalse(row.next(), "no id bound, so no row");
      }
    } catch (SQLException unbound) {
      // sqlite-jdbc may refuse to run with a parameter unbound: also not the old value.
    }
    connection.close();
  }

  @Test
  void givenBackWithResultSetOpenThenResultSetClosed() throws SQLException {
    PreparedStatement find = connection.prepareStatement(FIND);
    find.setLong(1, 1);
    ResultSet row = find.executeQuery();
    assertTrue(row.next());
    find.close();

    assertTrue(row.isClosed());
    assertTrue(find.isClosed());
    assertThrows(SQLException.class, find::executeQuery);
    try (PreparedStatement again = connection.prepareStatement(FIND)) {
      assertEquals("two", name(again, 2));
    }
    connection.close();
  }

  @Test
  void runByExecuteThenClosedNotKept() throws SQLException {
    PreparedStatement vacuum = connection.prepareStatement("PRAGMA incremental_vacuum(1)");
    PreparedStatement compiled = vacuum.unwrap(PreparedStatement.class);
    vacuum.execute();
    vacuum.close();

    assertTrue(compiled.isClosed(), "a statement still stepping would hold up a COMMIT");
    connection.close();
  }

  @Test
  void updateGivenBackInTransactionThenCommitNotHeldUp() throws SQLException {
    String rename = "UPDATE app SET name = ? WHERE id = ?";
    try (Statement transaction = connection.createStatement()) {
      transaction.execute("BEGIN IMMEDIATE");
      try (PreparedStatement update = connection.prepareStatement(rename)) {
        update.setString(1, "uno");
        update.setLong(2, 1);
        assertEquals(1, update.executeUpdate());
      }
      try (PreparedStatement find = connection.prepareStatement(FIND)) {
        assertEquals("uno", name(find, 1));
      }
      transaction.execute("COMMIT");
    }
    try (PreparedStatement find = connection.prepareStatement(FIND)) {
      assertEquals("uno", name(find, 1));
    }
    connection.close();
  }

  @Test
  void connectionClosedThenCachedStatementsClosed() throws SQLException {
    PreparedStatement find = connection.prepareStatement(FIND);
    PreparedStatement compiled = find.unwrap(PreparedStatement.class);
    find.close();
    assertFalse(compiled.isClosed());

    connection.close();

    assertTrue(compiled.isClosed());
  }

  @Test
  void moreSqlThanCapacityThenLeastRecentlyUsedClosed() throws SQLException {
    PreparedStatement[] compiled = new PreparedStatement[3];
    for (int i = 0; i < 3; i++) {
      try (PreparedStatement statement =
          connection.prepareStatement(FIND + " AND " + i + " = " + i)) {
        compiled[i] = statement.unwrap(PreparedStatement.class);
        assertEquals("one", name(statement, 1));
      }
    }
    assertTrue(compiled[0].isClosed());
    assertFalse(compiled[1].isClosed());
    assertFalse(compiled[2].isClosed());
    connection.close();
  }

  @Test
  void batchGivenBackThenBatchCleared() throws SQLException {
    String insert = "INSERT INTO app (id, name) VALUES (?, ?)";
    try (PreparedStatement statement = connection.prepareStatement(insert)) {
      statement.setLong(1, 3);
      statement.setString(2, "three");
      statement.addBatch();
    }
    try (PreparedStatement statement = connection.prepareStatement(insert)) {
      statement.setLong(1, 4);
      statement.setString(2, "four");
      statement.addBatch();
      assertEquals(1, statement.executeBatch().length);
    }
    try (Statement count = connection.createStatement();
        ResultSet row = count.executeQuery("SELECT group_concat(id) FROM app")) {
      row.next();
      assertEquals("1,2,4", row.getString(1));
    }
    connection.close();
  }

  private static String name(PreparedStatement find, long id) throws SQLException {
    find.setLong(1, id);
    try (ResultSet row = find.executeQuery()) {
      return row.next() ? row.getString(1) : null;
    }
  }
}
