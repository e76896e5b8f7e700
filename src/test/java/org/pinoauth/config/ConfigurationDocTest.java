package org.pinoauth.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md's table of settings against the keys {@link Config#from} really asks {@link
 * Settings} for: every key read has a row, every row names a key that is read, and its environment
 * variable is the one {@link Settings} looks up. The keys are recorded by a {@link Settings} whose
 * system-property source notes every name it is asked for and answers none, so every default is
 * taken and every read happens.
 */
class ConfigurationDocTest {
  private static final Path DOC = Path.of("docs/configuration.md");
  private static final Pattern ROW =
      Pattern.compile("^\\| `([^`]+)` \\| `([^`]+)` \\| (.+) \\| (.+) \\|$");

  @Test
  void tableWhenComparedWithTheKeysConfigReadsThenNoneMissing() throws IOException {
    Set<String> missing = new TreeSet<>(keysConfigReads());
    missing.removeAll(documentedRows().keySet());

    assertTrue(missing.isEmpty(), "keys Config reads that docs/configuration.md lacks: " + missing);
  }

  @Test
  void tableWhenComparedWithTheKeysConfigReadsThenNoneExtra() throws IOException {
    Set<String> extra = new TreeSet<>(documentedRows().keySet());
    extra.removeAll(keysConfigReads());

    assertTrue(extra.isEmpty(), "docs/configuration.md names keys nothing reads: " + extra);
  }

  @Test
  void tableWhenReadThenEachEnvironmentVariableIsTheOneSettingsLooksUp() throws IOException {
    documentedRows()
        .forEach(
            (key, environmentVariable) ->
                assertEquals(Settings.environmentName(key), environmentVariable, key));
  }

  @Test
  void tableWhenReadThenEachKeyHasOneRow() throws IOException {
    List<String> keys = rows().stream().map(row -> row[0]).toList();

    assertEquals(Set.copyOf(keys).size(), keys.size(), "a key with two rows: " + keys);
  }

  private static Set<String> keysConfigReads() {
    Set<String> asked = new TreeSet<>();
    Settings recording =
        new Settings(
            name -> {
              asked.add(name.substring("pinoauth.".length()));
              return null;
            },
            Map.of(),
            name -> null);
    Config.from(recording);
    assertTrue(asked.size() > 20, "the recording saw only " + asked);
    return asked;
  }

  private static Map<String, String> documentedRows() throws IOException {
    Map<String, String> rows = new LinkedHashMap<>();
    for (String[] row : rows()) {
      rows.put(row[0], row[1]);
    }
    assertTrue(rows.size() > 20, "docs/configuration.md's table has only " + rows.keySet());
    return rows;
  }

  /** The rows of the table under "## Every setting": key, environment variable. */
  private static List<String[]> rows() throws IOException {
    List<String[]> rows = new ArrayList<>();
    boolean inSection = false;
    for (String line : Files.readAllLines(DOC, StandardCharsets.UTF_8)) {
      if (line.startsWith("## ")) {
        inSection = line.equals("## Every setting");
        continue;
      }
      Matcher row = ROW.matcher(line);
      if (inSection && row.matches()) {
        rows.add(new String[] {row.group(1), row.group(2)});
      }
    }
    return rows;
  }
}
