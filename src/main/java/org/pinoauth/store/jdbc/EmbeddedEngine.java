package org.pinoauth.store.jdbc;

import java.util.Locale;

/**
 * The engine of the embedded store ({@code data.engine}), used when neither a container DataSource
 * nor {@code db.url} is given: SQLite, the default, in {@code <data.dir>/pinoauth.db}, or H2 in
 * {@code <data.dir>/pinoauth.mv.db}.
 */
public enum EmbeddedEngine {
  SQLITE,
  H2;

  /**
   * The engine a {@code data.engine} value names, in any case.
   *
   * @throws IllegalArgumentException naming the setting when the value names neither
   */
  public static EmbeddedEngine of(String setting) {
    return switch (setting.strip().toLowerCase(Locale.ROOT)) {
      case "sqlite" -> SQLITE;
      case "h2" -> H2;
      default ->
          throw new IllegalArgumentException("Setting pinoauth.data.engine must be sqlite or h2");
    };
  }
}
