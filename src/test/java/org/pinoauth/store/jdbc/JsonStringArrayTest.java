package org.pinoauth.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonStringArrayTest {
  /** Values that need every kind of escape, and some that need none. */
  private static final List<String> AWKWARD =
      List.of(
          "https://app.example/cb?a=1&b=\"two\"",
          "back\\slash/and/slash",
          "tab\tnew\nline\rreturn\bbell\fform",
          "\u0001\u001f control",
          "ünïcödé ✓ 🎉",
          "",
          "pins:read");

  @Test
  void readsWhatSqlitesJsonGroupArrayWritesBackToTheSameStrings() throws SQLException {
    try (Connection sqlite = DriverManager.getConnection("jdbc:sqlite::memory:")) {
      try (Statement create = sqlite.createStatement()) {
        create.execute("CREATE TABLE v (n INTEGER PRIMARY KEY, s TEXT NOT NULL)");
      }
      try (PreparedStatement insert = sqlite.prepareStatement("INSERT INTO v (s) VALUES (?)")) {
        for (String value : AWKWARD) {
          insert.setString(1, value);
          insert.executeUpdate();
        }
      }
      try (Statement select = sqlite.createStatement();
          ResultSet row =
              select.executeQuery(
                  "SELECT (SELECT json_group_array(s) FROM (SELECT s FROM v ORDER BY n))")) {
        row.next();
        assertEquals(AWKWARD, JsonStringArray.decode(row.getString(1)));
      }
      try (Statement select = sqlite.createStatement();
          ResultSet row =
              select.executeQuery("SELECT (SELECT json_group_array(s) FROM v WHERE 0)")) {
        row.next();
        assertEquals(List.of(), JsonStringArray.decode(row.getString(1)), "no rows: []");
      }
    }
  }

  @Test
  void readsOneStringAndEscapedUnicode() {
    assertEquals(List.of("a"), JsonStringArray.decode("[\"a\"]"));
    assertEquals(List.of("é", "x"), JsonStringArray.decode("[\"\\u00e9\",\"x\"]"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "[",
        "]",
        "[\"a\"",
        "[\"a\",]",
        "[\"a\"]x",
        "[\"a\" ]",
        "[1]",
        "[\"\\x\"]",
        "[\"\\u12\"]",
        "[\"\\u12zz\"]",
        "[\"unterminated]"
      })
  void refusesAnythingElse(String json) {
    assertThrows(IllegalArgumentException.class, () -> JsonStringArray.decode(json));
  }
}
