package org.pinoauth.clientauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.pinoauth.client.Secret;

class VerifiedSecretsTest {
  private static final String HASH = "pbkdf2-sha256:100000:c2FsdHNhbHRzYWx0c2FsdA:aGFzaA";
  private static final String OTHER_HASH = "pbkdf2-sha256:100000:b3RoZXJvdGhlcm90aGVy:aGFzaA";

  private final VerifiedSecrets verified = new VerifiedSecrets(2);

  @Test
  void containsWhenRememberedThenOnlyThatSecretForThatClientAndHash() {
    verified.remember("1234567", HASH, new Secret("dev-secret"));

    assertTrue(verified.contains("1234567", HASH, new Secret("dev-secret")));
    assertFalse(verified.contains("1234567", HASH, new Secret("dev-secreT")), "another secret");
    assertFalse(verified.contains("7654321", HASH, new Secret("dev-secret")), "another client");
  }

  @Test
  void containsWhenStoredHashChangedThenFalseAndEntryDropped() {
    verified.remember("1234567", HASH, new Secret("dev-secret"));

    assertFalse(verified.contains("1234567", OTHER_HASH, new Secret("dev-secret")));
    assertEquals(0, verified.size());
    assertFalse(verified.contains("1234567", HASH, new Secret("dev-secret")), "gone for good");
  }

  @Test
  void rememberWhenFullThenNewClientSkippedAndKnownClientUpdated() {
    verified.remember("1", HASH, new Secret("one"));
    verified.remember("2", HASH, new Secret("two"));

    verified.remember("3", HASH, new Secret("three"));
    verified.remember("2", OTHER_HASH, new Secret("two-rotated"));

    assertEquals(2, verified.size());
    assertFalse(verified.contains("3", HASH, new Secret("three")), "no room for a third");
    assertTrue(verified.contains("2", OTHER_HASH, new Secret("two-rotated")));
    assertTrue(verified.contains("1", HASH, new Secret("one")));
  }

  @Test
  void containsWhenTwoNodesThenEachHasItsOwnKeyAndEntries() {
    VerifiedSecrets otherNode = new VerifiedSecrets(2);
    verified.remember("1234567", HASH, new Secret("dev-secret"));

    assertFalse(otherNode.contains("1234567", HASH, new Secret("dev-secret")));
  }
}
