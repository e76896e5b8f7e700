package org.pinoauth.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@link ConstantTime}, and that pinoauth compares secret values through it alone. Whether a
 * comparison is constant-time cannot be asserted without timing it; what is asserted is that every
 * comparison of secrets goes through the one helper, which uses the JDK's constant-time {@link
 * java.security.MessageDigest#isEqual}.
 */
class ConstantTimeTest {
  private static final Path MAIN = Path.of("src", "main", "java");
  private static final String HELPER = "org/pinoauth/crypto/ConstantTime.java";

  /** Ways to compare arrays that return at the first differing byte, or bypass the helper. */
  private static final List<String> DIRECT_COMPARISONS =
      List.of("MessageDigest.isEqual", "Arrays.equals(", "Arrays.mismatch(", "Arrays.compare(");

  /** Where pinoauth compares a secret value, and what it compares. */
  private static final Map<String, String> SECRET_COMPARISONS =
      Map.of(
          "org/pinoauth/client/SecretHasher.java", "a client secret's salted hash",
          "org/pinoauth/client/Secret.java", "two secrets",
          "org/pinoauth/clientauth/VerifiedSecrets.java",
              "the HMAC of a presented client secret with a verified one's",
          "org/pinoauth/token/AccessTokenSealer.java", "an access token's MAC",
          "org/pinoauth/token/Pkce.java", "a code_verifier with the code_challenge",
          "org/pinoauth/authorize/Csrf.java", "a consent form's CSRF token",
          "org/pinoauth/authorize/SignInCsrf.java", "a sign-in form's token with its cookie's HMAC",
          "org/pinoauth/standalone/PasswordHash.java",
              "a typed password's PBKDF2 hash with the users file's",
          "org/pinoauth/standalone/HashPassword.java", "the two passwords typed to hash-password");

  @Test
  void isEqualWhenSameBytesThenTrue() {
    assertTrue(ConstantTime.isEqual(new byte[] {1, 2, 3}, new byte[] {1, 2, 3}));
    assertTrue(ConstantTime.isEqual(new byte[0], new byte[0]));
  }

  @Test
  void isEqualWhenAnyByteDiffersThenFalse() {
    byte[] expected = {1, 2, 3, 4};

    assertFalse(ConstantTime.isEqual(expected, new byte[] {9, 2, 3, 4}), "the first byte");
    assertFalse(ConstantTime.isEqual(expected, new byte[] {1, 2, 9, 4}), "a middle byte");
    assertFalse(ConstantTime.isEqual(expected, new byte[] {1, 2, 3, 9}), "the last byte");
  }

  @Test
  void isEqualWhenOneIsAPrefixOfTheOtherThenFalse() {
    assertFalse(ConstantTime.isEqual(new byte[] {1, 2, 3}, new byte[] {1, 2}));
    assertFalse(ConstantTime.isEqual(new byte[] {1, 2}, new byte[] {1, 2, 3}));
    assertFalse(ConstantTime.isEqual(new byte[] {1}, new byte[0]));
    assertFalse(ConstantTime.isEqual(new byte[0], new byte[] {1}));
  }

  @Test
  void isEqualWhenTextsThenComparesTheirUtf8Bytes() {
    assertTrue(ConstantTime.isEqual("café-\uD83D\uDCCC", "café-\uD83D\uDCCC"));
    assertFalse(ConstantTime.isEqual("caf\u00e9", "cafe\u0301"), "another normalization");
    assertFalse(ConstantTime.isEqual("s3cret", "s3cret "));
    assertFalse(ConstantTime.isEqual("s3cret", "S3cret"));
    assertFalse(ConstantTime.isEqual("", "x"));
  }

  @Test
  void mainSourcesWhenScannedThenNoArrayComparisonBypassesTheHelper() throws IOException {
    for (Path file : javaFiles()) {
      if (relative(file).equals(HELPER)) {
        continue;
      }
      String source = Files.readString(file, StandardCharsets.UTF_8);
      for (String comparison : DIRECT_COMPARISONS) {
        assertFalse(
            source.contains(comparison),
            relative(file) + " compares with " + comparison + "; use ConstantTime.isEqual");
      }
    }
  }

  @Test
  void everySecretComparisonWhenScannedThenGoesThroughTheHelper() throws IOException {
    assertTrue(
        Files.readString(MAIN.resolve(HELPER), StandardCharsets.UTF_8)
            .contains("MessageDigest.isEqual("),
        "the helper rests on the JDK's constant-time comparison");
    SECRET_COMPARISONS.forEach(
        (file, what) -> {
          String source = read(MAIN.resolve(file));
          assertTrue(
              source.contains("ConstantTime.isEqual("),
              file + " compares " + what + " without ConstantTime.isEqual");
        });
  }

  @Test
  void secretComparisonListWhenScannedThenNamesEveryCallerOfTheHelper() throws IOException {
    List<String> callers =
        javaFiles().stream()
            .filter(file -> !relative(file).equals(HELPER))
            .filter(file -> read(file).contains("ConstantTime.isEqual("))
            .map(ConstantTimeTest::relative)
            .sorted()
            .toList();

    assertEquals(SECRET_COMPARISONS.keySet().stream().sorted().toList(), callers);
  }

  private static List<Path> javaFiles() throws IOException {
    try (Stream<Path> files = Files.walk(MAIN)) {
      return files.filter(file -> file.toString().endsWith(".java")).toList();
    }
  }

  private static String relative(Path file) {
    return MAIN.relativize(file).toString().replace('\\', '/');
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new AssertionError("cannot read " + file, e);
    }
  }
}
