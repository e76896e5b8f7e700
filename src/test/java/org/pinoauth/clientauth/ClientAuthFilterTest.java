package org.pinoauth.clientauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.pinoauth.client.ClientCredentials;
import org.pinoauth.client.Secret;
import org.pinoauth.error.OAuthError;
import org.pinoauth.error.OAuthException;
import org.pinoauth.http.Form;
import org.pinoauth.testing.Http;

class ClientAuthFilterTest {
  private static final String BASIC = Http.basicOfPair("1234567:s3cret");

  private static Form body(String... namesAndValues) {
    Map<String, List<String>> parameters = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      parameters.put(namesAndValues[i], List.of(namesAndValues[i + 1]));
    }
    return new Form(parameters);
  }

  private static void assertInvalidClient(Executable call) {
    OAuthException e = assertThrows(OAuthException.class, call);
    assertEquals(OAuthError.INVALID_CLIENT, e.error());
  }

  @Test
  void credentialsWhenNoneThenInvalidClient() {
    assertInvalidClient(
        () -> ClientAuthFilter.credentials(List.of(), body("grant_type", "client_credentials")));
  }

  @Test
  void credentialsWhenBasicThenHeaderCredentials() {
    ClientCredentials credentials = ClientAuthFilter.credentials(List.of(BASIC), Form.EMPTY);

    assertEquals("1234567", credentials.clientId());
    assertEquals(new Secret("s3cret"), credentials.secret());
  }

  @Test
  void credentialsWhenTwoAuthorizationHeadersThenInvalidClient() {
    assertInvalidClient(() -> ClientAuthFilter.credentials(List.of(BASIC, BASIC), Form.EMPTY));
  }

  @Test
  void credentialsWhenBasicAndBodySecretThenInvalidClient() {
    assertInvalidClient(
        () -> ClientAuthFilter.credentials(List.of(BASIC), body("client_secret", "s3cret")));
  }

  @Test
  void credentialsWhenBasicAndBodyIdAndSecretThenInvalidClient() {
    assertInvalidClient(
        () ->
            ClientAuthFilter.credentials(
                List.of(BASIC), body("client_id", "1234567", "client_secret", "s3cret")));
  }

  @Test
  void credentialsWhenBasicAndMatchingBodyIdThenHeaderCredentials() {
    ClientCredentials credentials =
        ClientAuthFilter.credentials(List.of(BASIC), body("client_id", "1234567"));

    assertEquals("1234567", credentials.clientId());
    assertEquals("s3cret", credentials.secret().reveal());
  }

  @Test
  void credentialsWhenBasicAndDifferentBodyIdThenInvalidClient() {
    assertInvalidClient(
        () -> ClientAuthFilter.credentials(List.of(BASIC), body("client_id", "7654321")));
  }

  @Test
  void credentialsWhenBodyIdAndSecretThenBodyCredentials() {
    ClientCredentials credentials =
        ClientAuthFilter.credentials(
            List.of(), body("client_id", "1234567", "client_secret", "a:b%c+d/e"));

    assertEquals("1234567", credentials.clientId());
    assertEquals("a:b%c+d/e", credentials.secret().reveal());
  }

  @Test
  void credentialsWhenBodyIdAloneThenInvalidClient() {
    assertInvalidClient(
        () -> ClientAuthFilter.credentials(List.of(), body("client_id", "1234567")));
  }

  @Test
  void credentialsWhenBodySecretAloneThenInvalidClient() {
    assertInvalidClient(
        () -> ClientAuthFilter.credentials(List.of(), body("client_secret", "s3cret")));
  }

  @Test
  void credentialsWhenBodyIdEmptyThenInvalidClient() {
    assertInvalidClient(
        () -> ClientAuthFilter.credentials(List.of(), body("client_id", "", "client_secret", "x")));
  }

  @Test
  void credentialsWhenAuthorizationNotBasicThenInvalidClient() {
    assertInvalidClient(
        () ->
            ClientAuthFilter.credentials(
                List.of("Bearer pina_x"), body("client_id", "1", "client_secret", "x")));
  }
}
