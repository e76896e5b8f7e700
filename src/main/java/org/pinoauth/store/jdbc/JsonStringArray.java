package org.pinoauth.store.jdbc;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the JSON array of strings that SQLite's {@code json_group_array} makes of a list column
 * ({@link Dialect#strings}). It is on the path of every app lookup, where a general JSON parser
 * (JSON-P) was a tenth of an introspection's CPU; this reads only what that function writes: no
 * whitespace, strings only, escapes as RFC 8259 §7 has them.
 */
final class JsonStringArray {
  private final String json;
  private int at;

  private JsonStringArray(String json) {
    this.json = json;
  }

  /**
   * The strings of {@code json}, in order.
   *
   * @throws IllegalArgumentException when {@code json} is not such an array
   */
  static List<String> decode(String json) {
    return new JsonStringArray(json).array();
  }

  private List<String> array() {
    List<String> strings = new ArrayList<>();
    expect('[');
    if (peek() == ']') {
      at++;
    } else {
      do {
        strings.add(string());
      } while (next() == ',');
      at--;
      expect(']');
    }
    if (at != json.length()) {
      throw malformed();
    }
    return strings;
  }

  private String string() {
    expect('"');
    StringBuilder value = new StringBuilder();
    for (char c = next(); c != '"'; c = next()) {
      value.append(c == '\\' ? escaped(next()) : c);
    }
    return value.toString();
  }

  private char escaped(char c) {
    return switch (c) {
      case '"', '\\', '/' -> c;
      case 'b' -> '\b';
      case 'f' -> '\f';
      case 'n' -> '\n';
      case 'r' -> '\r';
      case 't' -> '\t';
      case 'u' -> unicode();
      default -> throw malformed();
    };
  }

  private char unicode() {
    if (at + 4 > json.length()) {
      throw malformed();
    }
    try {
      char c = (char) Integer.parseInt(json.substring(at, at + 4), 16);
      at += 4;
      return c;
    } catch (NumberFormatException e) {
      throw malformed();
    }
  }

  private void expect(char c) {
    if (next() != c) {
      throw malformed();
    }
  }

  private char peek() {
    if (at >= json.length()) {
      throw malformed();
    }
    return json.charAt(at);
  }

  private char next() {
    char c = peek();
    at++;
    return c;
  }

  private IllegalArgumentException malformed() {
    return new IllegalArgumentException("Not a JSON array of strings at offset " + at);
  }
}
