package org.pinoauth.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;

class HashPasswordTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String stdin, String... args) {
    return HashPassword.run(
        List.of(args),
        null,
        new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8),
        new SecureRandom());
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void runWhenPasswordOnStdinThenOneHashLineThatMatchesIt() {
    int status = run("pinner\nignored second line\n", "--iterations", "10000");

    assertEquals(0, status, err());
    assertTrue(
        out().matches("pbkdf2-sha256\\$10000\\$[A-Za-z0-9+/=]+\\$[A-Za-z0-9+/=]+\\R"), out());
    PasswordHash hash = PasswordHash.parse(out().strip());
    assertTrue(hash.matches("pinner"));
    assertEquals("", err());
  }

  @Test
  void runWhenNoIterationsGivenThenTheDefault() {
    assertEquals(0, run("pinner\r\n"));
    assertTrue(out().startsWith("pbkdf2-sha256$600000$"), out());
    assertTrue(PasswordHash.parse(out().strip()).matches("pinner"), "CR LF is not the password's");
  }

  @Test
  void runWhenLineIsAUsersFileLineThenItParses() throws Exception {
    run("s3cret", "--iterations=10000");

    String line = "pinner: " + out().strip() + ", pinoauth-user";

    assertTrue(UsersFile.parse("users", List.of(line)).get("pinner").password().matches("s3cret"));
  }

  @Test
  void runWhenStdinEmptyThenExit1AndNothingPrinted() {
    assertEquals(1, run(""));
    assertEquals(1, run("\n"));
    assertEquals("", out());
    assertTrue(err().contains("hash-password: the password is empty; nothing printed"), err());
  }

  @Test
  void runWhenBadArgumentsThenExit2() {
    assertEquals(2, run("pw", "--iterations", "5"));
    assertEquals(2, run("pw", "--rounds", "5"));
    assertEquals("", out());
    assertTrue(
        err().contains("--iterations must be a number from 10000 to 10000000, not 5"), err());
    assertTrue(err().contains("hash-password: unexpected argument --rounds"), err());
  }

  @Test
  void runWhenHelpThenUsageOnStdout() {
    assertEquals(0, run("", "--help"));
    assertTrue(out().startsWith("Usage: java -jar pinoauth-standalone.jar hash-password"));
  }
}
