package org.pinoauth.authorize;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The one HTML escaper of the pages: the sign-in and consent pages, and the dev run's callback. */
class HtmlTest {

  @Test
  void escapeWhenMarkupCharactersThenEntities() {
    assertEquals(
        "&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;",
        Html.escape("<script>alert(1)</script>\"'&"));
  }

  @Test
  void escapeWhenPlainTextThenUnchanged() {
    assertEquals("plain text é 🙂", Html.escape("plain text é 🙂"));
  }

  @Test
  void textWhenMarkupThenEscapedMarkup() {
    assertEquals("a &lt;b&gt;", Html.text("a <b>").markup());
  }
}
