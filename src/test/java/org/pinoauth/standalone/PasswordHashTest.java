package org.pinoauth.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class PasswordHashTest {
  private static final int FAST = PasswordHash.MIN_ITERATIONS;
  private static final SecureRandom RANDOM = new SecureRandom();

  @Test
  void ofWhenFormattedAndParsedThenMatchesThePasswordOnly() {
    String line = PasswordHash.of("s3cret-café".toCharArray(), FAST, RANDOM).format();

    PasswordHash parsed = PasswordHash.parse(line);

    assertTrue(parsed.matches("s3cret-café"));
    assertFalse(parsed.matches("s3cret-cafe"));
    assertFalse(parsed.matches("s3cret-café "));
    assertFalse(parsed.matches(""));
    assertEquals(FAST, parsed.iterations());
  }

  @Test
  void formatWhenHashedThenSchemeIterationsSaltAndHashInBase64() {
    String line = PasswordHash.of("pw".toCharArray(), FAST, RANDOM).format();

    assertTrue(
        line.matches("pbkdf2-sha256\\$10000\\$[A-Za-z0-9+/]{22}==\\$[A-Za-z0-9+/]{43}="), line);
  }

  @Test
  void ofWhenSamePasswordTwiceThenDifferentSalts() {
    String first = PasswordHash.of("pw".toCharArray(), FAST, RANDOM).format();
    String second = PasswordHash.of("pw".toCharArray(), FAST, RANDOM).format();

    assertFalse(first.equals(second));
    assertTrue(PasswordHash.parse(second).matches("pw"));
  }

  @Test
  void parseWhenKnownVectorThenMatches() {
    // PBKDF2-HMAC-SHA256("password", "saltsaltsaltsalt", 10000), computed with Python's hashlib.
    PasswordHash hash =
        PasswordHash.parse(
            "pbkdf2-sha256$10000$c2FsdHNhbHRzYWx0c2FsdA==$"
                + "/HBtt7Z/7p0CzRvSN1B+KXrKNskvRts1UWw61zKTFUo=");

    assertTrue(hash.matches("password"));
    assertFalse(hash.matches("Password"));
  }

  @Test
  void parseWhenNotTheFormThenRefusedWithoutRepeatingIt() {
    for (String text :
        new String[] {
          "plain-password",
          "pbkdf2-sha1$10000$c2FsdHNhbHQ=$AAAA",
          "pbkdf2-sha256$10000$c2FsdHNhbHQ=",
          "pbkdf2-sha256$10000$a$b$c"
        }) {
      String message =
          assertThrows(IllegalArgumentException.class, () -> PasswordHash.parse(text)).getMessage();
      assertEquals(
          "the password is not a hash of the form pbkdf2-sha256$ITERATIONS$SALT$HASH", message);
    }
  }

  @Test
  void parseWhenPartsAreWrongThenSaysWhich() {
    String hash32 = "HNbW9ffAA2qmIGVtAiDTL7wrNNmaEhHmVTK6Eb+xHFQ=";
    assertEquals(
        "the hash's iteration count is not a number",
        refusal("pbkdf2-sha256$many$c2FsdHNhbHRzYWx0c2FsdA==$" + hash32));
    assertEquals(
        "the iteration count must be from 10000 to 10000000, not 9999",
        refusal("pbkdf2-sha256$9999$c2FsdHNhbHRzYWx0c2FsdA==$" + hash32));
    assertEquals(
        "the hash's salt is not standard Base64",
        refusal("pbkdf2-sha256$10000$not*base64$" + hash32));
    assertEquals(
        "the hash's salt is 4 bytes, fewer than 8",
        refusal("pbkdf2-sha256$10000$c2FsdA==$" + hash32));
    assertEquals(
        "the hash is 3 bytes, not the 32 of PBKDF2-SHA256",
        refusal("pbkdf2-sha256$10000$c2FsdHNhbHRzYWx0c2FsdA==$AAAA"));
  }

  private static String refusal(String text) {
    return assertThrows(IllegalArgumentException.class, () -> PasswordHash.parse(text))
        .getMessage();
  }

  @Test
  void decoyWhenCheckedThenMatchesNothingAndTakesTheGivenIterations() {
    PasswordHash decoy = PasswordHash.decoy(FAST, RANDOM);

    assertFalse(decoy.matches(""));
    assertFalse(decoy.matches("password"));
    assertEquals(FAST, decoy.iterations());
  }

  @Test
  void toStringWhenPrintedThenNoSaltOrHash() {
    PasswordHash hash = PasswordHash.of("pw".toCharArray(), FAST, RANDOM);

    assertEquals("pbkdf2-sha256$10000$…", hash.toString());
  }
}
