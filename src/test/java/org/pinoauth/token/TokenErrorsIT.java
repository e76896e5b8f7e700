package org.pinoauth.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.pinoauth.testing.TokenAssertions.assertError;
import static org.pinoauth.testing.TokenAssertions.assertInvalidClient;
import static org.pinoauth.testing.TokenAssertions.assertInvalidGrant;
import static org.pinoauth.testing.TokenAssertions.assertInvalidRequest;
import static org.pinoauth.testing.TokenAssertions.assertInvalidScope;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pinoauth.client.GrantType;
import org.pinoauth.testing.Http;
import org.pinoauth.testing.TestApps;
import org.pinoauth.testing.TestApps.TestApp;
import org.pinoauth.testing.TestCodes;
import org.pinoauth.testing.TestServerExtension;
import org.pinoauth.testing.TokenEndpoint;

/**
 * The error rows of CONTRACT §2.5 that a single request to the token endpoint reaches, each with
 * its status, {@code code}, {@code message}, {@code error}, {@code error_description} and headers.
 * The other rows have tests of their own: {@code slow_down} in {@code BruteForceIT}, {@code
 * access_denied} in {@code RevocationIT}, {@code server_error} in {@code ServerErrorIT}.
 */
class TokenErrorsIT {
  private static final String CLIENT_CREDENTIALS =
      Http.form("grant_type", "client_credentials", "scope", "pins:read");

  @RegisterExtension static final TestServerExtension server = TestServerExtension.start();
  private static TokenEndpoint token;

  @BeforeAll
  static void startServer() {
    token = TokenEndpoint.of(server.get());
  }

  // invalid_request, 400, code 1

  @Test
  void postWhenGrantTypeMissingThenInvalidRequest() {
    TestApp app = TestApps.app().registerOn(server.get());

    assertInvalidRequest(token.post(app, "scope", "pins:read"));
  }

  @Test
  void postWhenGrantTypeEmptyThenInvalidRequest() {
    TestApp app = TestApps.app().registerOn(server.get());

    assertInvalidRequest(token.post(app, "grant_type", "", "scope", "pins:read"));
  }

  @Test
  void postWhenCodeMissingThenInvalidRequest() {
    TestApp app = TestApps.app().registerOn(server.get());

    Http.Response response =
        token.post(
            app, "grant_type", "authorization_code", "redirect_uri", TokenEndpoint.REDIRECT_URI);

    assertInvalidRequest(response);
  }

  @Test
  void postWhenRedirectUriMissingThenInvalidRequest() {
    TestApp app = TestApps.app().registerOn(server.get());
    String code = TestCodes.code(app).issueOn(server.get());

    Http.Response response = token.post(app, "grant_type", "authorization_code", "code", code);

    assertInvalidRequest(response);
  }

  @Test
  void postWhenRefreshTokenMissingThenInvalidRequest() {
    TestApp app = TestApps.app().registerOn(server.get());

    assertInvalidRequest(token.post(app, "grant_type", "refresh_token"));
  }

  @Test
  void postWhenClientCredentialsWithoutScopeThenInvalidRequest() {
    TestApp app = TestApps.app().registerOn(server.get());

    assertInvalidRequest(token.post(app, "grant_type", "client_credentials"));
  }

  // invalid_client, 401, code 2, WWW-Authenticate

  @Test
  void postWhenSecretWrongThenInvalidClient() {
    TestApp app = TestApps.app().registerOn(server.get());

    Http.Response response =
        token.post(Http.basic(app.clientId(), "wrong-secret"), CLIENT_CREDENTIALS);

    assertInvalidClient(response);
    assertFalse(response.body().contains("wrong-secret"), response.body());
  }

  @Test
  void postWhenClientIdUnknownThenInvalidClient() {
    Http.Response response =
        token.post(Http.basic("9999999999", "test-secret"), CLIENT_CREDENTIALS);

    assertInvalidClient(response);
  }

  @Test
  void postWhenNoCredentialsThenInvalidClient() {
    Http.Response response = token.post(null, CLIENT_CREDENTIALS);

    assertInvalidClient(response);
  }

  @Test
  void postWhenClientIdInBodyWithoutSecretThenInvalidClient() {
    TestApp app = TestApps.app().registerOn(server.get());

    Http.Response response =
        token.post(null, CLIENT_CREDENTIALS + "&" + Http.form("client_id", app.clientId()));

    assertInvalidClient(response);
  }

  @Test
  void postWhenBasicAndClientSecretInBodyThenInvalidClient() {
    TestApp app = TestApps.app().registerOn(server.get());

    String body =
        CLIENT_CREDENTIALS
            + "&"
            + Http.form("client_id", app.clientId(), "client_secret", app.secret());

    Http.Response response = token.post(TokenEndpoint.basic(app), body);

    assertInvalidClient(response);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Basic !!not-base64!!",
        "Basic ",
        "Basic",
        "Bearer VALID",
        "Digest VALID",
        "VALID",
        "Basic NO_COLON",
        "Basic BAD_PERCENT"
      })
  void postWhenBasicHeaderMalformedThenInvalidClient(String template) {
    TestApp app = TestApps.app().registerOn(server.get());
    String valid = Http.base64(app.clientId() + ":" + app.secret());
    String header =
        template
            .replace("VALID", valid)
            .replace("NO_COLON", Http.base64(app.clientId() + app.secret()))
            .replace("BAD_PERCENT", Http.base64(app.clientId() + ":bad%zzsecret"));

    Http.Response response = token.post(header, CLIENT_CREDENTIALS);

    assertInvalidClient(response);
  }

  @Test
  void postWhenSecretOfAnotherAppThenInvalidClient() {
    TestApp app = TestApps.app().registerOn(server.get());
    TestApp other = TestApps.app().secret("other-secret").registerOn(server.get());

    Http.Response response =
        token.post(Http.basic(app.clientId(), other.secret()), CLIENT_CREDENTIALS);

    assertInvalidClient(response);
  }

  // invalid_grant, 400, code 283

  @Test
  void postWhenCodeUnknownThenInvalidGrant() {
    TestApp app = TestApps.app().registerOn(server.get());

    assertInvalidGrant(token.exchange(app, "no-such-code"));
  }

  @Test
  void postWhenRefreshTokenUnknownThenInvalidGrant() {
    TestApp app = TestApps.app().registerOn(server.get());

    assertInvalidGrant(token.refresh(app, "pinr_no-such-token"));
  }

  // unauthorized_client, 400, code 4

  @Test
  void postWhenAppNotRegisteredForClientCredentialsThenUnauthorizedClient() {
    TestApp app =
        TestApps.app()
            .grantTypes(GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN)
            .registerOn(server.get());

    assertError(token.clientCredentials(app, "pins:read"), 400, "unauthorized_client", 4);
  }

  @Test
  void postWhenAppNotRegisteredForAuthorizationCodeThenUnauthorizedClient() {
    TestApp app = TestApps.app().grantTypes(GrantType.CLIENT_CREDENTIALS).registerOn(server.get());
    String code = TestCodes.code(app).issueOn(server.get());

    assertError(token.exchange(app, code), 400, "unauthorized_client", 4);
  }

  @Test
  void postWhenAppNotRegisteredForRefreshTokenThenUnauthorizedClient() {
    TestApp app = TestApps.app().grantTypes(GrantType.AUTHORIZATION_CODE).registerOn(server.get());
    String code = TestCodes.code(app).issueOn(server.get());
    Http.Response exchanged = token.exchange(app, code);
    assertEquals(200, exchanged.status(), exchanged.toString());

    Http.Response response = token.refresh(app, exchanged.string("refresh_token"));

    assertError(response, 400, "unauthorized_client", 4);
  }

  // unsupported_grant_type, 400, code 5

  @ParameterizedTest
  @ValueSource(
      strings = {"password", "implicit", "AUTHORIZATION_CODE", "urn:ietf:params:oauth:grant-type"})
  void postWhenGrantTypeUnsupportedThenUnsupportedGrantType(String grantType) {
    TestApp app = TestApps.app().registerOn(server.get());

    Http.Response response =
        token.post(app, "grant_type", grantType, "username", "pinner", "password", "pinner");

    assertError(response, 400, "unsupported_grant_type", 5);
  }

  // invalid_scope, 400, code 6

  @Test
  void postWhenScopeUnknownThenInvalidScope() {
    TestApp app = TestApps.app().registerOn(server.get());

    assertInvalidScope(token.clientCredentials(app, "pins:read,pins:fly"));
  }

  @Test
  void postWhenScopeNotRegisteredForAppThenInvalidScope() {
    TestApp app = TestApps.app().scopes("pins:read").registerOn(server.get());

    assertInvalidScope(token.clientCredentials(app, "pins:read boards:read"));
  }

  @Test
  void postWhenRefreshScopeUnknownThenInvalidScope() {
    TestApp app = TestApps.app().registerOn(server.get());
    String code = TestCodes.code(app).scopes("pins:read").issueOn(server.get());
    String refreshToken = token.exchange(app, code).string("refresh_token");

    assertInvalidScope(token.refresh(app, refreshToken, "scope", "pins:fly"));
  }
}
