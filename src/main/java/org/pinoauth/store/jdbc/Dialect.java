package org.pinoauth.store.jdbc;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
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

  private static final Pattern ARRAY_OF_COLUMN = Pattern.compile("ARRAY\\(SELECT (\\w+) FROM ");

  /** The dialect of the store {@code dataSource} is: SQLite for pinoauth's SQLite pool. */
  static Dialect of(DataSource dataSource) {
    return dataSource instanceof SqlitePool ? SQLITE : STANDARD;
  }

  /**
   * {@code standard} in this dialect: on SQLite, every {@code ARRAY(SELECT column FROM ...)}
   * becomes {@code (SELECT json_group_array(column) FROM ...)}, the same values as a JSON array in
   * text. Called once per statement, when a store is made.
   */
  String sql(String standard) {
    return this == SQLITE
        ? ARRAY_OF_COLUMN.matcher(standard).replaceAll("(SELECT json_group_array($1) FROM ")
        : standard;
  }

  /**
   * The strings of an {@code ARRAY(...)} column of a statement made by {@link #sql}: String[] from
   * PostgreSQL, Object[] from H2, a JSON array from SQLite.
   */
  List<String> strings(ResultSet rows, int column) throws SQLException {
    List<String> strings = new ArrayList<>();
    if (this == SQLITE) {
      return JsonStringArray.decode(rows.getString(column));
    }
    Array array = rows.getArray(column);
    try {
      for (Object element : (Object[]) array.getArray()) {
        strings.add((String) element);
      }
      return strings;
    } finally {
      array.free();
    }
  }
}
