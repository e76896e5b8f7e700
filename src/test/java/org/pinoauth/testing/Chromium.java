package org.pinoauth.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium and its WebDriver, for the real-browser test: {@code chromium} and
 * {@code chromedriver} looked up on the {@code PATH}, the same lookup as {@code .ci/run}'s {@code
 * command -v}, so the programs CI checks are the ones the test drives. Where either is missing the
 * test is skipped, saying so; under CI (environment variable {@code CI=true}) it fails instead,
 * because {@code .ci/run} installs both and a browser test that quietly stopped running would look
 * like a passing one.
 */
public record Chromium(Path browser, Path driver) {
  static final String BROWSER = "chromium";
  static final String DRIVER = "chromedriver";
  static final String INSTALL = "apt-get install chromium chromium-driver";

  /** Both programs from this process's {@code PATH}; skips or fails the calling test otherwise. */
  public static Chromium require() {
    return require(System.getenv());
  }

  static Chromium require(Map<String, String> environment) {
    String path = environment.getOrDefault("PATH", "");
    Optional<Path> browser = onPath(BROWSER, path);
    Optional<Path> driver = onPath(DRIVER, path);
    if (browser.isPresent() && driver.isPresent()) {
      return new Chromium(browser.get(), driver.get());
    }
    List<String> missing = new ArrayList<>();
    if (browser.isEmpty()) {
      missing.add(BROWSER);
    }
    if (driver.isEmpty()) {
      missing.add(DRIVER);
    }
    String what = String.join(" and ", missing) + " not found on the PATH (" + INSTALL + ")";
    if ("true".equalsIgnoreCase(environment.getOrDefault("CI", ""))) {
      return fail(
          what + ": under CI=true the real-browser test must run, and .ci/run installs Chromium");
    }
    return Assumptions.abort(what + ": skipping the real-browser test");
  }

  /**
   * A headless Chromium with a phone-sized window and its own profile in {@code profile}, kept from
   * calling home (the machine has no network beyond loopback). Quit it when done.
   */
  public WebDriver start(Path profile) {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(browser.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=412,915",
        "--user-data-dir=" + profile.toAbsolutePath());
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(driver.toFile())
            .usingAnyFreePort()
            .build();
    return new ChromeDriver(service, options);
  }

  /** The first executable file named {@code program} in the directories of {@code path}. */
  static Optional<Path> onPath(String program, String path) {
    for (String directory : path.split(File.pathSeparator)) {
      if (directory.isEmpty()) {
        continue;
      }
      try {
        Path candidate = Path.of(directory, program);
        if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
          return Optional.of(candidate);
        }
      } catch (InvalidPathException notADirectory) {
        // A PATH entry no file can be in; the shell skips it too.
      }
    }
    return Optional.empty();
  }
}
