package org.pinoauth.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pinoauth.token.GrantFixture.request;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.pinoauth.client.App;
import org.pinoauth.client.GrantType;
import org.pinoauth.error.OAuthError;
import org.pinoauth.error.OAuthException;
import org.pinoauth.testing.TestApps;

class ClientCredentialsGrantTest {
  private final GrantFixture fixture = GrantFixture.create();

  @AfterEach
  void closeFixture() {
    fixture.close();
  }

  private static OAuthException assertError(OAuthError expected, Executable call) {
    OAuthException e = assertThrows(OAuthException.class, call);
    assertEquals(expected, e.error(), e.getMessage());
    return e;
  }

  private TokenResponse handle(App app, String... namesAndValues) {
    return fixture.clientCredentials.handle(
        request(GrantType.CLIENT_CREDENTIALS, namesAndValues), app);
  }

  @Test
  void handleWhenScopeRegisteredThenAccessTokenOnly() {
    App app = fixture.register(TestApps.app().scopes("pins:read boards:read"));

    TokenResponse response = handle(app, "scope", "pins:read,boards:read");

    assertTrue(response.accessToken().matches("pina_[A-Za-z0-9_-]{100,}"), response.accessToken());
    assertEquals("bearer", response.tokenType());
    assertEquals(2_592_000, response.expiresIn());
    assertEquals("boards:read pins:read", response.scope());
    assertEquals("client_credentials", response.responseType());
    assertNull(response.refreshToken());
    assertNull(response.refreshTokenExpiresIn());
    assertNull(response.refreshTokenExpiresAt());
    assertEquals(0, fixture.count("SELECT COUNT(*) FROM refresh_token"));
  }

  @Test
  void handleWhenIssuedThenTokenActsAsAppOwner() {
    App app = fixture.register(TestApps.app().owner("acme-brand"));

    TokenResponse response = handle(app, "scope", "user_accounts:read");

    AccessToken token = fixture.accessToken(response.accessToken());
    assertEquals("acme-brand", token.username());
    assertEquals(app.clientId(), token.clientId());
    assertEquals("user_accounts:read", token.scopes().toString());
    assertFalse(token.hasFamily());
    assertEquals(GrantFixture.START.plusSeconds(2_592_000), token.expiresAt());
    assertTrue(fixture.accessTokens.findLive(response.accessToken()).isPresent());
  }

  @Test
  void handleWhenAppRegisteredOnANodeWhoseClockIsAheadThenTokenLive() {
    App app = fixture.register(TestApps.app().createdAt(GrantFixture.START.plusSeconds(3600)));

    TokenResponse response = handle(app, "scope", "pins:read");

    assertTrue(fixture.accessTokens.findLive(response.accessToken()).isPresent());
  }

  @Test
  void handleWhenAppDeletedAndRegisteredAgainThenOldTokenDeadAndNewTokenLive() {
    App first = fixture.register(TestApps.app().createdAt(GrantFixture.START));
    TokenResponse old = handle(first, "scope", "pins:read");
    fixture.apps.delete(first.clientId());
    App again =
        fixture.register(
            TestApps.app().clientId(first.clientId()).createdAt(GrantFixture.START.plusMillis(1)));

    TokenResponse fresh = handle(again, "scope", "pins:read");

    assertTrue(fixture.accessTokens.findLive(old.accessToken()).isEmpty());
    assertTrue(fixture.accessTokens.findLive(fresh.accessToken()).isPresent());
  }

  @Test
  void handleWhenScopeSubsetOfAppScopesThenExactlyThatScope() {
    App app = fixture.register(TestApps.app());

    TokenResponse response = handle(app, "scope", "pins:read");

    assertEquals("pins:read", response.scope());
  }

  @Test
  void handleWhenScopeNotRegisteredForAppThenInvalidScope() {
    App app = fixture.register(TestApps.app().scopes("pins:read"));

    OAuthException e =
        assertError(OAuthError.INVALID_SCOPE, () -> handle(app, "scope", "pins:read boards:read"));

    assertTrue(e.getMessage().contains("not registered"), e.getMessage());
  }

  @Test
  void handleWhenScopeUnknownThenInvalidScopeNamingIt() {
    App app = fixture.register(TestApps.app());

    OAuthException e = assertError(OAuthError.INVALID_SCOPE, () -> handle(app, "scope", "pins:x"));

    assertTrue(e.getMessage().contains("pins:x"), e.getMessage());
  }

  @Test
  void handleWhenScopeMissingThenInvalidRequest() {
    App app = fixture.register(TestApps.app());

    assertError(OAuthError.INVALID_REQUEST, () -> handle(app));
  }

  @Test
  void handleWhenScopeEmptyThenInvalidRequest() {
    App app = fixture.register(TestApps.app());

    assertError(OAuthError.INVALID_REQUEST, () -> handle(app, "scope", ""));
  }

  @Test
  void handleWhenScopeRepeatedThenInvalidRequest() {
    App app = fixture.register(TestApps.app());

    assertError(
        OAuthError.INVALID_REQUEST, () -> handle(app, "scope", "pins:read", "scope", "pins:read"));
  }

  @Test
  void handleWhenCalledTwiceThenDistinctTokens() {
    App app = fixture.register(TestApps.app());

    TokenResponse first = handle(app, "scope", "pins:read");
    TokenResponse second = handle(app, "scope", "pins:read");

    assertNotEquals(first.accessToken(), second.accessToken());
    assertTrue(fixture.accessTokens.findLive(first.accessToken()).isPresent());
    assertTrue(fixture.accessTokens.findLive(second.accessToken()).isPresent());
  }
}
