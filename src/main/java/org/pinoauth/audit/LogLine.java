package org.pinoauth.audit;

/**
 * One audit line, {@code event=NAME key=value ...}, built so that a value cannot end the line or
 * forge a field, whatever it holds. Keys are fixed by the code. A value of ordinary characters
 * (letters, digits, {@code . _ : / @ + , ~ -}) is written as it is; any other is quoted, with
 * {@code "} and {@code \} escaped by a backslash, {@code \n \r \t} as such, and every character
 * that is neither printable ASCII nor a letter or digit (line and paragraph separators, bidi
 * controls, zero-width spaces) as {@code \}{@code uXXXX}. A reader undoes this as JSON would.
 */
final class LogLine {
  private final StringBuilder text = new StringBuilder(128);

  private LogLine(String event) {
    text.append("event=").append(event);
  }

  static LogLine event(String name) {
    return new LogLine(name);
  }

  /** Adds {@code key=value}; a null value leaves the field out. */
  LogLine add(String key, String value) {
    if (value != null) {
      text.append(' ').append(key).append('=');
      appendValue(text, value);
    }
    return this;
  }

  @Override
  public String toString() {
    return text.toString();
  }

  /** {@code value} as it appears in a line: bare when it is plain, else quoted and escaped. */
  static String value(String value) {
    StringBuilder out = new StringBuilder(value.length() + 2);
    appendValue(out, value);
    return out.toString();
  }

  private static void appendValue(StringBuilder out, String value) {
    if (isPlain(value)) {
      out.append(value);
      return;
    }
    out.append('"');
    value
        .codePoints()
        .forEach(
            c -> {
              switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                  if ((c >= 0x20 && c < 0x7F) || (c > 0x7F && Character.isLetterOrDigit(c))) {
                    out.appendCodePoint(c);
                  } else {
                    for (char unit : Character.toChars(c)) {
                      out.append(String.format("\\u%04x", (int) unit));
                    }
                  }
                }
              }
            });
    out.append('"');
  }

  private static boolean isPlain(String value) {
    if (value.isEmpty()) {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean plain =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || ".:/@+,~_-".indexOf(c) >= 0;
      if (!plain) {
        return false;
      }
    }
    return true;
  }
}
