package org.pinoauth.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pinoauth.error.OAuthError;
import org.pinoauth.error.OAuthException;
import org.pinoauth.testing.Http;

class BasicCredentialsTest {

  private static void assertInvalidClient(Executable call) {
    OAuthException e = assertThrows(OAuthException.class, call);
    assertEquals(OAuthError.INVALID_CLIENT, e.error());
  }

  @Test
  void parseWhenBasicThenIdAndSecret() {
    ClientCredentials credentials = BasicCredentials.parse(Http.basicOfPair("1234567:s3cret"));

    assertEquals("1234567", credentials.clientId());
    assertEquals(new Secret("s3cret"), credentials.secret());
  }

  @ParameterizedTest
  @ValueSource(strings = {"basic", "BASIC", "bAsIc"})
  void parseWhenSchemeInAnyCaseThenAccepted(String scheme) {
    ClientCredentials credentials = BasicCredentials.parse(scheme + " " + Http.base64("id:secret"));

    assertEquals("id", credentials.clientId());
    assertEquals("secret", credentials.secret().reveal());
  }

  @Test
  void parseWhenIdAndSecretFormEncodedWithSpecialCharactersThenDecoded() {
    String id = "app:1%/+ x";
    String secret = "a:b%c+d/e";
    String header = Http.basic(id, secret);

    ClientCredentials credentials = BasicCredentials.parse(header);

    assertEquals(id, credentials.clientId());
    assertEquals(secret, credentials.secret().reveal());
  }

  @Test
  void parseWhenSecretHasRawColonsThenSplitAtFirstColon() {
    ClientCredentials credentials = BasicCredentials.parse(Http.basicOfPair("id:a:b:c"));

    assertEquals("id", credentials.clientId());
    assertEquals("a:b:c", credentials.secret().reveal());
  }

  @Test
  void parseWhenPlusUnencodedThenSpace() {
    // RFC 6749 §2.3.1: both halves are form-url-encoded, so a raw '+' is a space.
    ClientCredentials credentials = BasicCredentials.parse(Http.basicOfPair("id:a+b"));

    assertEquals("a b", credentials.secret().reveal());
  }

  @Test
  void parseWhenSecretEmptyThenEmptySecret() {
    ClientCredentials credentials = BasicCredentials.parse(Http.basicOfPair("id:"));

    assertEquals("", credentials.secret().reveal());
  }

  @Test
  void parseWhenIdTenKilobytesThenParsed() {
    String id = "9".repeat(10 * 1024);

    ClientCredentials credentials = BasicCredentials.parse(Http.basicOfPair(id + ":secret"));

    assertEquals(id, credentials.clientId());
  }

  @ParameterizedTest
  @ValueSource(strings = {"Basic !!!!", "Basic abc*def", "Basic a", "Basic ====AAAA"})
  void parseWhenBase64BrokenThenInvalidClient(String header) {
    assertInvalidClient(() -> BasicCredentials.parse(header));
  }

  @Test
  void parseWhenNoColonThenInvalidClient() {
    assertInvalidClient(() -> BasicCredentials.parse(Http.basicOfPair("idsecret")));
  }

  @Test
  void parseWhenIdEmptyThenInvalidClient() {
    assertInvalidClient(() -> BasicCredentials.parse(Http.basicOfPair(":secret")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"Bearer x", "Bearer aWQ6c2VjcmV0", "Digest x", "Basicx aWQ6c2VjcmV0"})
  void parseWhenSchemeNotBasicThenInvalidClient(String header) {
    assertInvalidClient(() -> BasicCredentials.parse(header));
  }

  @ParameterizedTest
  @ValueSource(strings = {"Basic", "Basic ", "aWQ6c2VjcmV0", ""})
  void parseWhenNoCredentialsThenInvalidClient(String header) {
    assertInvalidClient(() -> BasicCredentials.parse(header));
  }

  @Test
  void parseWhenDecodedBytesNotUtf8ThenInvalidClient() {
    byte[] bytes = {'i', 'd', ':', (byte) 0xC3, (byte) 0x28};

    assertInvalidClient(() -> BasicCredentials.parse(Http.basicOfPair(bytes)));
  }

  @Test
  void parseWhenPercentEncodingBrokenThenInvalidClient() {
    assertInvalidClient(() -> BasicCredentials.parse(Http.basicOfPair("id:abc%4")));
  }

  @Test
  void parseWhenControlCharacterThenInvalidClient() {
    assertInvalidClient(() -> BasicCredentials.parse(Http.basicOfPair("id:sec%00ret")));
    assertInvalidClient(() -> BasicCredentials.parse(Http.basicOfPair("id\n:secret")));
  }

  @Test
  void parseWhenPercentEncodedBytesNotUtf8ThenInvalidClient() {
    assertInvalidClient(() -> BasicCredentials.parse(Http.basicOfPair("id:%FF")));
  }
}
