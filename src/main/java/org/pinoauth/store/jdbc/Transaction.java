package org.pinoauth.store.jdbc;

import java.sql.Connection;

/**
 * A unit of work under way: the connection of one open transaction, which {@link
 * Jdbc#inTransaction} commits or rolls back as a whole, and the {@link Dialect} its statements are
 * written in. A table's store method that takes one runs its statements in it and never commits, so
 * a state change that spans tables is all or nothing, is run again as a whole after a serialization
 * failure, and waits once for durability.
 */
record Transaction(Connection connection, Dialect dialect) {

  /** A transaction of a PostgreSQL or H2 store. */
  Transaction(Connection connection) {
    this(connection, Dialect.STANDARD);
  }
}
