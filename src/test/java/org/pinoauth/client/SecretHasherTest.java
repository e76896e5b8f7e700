package org.pinoauth.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SecretHasherTest {
  private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();

  @Test
  void matchesWhenSameSecretThenTrue() {
    Secret secret = new Secret("a:b%c+d/e");

    assertTrue(SecretHasher.matches(new Secret("a:b%c+d/e"), SecretHasher.hash(secret)));
  }

  @Test
  void matchesWhenMultiByteSecretThenTrue() {
    String hash = SecretHasher.hash(new Secret("café-\uD83D\uDCCC"));

    assertTrue(SecretHasher.matches(new Secret("café-\uD83D\uDCCC"), hash));
  }

  @Test
  void matchesWhenWrongSecretThenFalse() {
    String hash = SecretHasher.hash(new Secret("s3cret"));

    assertFalse(SecretHasher.matches(new Secret("s3cres"), hash));
    assertFalse(SecretHasher.matches(new Secret(""), hash));
    assertFalse(SecretHasher.matches(new Secret("s3cret "), hash));
  }

  @Test
  void hashWhenSameSecretTwiceThenSaltedHashesDiffer() {
    Secret secret = new Secret("s3cret");

    String first = SecretHasher.hash(secret);
    String second = SecretHasher.hash(secret);

    assertNotEquals(first, second);
    assertTrue(SecretHasher.matches(secret, first));
    assertTrue(SecretHasher.matches(secret, second));
  }

  @Test
  void hashNeverContainsSecret() {
    assertFalse(SecretHasher.hash(new Secret("plainly-visible")).contains("plainly-visible"));
    assertFalse(SecretHasher.hashChosen(new Secret("plainly-visible")).contains("plainly-visible"));
  }

  @Test
  void hashWhenShortGeneratedSecretThenStillSha256() {
    assertTrue(SecretHasher.hash(new Secret("dev-secret")).startsWith("sha256:"));
  }

  @Test
  void hashChosenWhenShorterThan32CharactersThenPbkdf2WithItsIterations() {
    String hash = SecretHasher.hashChosen(new Secret("dev-secret"));

    String[] parts = hash.split(":");
    assertEquals(4, parts.length, hash);
    assertEquals("pbkdf2-sha256", parts[0]);
    assertEquals(String.valueOf(SecretHasher.PBKDF2_ITERATIONS), parts[1]);
    assertEquals(16, Base64.getDecoder().decode(parts[2]).length, "salt bytes");
    assertEquals(32, Base64.getDecoder().decode(parts[3]).length, "hash bytes");
    assertTrue(SecretHasher.matches(new Secret("dev-secret"), hash));
    assertFalse(SecretHasher.matches(new Secret("dev-secreT"), hash));
    assertFalse(SecretHasher.matches(new Secret(""), hash));
  }

  @Test
  void hashChosenWhenSameShortSecretTwiceThenSaltedHashesDiffer() {
    String first = SecretHasher.hashChosen(new Secret("dev-secret"));
    String second = SecretHasher.hashChosen(new Secret("dev-secret"));

    assertNotEquals(first, second);
    assertTrue(SecretHasher.matches(new Secret("dev-secret"), second));
  }

  @Test
  void hashChosenWhen31Or32CharactersThenPbkdf2OrSha256() {
    assertTrue(SecretHasher.hashChosen(new Secret("x".repeat(31))).startsWith("pbkdf2-sha256:"));
    assertTrue(SecretHasher.hashChosen(new Secret("x".repeat(32))).startsWith("sha256:"));
    String longSecret = "0123456789abcdef0123456789abcdef0123";
    assertTrue(
        SecretHasher.matches(
            new Secret(longSecret), SecretHasher.hashChosen(new Secret(longSecret))));
  }

  @Test
  void hashChosenWhenCharactersOutsideTheBmpThenCountsCodePoints() {
    String pins = "\uD83D\uDCCC".repeat(31); // 31 characters, 62 UTF-16 units

    String hash = SecretHasher.hashChosen(new Secret(pins));

    assertTrue(hash.startsWith("pbkdf2-sha256:"), hash);
    assertTrue(SecretHasher.matches(new Secret(pins), hash));
  }

  @Test
  void matchesWhenPbkdf2HashOfRfc7914VectorThenTrue() {
    // RFC 7914 §11: PBKDF2-HMAC-SHA256 (P="passwd", S="salt", c=1), first 32 of its 64 bytes.
    byte[] expected =
        HexFormat.of().parseHex("55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc");
    String stored =
        "pbkdf2-sha256:1:"
            + B64.encodeToString("salt".getBytes())
            + ":"
            + B64.encodeToString(expected);

    assertTrue(SecretHasher.matches(new Secret("passwd"), stored));
    assertFalse(SecretHasher.matches(new Secret("passwe"), stored));
  }

  @Test
  void matchesWhenSha256HashFromBeforePbkdf2ThenStillVerifies() {
    // Stores made before PBKDF2 hold sha256 hashes of short bootstrap secrets: both schemes verify.
    String stored = SecretHasher.hash(new Secret("dev-secret"));

    assertTrue(SecretHasher.matches(new Secret("dev-secret"), stored));
    assertFalse(SecretHasher.matches(new Secret("dev-secreT"), stored));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "s3cret",
        "sha256",
        "sha256:abc",
        "md5:c2FsdA:aGFzaA",
        "sha256:c2FsdA:aGFzaA:extra",
        "sha256::",
        "sha256:!!!:###",
        "sha256:c2FsdA:not*base64",
        "pbkdf2-sha256:c2FsdA:aGFzaA",
        "pbkdf2-sha256:1000:c2FsdA:aGFzaA:extra",
        "pbkdf2-sha256:0:c2FsdA:aGFzaA",
        "pbkdf2-sha256:-1:c2FsdA:aGFzaA",
        "pbkdf2-sha256:+100:c2FsdA:aGFzaA",
        "pbkdf2-sha256:1e3:c2FsdA:aGFzaA",
        "pbkdf2-sha256::c2FsdA:aGFzaA",
        "pbkdf2-sha256:10000001:c2FsdA:aGFzaA",
        "pbkdf2-sha256:99999999999:c2FsdA:aGFzaA",
        "pbkdf2-sha256:1000::aGFzaA",
        "pbkdf2-sha256:1000:!!!:aGFzaA",
        "pbkdf2-sha256:1000:c2FsdA:",
        "PBKDF2-SHA256:1000:c2FsdA:aGFzaA"
      })
  void matchesWhenStoredHashMalformedThenFalse(String storedHash) {
    assertFalse(SecretHasher.matches(new Secret("s3cret"), storedHash));
  }

  @Test
  void unknownClientStandInWhenCheckedThenOneSaltedDigestOfTheSecretLikeARealHash() {
    List<String> work = new ArrayList<>();
    SecretHasher.SaltedDigest counting =
        (scheme, iterations, salt, secret) -> {
          work.add(scheme + "×" + iterations + ": " + salt.length);
          return SecretHasher.JDK.digest(scheme, iterations, salt, secret);
        };

    assertFalse(SecretHasher.matches(new Secret("s3cret"), SecretHasher.UNKNOWN_CLIENT, counting));
    assertFalse(
        SecretHasher.matches(
            new Secret("s3cret"), SecretHasher.hash(new Secret("other")), counting));

    assertEquals(List.of("SHA256×1: 16", "SHA256×1: 16"), work);
  }

  @Test
  void matchesWhenPbkdf2HashThenOnePbkdf2WithTheStoredIterations() {
    List<String> work = new ArrayList<>();
    SecretHasher.SaltedDigest counting =
        (scheme, iterations, salt, secret) -> {
          work.add(scheme + "×" + iterations + ": " + salt.length + " + " + secret.length);
          return SecretHasher.JDK.digest(scheme, iterations, salt, secret);
        };
    String stored = "pbkdf2-sha256:1000:" + B64.encodeToString(new byte[16]) + ":aGFzaA";

    assertFalse(SecretHasher.matches(new Secret("dev-secret"), stored, counting));

    assertEquals(List.of("PBKDF2_SHA256×1000: 16 + 10"), work);
  }

  @Test
  void isStretchedWhenPbkdf2HashThenTrueElseFalse() {
    assertTrue(SecretHasher.isStretched(SecretHasher.hashChosen(new Secret("dev-secret"))));
    assertFalse(SecretHasher.isStretched(SecretHasher.hash(new Secret("dev-secret"))));
    assertFalse(SecretHasher.isStretched(SecretHasher.UNKNOWN_CLIENT));
  }
}
