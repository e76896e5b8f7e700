package org.pinoauth.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.pinoauth.client.GrantType;
import org.pinoauth.error.OAuthError;
import org.pinoauth.error.OAuthException;
import org.pinoauth.http.Form;

class TokenRequestTest {

  private static Form grantType(String... values) {
    return new Form(Map.of("grant_type", List.of(values)));
  }

  @ParameterizedTest
  @CsvSource({
    "authorization_code, AUTHORIZATION_CODE",
    "refresh_token, REFRESH_TOKEN",
    "client_credentials, CLIENT_CREDENTIALS"
  })
  void parseWhenKnownGrantTypeThenIt(String wireName, GrantType expected) {
    Form form = grantType(wireName);

    TokenRequest request = TokenRequest.parse(form);

    assertEquals(expected, request.grantType());
    assertSame(form, request.form());
  }

  @Test
  void parseWhenGrantTypeMissingThenInvalidRequest() {
    OAuthException e = assertThrows(OAuthException.class, () -> TokenRequest.parse(Form.EMPTY));

    assertEquals(OAuthError.INVALID_REQUEST, e.error());
  }

  @Test
  void parseWhenGrantTypeEmptyThenInvalidRequest() {
    OAuthException e = assertThrows(OAuthException.class, () -> TokenRequest.parse(grantType("")));

    assertEquals(OAuthError.INVALID_REQUEST, e.error());
  }

  @Test
  void parseWhenGrantTypeRepeatedThenInvalidRequest() {
    OAuthException e =
        assertThrows(
            OAuthException.class,
            () -> TokenRequest.parse(grantType("client_credentials", "client_credentials")));

    assertEquals(OAuthError.INVALID_REQUEST, e.error());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"password", "implicit", "AUTHORIZATION_CODE", "Refresh_Token", " refresh_token"})
  void parseWhenGrantTypeUnknownThenUnsupportedGrantType(String name) {
    OAuthException e =
        assertThrows(OAuthException.class, () -> TokenRequest.parse(grantType(name)));

    assertEquals(OAuthError.UNSUPPORTED_GRANT_TYPE, e.error());
  }
}
