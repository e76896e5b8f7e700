package org.pinoauth;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every relative link in the project's documents points at a file that exists and, when it names a
 * heading ({@code file.md#heading} or {@code #heading}), at a heading that file has, with GitHub's
 * anchors (lower case, punctuation dropped, spaces to hyphens). Links to other sites are not
 * followed.
 */
class DocsLinksTest {
  private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
  private static final Pattern FENCE = Pattern.compile("^\\s*```");

  @ParameterizedTest
  @ValueSource(
      strings = {
        "README.md",
        "SECURITY.md",
        "CONTRIBUTING.md",
        "docs/configuration.md",
        "docs/protocol.md",
        "docs/security.md",
        "docs/operations.md",
        "docs/architecture.md",
        "bench/README.md",
        "containers/README.md",
        "docs/deploy-tomcat.md",
        "docs/deploy-jetty.md",
        "docs/deploy-payara.md",
        "docs/postgresql.md",
        "docs/reverse-proxy.md",
        "docs/standalone.md"
      })
  void documentWhenItsLinksAreFollowedThenEachReachesAFileAndHeading(String document)
      throws IOException {
    Path file = Path.of(document);
    assertTrue(Files.isRegularFile(file), document + " does not exist");
    List<String> broken = new ArrayList<>();
    for (String target : links(file)) {
      if (target.matches("^[a-zA-Z][a-zA-Z+.-]*:.*")) {
        continue; // https:, mailto:: another site
      }
      int hash = target.indexOf('#');
      String path = hash < 0 ? target : target.substring(0, hash);
      Path linked = path.isEmpty() ? file : file.toAbsolutePath().getParent().resolve(path);
      if (!Files.exists(linked)) {
        broken.add(target + " (no such file)");
      } else if (hash >= 0 && linked.toString().endsWith(".md")) {
        String anchor = target.substring(hash + 1);
        if (!anchors(linked).contains(anchor)) {
          broken.add(target + " (no such heading)");
        }
      }
    }
    assertTrue(broken.isEmpty(), document + " has broken links: " + broken);
  }

  /** The link targets of a Markdown file, outside fenced code blocks. */
  private static List<String> links(Path file) throws IOException {
    List<String> targets = new ArrayList<>();
    boolean inFence = false;
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (FENCE.matcher(line).find()) {
        inFence = !inFence;
        continue;
      }
      if (!inFence) {
        Matcher link = LINK.matcher(line.replaceAll("`[^`]*`", "``"));
        while (link.find()) {
          targets.add(link.group(1));
        }
      }
    }
    return targets;
  }

  /** The anchors GitHub gives the headings of a Markdown file. */
  private static Set<String> anchors(Path file) throws IOException {
    Set<String> anchors = new LinkedHashSet<>();
    Map<String, Integer> seen = new HashMap<>();
    boolean inFence = false;
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (FENCE.matcher(line).find()) {
        inFence = !inFence;
        continue;
      }
      if (!inFence && line.matches("^#{1,6} .*")) {
        String slug =
            line.replaceFirst("^#+ ", "")
                .strip()
                .toLowerCase(Locale.ROOT)
                .replaceAll("[^\\p{L}\\p{N} _-]", "")
                .replace(' ', '-');
        int count = seen.merge(slug, 1, Integer::sum);
        anchors.add(count == 1 ? slug : slug + "-" + (count - 1));
      }
    }
    return anchors;
  }
}
