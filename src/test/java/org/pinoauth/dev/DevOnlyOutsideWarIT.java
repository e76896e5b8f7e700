package org.pinoauth.dev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The WAR that {@code mvn package} made carries none of the development run (CONTRACT §8): no class
 * of {@code org.pinoauth.dev}, no {@code /dev/callback} mapping, none of the files of {@code
 * src/dev/}. An integration test, so the WAR of this very build is the one read.
 */
class DevOnlyOutsideWarIT {
  private static List<String> entries;
  private static String webXml;

  @BeforeAll
  static void readWar() throws IOException {
    Path war;
    try (Stream<Path> files = Files.list(Path.of("target"))) {
      List<Path> wars = files.filter(file -> file.toString().endsWith(".war")).toList();
      assertEquals(1, wars.size(), "one WAR in target/: " + wars);
      war = wars.get(0);
    }
    try (JarFile jar = new JarFile(war.toFile())) {
      entries = jar.stream().map(ZipEntry::getName).toList();
      webXml =
          new String(
              jar.getInputStream(jar.getEntry("WEB-INF/web.xml")).readAllBytes(),
              StandardCharsets.UTF_8);
    }
  }

  @Test
  void warWhenPackagedThenNoDevelopmentClassOrFile() {
    assertTrue(
        entries.contains("WEB-INF/classes/org/pinoauth/boot/PinoauthListener.class"),
        "the WAR read is pinoauth's: " + entries.size() + " entries");
    for (String entry : entries) {
      assertFalse(entry.contains("org/pinoauth/dev/"), entry);
      assertFalse(entry.matches(".*(callback\\.(js|css)|web-dev\\.xml|bootstrap\\.json)"), entry);
      assertFalse(entry.endsWith("realm.properties"), entry);
    }
  }

  @Test
  void warWebXmlWhenPackagedThenMapsNothingUnderDev() {
    assertTrue(webXml.contains("<url-pattern>/v5/oauth/token</url-pattern>"), webXml);
    assertFalse(webXml.contains("/dev/"), webXml);
    assertFalse(webXml.contains("org.pinoauth.dev"), webXml);
  }
}
