package org.pinoauth.store.jdbc;

import javax.sql.DataSource;

/**
 * The SQL a store speaks, where engines differ: one statement serves every engine wherever it can,
 * and the few that cannot have a variant per dialect. PostgreSQL and H2 (in its PostgreSQL mode)
 * speak {@link #STANDARD}; SQLite lacks {@code SELECT ... FOR UPDATE} (needless with its one
 * writer) and array parameters ({@code = ANY (?)}).
 */
enum Dialect {
  STANDARD,
  SQLITE;

  /** The dialect of the store {@code dataSource} is: SQLite for pinoauth's SQLite pool. */
  static Dialect of(DataSource dataSource) {
    return dataSource instanceof SqlitePool ? SQLITE : STANDARD;
  }
}
