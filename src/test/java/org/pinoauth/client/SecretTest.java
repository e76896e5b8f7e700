package org.pinoauth.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SecretTest {

  @Test
  void toStringNeverShowsValue() {
    Secret secret = new Secret("hunter2-very-secret");

    assertFalse(secret.toString().contains("hunter2"), secret.toString());
  }

  @Test
  void toStringInsideCredentialsNeverShowsValue() {
    ClientCredentials credentials = new ClientCredentials("1234567", new Secret("hunter2"));

    assertTrue(credentials.toString().contains("1234567"), credentials.toString());
    assertFalse(credentials.toString().contains("hunter2"), credentials.toString());
  }

  @Test
  void equalsWhenSameValueThenEqual() {
    Secret one = new Secret("s3cret");
    Secret other = new Secret("s3cret");

    assertEquals(one, other);
    assertEquals(one.hashCode(), other.hashCode());
  }

  @Test
  void equalsWhenDifferentValueThenNotEqual() {
    assertNotEquals(new Secret("s3cret"), new Secret("s3cres"));
    assertNotEquals(new Secret("s3cret"), new Secret("s3cret "));
    assertNotEquals(new Secret(""), new Secret("x"));
  }

  @Test
  void equalsWhenNotSecretThenNotEqual() {
    assertNotEquals(new Secret("s3cret"), "s3cret");
    assertNotEquals(new Secret("s3cret"), null);
  }

  @Test
  void revealWhenCreatedThenValue() {
    assertEquals("a:b%c+d/e", new Secret("a:b%c+d/e").reveal());
  }

  @Test
  void constructorWhenNullThenRefused() {
    assertThrows(NullPointerException.class, () -> new Secret(null));
  }
}
