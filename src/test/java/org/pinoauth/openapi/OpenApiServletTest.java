package org.pinoauth.openapi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The base URL substitution of {@link OpenApiServlet}, and the placeholder it relies on. */
class OpenApiServletTest {

  @Test
  void renderWhenBaseGivenThenPlaceholderReplaced() {
    String document = "servers:\n  - url: '{{base}}'\n";

    assertEquals(
        "servers:\n  - url: 'https://auth.example.com/pin'\n",
        OpenApiServlet.render(document, "https://auth.example.com/pin"));
  }

  @Test
  void renderWhenBaseHasQuoteThenDoubledSoTheScalarStaysOneString() {
    assertEquals("url: 'http://a''b'", OpenApiServlet.render("url: '{{base}}'", "http://a'b"));
  }

  @Test
  void documentWhenReadThenPlaceholderOnlyAsTheSingleQuotedServerUrl() throws IOException {
    String document =
        Files.readString(Path.of("webapp", "WEB-INF", "openapi.yaml"), StandardCharsets.UTF_8);

    List<String> lines =
        document.lines().filter(line -> line.contains(OpenApiServlet.BASE_PLACEHOLDER)).toList();
    assertEquals(List.of("  - url: '{{base}}'"), lines);
  }
}
