package org.pinoauth.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the audit log ({@code org.pinoauth.audit}) as a log reader would: {@link #parse} takes one
 * line apart into its fields, undoing the quoting, and fails on anything that is not a well-formed
 * line; {@link #of} gives the captured lines, parsed.
 */
public final class AuditLines {
  public static final String LOGGER = "org.pinoauth.audit";

  private AuditLines() {}

  /** The audit lines {@code logs} captured so far, each as its fields, in order. */
  public static List<Map<String, String>> of(LogCapture logs) {
    return logs.entries().stream()
        .filter(entry -> entry.logger().equals(LOGGER))
        .map(entry -> parse(entry.text()))
        .toList();
  }

  /** Waits for {@code count} audit lines of {@code event}; exactly that many must come. */
  public static List<Map<String, String>> await(LogCapture logs, String event, int count) {
    List<Map<String, String>> found =
        logs
            .await(
                entry ->
                    entry.logger().equals(LOGGER) && event.equals(parse(entry.text()).get("event")),
                count,
                Duration.ofSeconds(10))
            .stream()
            .map(entry -> parse(entry.text()))
            .toList();
    assertEquals(count, found.size(), () -> event + " lines: " + found);
    return found;
  }

  /** The audit lines of {@code event} among {@code lines}. */
  public static List<Map<String, String>> events(List<Map<String, String>> lines, String event) {
    return lines.stream().filter(line -> event.equals(line.get("event"))).toList();
  }

  /** The fields of one line, {@code key=value} separated by single spaces, event first. */
  public static Map<String, String> parse(String line) {
    Map<String, String> fields = new LinkedHashMap<>();
    int i = 0;
    while (i < line.length()) {
      int equals = line.indexOf('=', i);
      if (equals < 0) {
        throw new AssertionError("no '=' after position " + i + ": " + line);
      }
      String key = line.substring(i, equals);
      if (!key.matches("[a-z_]+")) {
        throw new AssertionError("bad key '" + key + "': " + line);
      }
      StringBuilder value = new StringBuilder();
      i = equals + 1;
      if (i < line.length() && line.charAt(i) == '"') {
        i = readQuoted(line, i + 1, value);
      } else {
        while (i < line.length() && line.charAt(i) != ' ') {
          char c = line.charAt(i++);
          if (c == '"' || c == '\\' || c < 0x21 || c > 0x7E) {
            throw new AssertionError("unquoted value holds " + (int) c + ": " + line);
          }
          value.append(c);
        }
      }
      if (fields.put(key, value.toString()) != null) {
        throw new AssertionError("field " + key + " twice: " + line);
      }
      if (i < line.length()) {
        if (line.charAt(i) != ' ' || i + 1 == line.length()) {
          throw new AssertionError("fields not separated by one space at " + i + ": " + line);
        }
        i++;
      }
    }
    if (!fields.keySet().stream().findFirst().orElse("").equals("event")) {
      throw new AssertionError("a line starts with its event: " + line);
    }
    return fields;
  }

  /** Reads a quoted value from {@code i}, just past its opening quote; returns past its end. */
  private static int readQuoted(String line, int i, StringBuilder value) {
    while (i < line.length()) {
      char c = line.charAt(i++);
      if (c == '"') {
        return i;
      }
      if (c < 0x20 || c == 0x7F) {
        throw new AssertionError("raw control character in a quoted value: " + line);
      }
      if (c != '\\') {
        value.append(c);
        continue;
      }
      char escaped = line.charAt(i++);
      switch (escaped) {
        case '"', '\\' -> value.append(escaped);
        case 'n' -> value.append('\n');
        case 'r' -> value.append('\r');
        case 't' -> value.append('\t');
        case 'u' -> {
          value.append((char) Integer.parseInt(line.substring(i, i + 4), 16));
          i += 4;
        }
        default -> throw new AssertionError("unknown escape \\" + escaped + ": " + line);
      }
    }
    throw new AssertionError("unterminated quoted value: " + line);
  }
}
