package org.pinoauth.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/** When the real-browser test runs, skips or fails: {@link Chromium#require(Map)}. */
class ChromiumTest {
  @TempDir Path bin;
  @TempDir Path otherBin;

  @Test
  void requireWhenBothOnPathThenTheFirstOfEachOnThePath() throws IOException {
    Path browser = executable(bin, "chromium");
    executable(otherBin, "chromium");
    Path driver = executable(otherBin, "chromedriver");

    Chromium found = Chromium.require(Map.of("PATH", path(bin, otherBin), "CI", "true"));

    assertEquals(new Chromium(browser, driver), found);
  }

  @Test
  void requireWhenDriverMissingAndCiTrueThenFailsNamingIt() throws IOException {
    executable(bin, "chromium");

    AssertionFailedError failure =
        assertThrows(
            AssertionFailedError.class,
            () -> Chromium.require(Map.of("PATH", path(bin), "CI", "true")));

    assertTrue(failure.getMessage().startsWith("chromedriver not found"), failure.getMessage());
    assertTrue(failure.getMessage().contains("CI=true"), failure.getMessage());
  }

  @ParameterizedTest(name = "CI={0}")
  @ValueSource(strings = {"unset", "false"})
  void requireWhenBothMissingOutsideCiThenSkipsSayingSo(String ci) {
    Map<String, String> environment =
        ci.equals("unset") ? Map.of("PATH", path(bin)) : Map.of("PATH", path(bin), "CI", ci);

    TestAbortedException skipped =
        assertThrows(TestAbortedException.class, () -> Chromium.require(environment));

    String message = skipped.getMessage();
    assertTrue(message.contains("chromium and chromedriver not found"), message);
    assertTrue(message.contains("apt-get install chromium chromium-driver"), message);
    assertTrue(message.contains("skipping"), message);
  }

  @Test
  void onPathWhenFileNotExecutableOrADirectoryThenNotFound() throws IOException {
    Files.createFile(bin.resolve("chromium"));
    Files.createDirectory(otherBin.resolve("chromium"));

    assertFalse(Chromium.onPath("chromium", path(bin, otherBin)).isPresent());
  }

  private static Path executable(Path directory, String name) throws IOException {
    return Files.createFile(
        directory.resolve(name),
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
  }

  private static String path(Path... directories) {
    StringBuilder path = new StringBuilder("/no/such/directory");
    for (Path directory : directories) {
      path.append(File.pathSeparator).append(directory);
    }
    return path.toString();
  }
}
