package org.pinoauth.authorize;

import jakarta.servlet.ServletContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A page template from {@code webapp/WEB-INF/templates/}, with {@code {{name}}} placeholders. A
 * {@link String} value is escaped, an {@link Html} value inserted as it is; a placeholder without a
 * value is a programming error, caught at the first render in the tests.
 */
final class Template {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([a-zA-Z]+)}}");

  private final String name;
  private final String source;

  private Template(String name, String source) {
    this.name = name;
    this.source = source;
  }

  static Template load(ServletContext context, String name) {
    String path = "/WEB-INF/templates/" + name;
    try (InputStream in = context.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("Missing page template " + path);
      }
      return new Template(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read page template " + path, e);
    }
  }

  String render(Map<String, Object> values) {
    Matcher matcher = PLACEHOLDER.matcher(source);
    StringBuilder out = new StringBuilder(source.length() + 512);
    while (matcher.find()) {
      Object value = values.get(matcher.group(1));
      if (value == null) {
        throw new IllegalStateException(name + " needs a value for " + matcher.group(1));
      }
      String replacement =
          value instanceof Html html ? html.markup() : Html.escape(value.toString());
      matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    matcher.appendTail(out);
    return out.toString();
  }
}
