package org.pinoauth.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SecretHasherTest {

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
        "sha256:c2FsdA:not*base64"
      })
  void matchesWhenStoredHashMalformedThenFalse(String storedHash) {
    assertFalse(SecretHasher.matches(new Secret("s3cret"), storedHash));
  }

  @Test
  void unknownClientStandInWhenCheckedThenOneSaltedDigestOfTheSecretLikeARealHash() {
    List<Integer> saltLengths = new ArrayList<>();
    SecretHasher.SaltedDigest counting =
        (salt, secret) -> {
          saltLengths.add(salt.length);
          return SecretHasher.SHA256.digest(salt, secret);
        };

    assertFalse(SecretHasher.matches(new Secret("s3cret"), SecretHasher.UNKNOWN_CLIENT, counting));
    assertFalse(
        SecretHasher.matches(
            new Secret("s3cret"), SecretHasher.hash(new Secret("other")), counting));

    assertEquals(List.of(16, 16), saltLengths);
  }
}
