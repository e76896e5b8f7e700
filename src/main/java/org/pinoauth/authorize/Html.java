package org.pinoauth.authorize;

/**
 * Markup that is already safe to insert into a page. Everything else that reaches a {@link
 * Template} is text and gets escaped. Public for {@link #escape} only: the development run's {@code
 * /dev/callback} page escapes with the same code as the sign-in and consent pages.
 */
public record Html(String markup) {

  /** Escapes text for an HTML element body or a double- or single-quoted attribute value. */
  public static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  static Html text(String text) {
    return new Html(escape(text));
  }
}
