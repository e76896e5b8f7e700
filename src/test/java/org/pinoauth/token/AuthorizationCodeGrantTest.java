package org.pinoauth.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pinoauth.token.GrantFixture.REDIRECT_URI;
import static org.pinoauth.token.GrantFixture.request;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.pinoauth.client.App;
import org.pinoauth.client.GrantType;
import org.pinoauth.client.RefreshMode;
import org.pinoauth.error.OAuthError;
import org.pinoauth.error.OAuthException;
import org.pinoauth.testing.TestApps;

class AuthorizationCodeGrantTest {
  // RFC 7636 Appendix B.
  private static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
  private static final String CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

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

  private TokenResponse exchange(App app, String... namesAndValues) {
    return fixture.authorizationCode.handle(
        request(GrantType.AUTHORIZATION_CODE, namesAndValues), app);
  }

  @Test
  void handleWhenContinuousAppThenAccessAndRotatingRefreshToken() {
    App app = fixture.register(TestApps.app());
    String code = fixture.issueCode(app, "pinner", "boards:read,pins:read");

    TokenResponse response = fixture.exchange(app, code);

    assertTrue(response.accessToken().matches("pina_[A-Za-z0-9_-]{100,}"), response.accessToken());
    assertTrue(response.refreshToken().matches("pinr_[A-Za-z0-9_-]{43}"), response.refreshToken());
    assertEquals("bearer", response.tokenType());
    assertEquals(2_592_000, response.expiresIn());
    assertEquals("boards:read pins:read", response.scope());
    assertEquals("authorization_code", response.responseType());
    assertEquals(5_184_000L, response.refreshTokenExpiresIn());
    assertEquals(
        GrantFixture.START.getEpochSecond() + 5_184_000L, response.refreshTokenExpiresAt());
    Map<String, Object> refresh = fixture.refreshTokenRow(response.refreshToken()).orElseThrow();
    assertEquals(true, refresh.get("rotating"));
    assertEquals("pinner", refresh.get("username"));
  }

  @Test
  void handleWhenExchangedThenAccessTokenSealedInItsFamilyAndRefreshTokenStoredAsHash() {
    App app = fixture.register(TestApps.app());
    String code = fixture.issueCode(app, "pinner", "pins:read");

    TokenResponse response = fixture.exchange(app, code);

    AccessToken access = fixture.accessToken(response.accessToken());
    assertEquals(app.clientId(), access.clientId());
    assertEquals("pinner", access.username());
    assertEquals("pins:read", access.scopes().toString());
    Map<String, Object> refresh = fixture.refreshTokenRow(response.refreshToken()).orElseThrow();
    assertEquals(access.familyId(), ((Number) refresh.get("family_id")).longValue());
    assertEquals(
        0,
        fixture.count(
            "SELECT COUNT(*) FROM refresh_token WHERE token_hash = '"
                + response.refreshToken()
                + "'"));
  }

  @Test
  void handleWhenLegacyAppThenNonRotatingRefreshTokenOf365Days() {
    App app = fixture.register(TestApps.app().refreshMode(RefreshMode.LEGACY));
    String code = fixture.issueCode(app, "pinner", "pins:read");

    TokenResponse response = fixture.exchange(app, code);

    assertEquals("authorization_code", response.responseType());
    assertNotNull(response.refreshToken());
    assertEquals(31_536_000L, response.refreshTokenExpiresIn());
    assertEquals(
        GrantFixture.START.getEpochSecond() + 31_536_000L, response.refreshTokenExpiresAt());
    assertEquals(
        false, fixture.refreshTokenRow(response.refreshToken()).orElseThrow().get("rotating"));
  }

  @Test
  void handleWhenLegacyAppAsksContinuousRefreshThenRotatingRefreshTokenOf60Days() {
    App app = fixture.register(TestApps.app().refreshMode(RefreshMode.LEGACY));
    String code = fixture.issueCode(app, "pinner", "pins:read");

    TokenResponse response =
        exchange(app, "code", code, "redirect_uri", REDIRECT_URI, "continuous_refresh", "TRUE");

    assertEquals(5_184_000L, response.refreshTokenExpiresIn());
    assertEquals(
        true, fixture.refreshTokenRow(response.refreshToken()).orElseThrow().get("rotating"));
  }

  @Test
  void handleWhenContinuousRefreshBogusThenInvalidRequest() {
    App app = fixture.register(TestApps.app());
    String code = fixture.issueCode(app, "pinner", "pins:read");

    assertError(
        OAuthError.INVALID_REQUEST,
        () ->
            exchange(app, "code", code, "redirect_uri", REDIRECT_URI, "continuous_refresh", "yes"));
  }

  @Test
  void handleWhenEarlierConsentThenScopeIsEveryApprovedScope() {
    App app = fixture.register(TestApps.app());
    fixture.issueCode(app, "pinner", "boards:read");
    String code = fixture.issueCode(app, "pinner", "pins:read");
    fixture.issueCode(app, "someone-else", "ads:read");

    TokenResponse response = fixture.exchange(app, code);

    assertEquals("boards:read pins:read", response.scope());
  }

  @Test
  void handleWhenAppNoLongerHasAnApprovedScopeThenNotGranted() {
    App app = fixture.register(TestApps.app().scopes("boards:read pins:read"));
    String code = fixture.issueCode(app, "pinner", "boards:read pins:read");
    App narrowed = fixture.register(TestApps.app().clientId(app.clientId()).scopes("pins:read"));

    TokenResponse response = fixture.exchange(narrowed, code);

    assertEquals("pins:read", response.scope());
    assertEquals("pins:read", fixture.accessToken(response.accessToken()).scopes().toString());
    assertEquals(
        "pins:read", fixture.refreshTokenRow(response.refreshToken()).orElseThrow().get("scope"));
  }

  @Test
  void handleWhenAppNoLongerHasAnyScopeOfTheCodeThenInvalidScopeAndCodeUnspent() {
    App app = fixture.register(TestApps.app().scopes("boards:read pins:read"));
    String code = fixture.issueCode(app, "pinner", "pins:read");
    App narrowed = fixture.register(TestApps.app().clientId(app.clientId()).scopes("boards:read"));

    assertError(OAuthError.INVALID_SCOPE, () -> fixture.exchange(narrowed, code));

    assertEquals("pins:read", fixture.exchange(app, code).scope());
  }

  @Test
  void handleWhenCodeJustBeforeTenMinutesThenExchanged() {
    App app = fixture.register(TestApps.app());
    String code = fixture.issueCode(app, "pinner", "pins:read");
    fixture.advance(Duration.ofMinutes(10).minusSeconds(1));

    assertEquals("authorization_code", fixture.exchange(app, code).responseType());
  }

  @Test
  void handleWhenCodeOlderThanTenMinutesThenInvalidGrant() {
    App app = fixture.register(TestApps.app());
    String code = fixture.issueCode(app, "pinner", "pins:read");
    fixture.advance(Duration.ofMinutes(10));

    OAuthException e = assertError(OAuthError.INVALID_GRANT, () -> fixture.exchange(app, code));
    assertFalse(e.getMessage().contains(code), e.getMessage());
    assertEquals(0, fixture.count("SELECT COUNT(*) FROM token_family"));
  }

  @Test
  void handleWhenCodeUsedTwiceThenInvalidGrantAndItsTokensRevoked() {
    App app = fixture.register(TestApps.app());
    String code = fixture.issueCode(app, "pinner", "pins:read");
    TokenResponse first = fixture.exchange(app, code);

    assertError(OAuthError.INVALID_GRANT, () -> fixture.exchange(app, code));

    assertTrue(fixture.accessTokenRevoked(first.accessToken()));
    assertError(OAuthError.INVALID_GRANT, () -> fixture.refresh(app, first.refreshToken()));
  }

  @Test
  void handleWhenCodeUsedTwiceThenTokensRefreshedFromItRevokedToo() {
    App app = fixture.register(TestApps.app());
    String code = fixture.issueCode(app, "pinner", "pins:read");
    TokenResponse first = fixture.exchange(app, code);
    TokenResponse refreshed = fixture.refresh(app, first.refreshToken());

    assertError(OAuthError.INVALID_GRANT, () -> fixture.exchange(app, code));

    assertTrue(fixture.accessTokenRevoked(refreshed.accessToken()));
    assertError(OAuthError.INVALID_GRANT, () -> fixture.refresh(app, refreshed.refreshToken()));
  }

  @Test
  void handleWhenCodeUsedTwiceThenOtherAuthorizationsUntouched() {
    App app = fixture.register(TestApps.app());
    String replayed = fixture.issueCode(app, "pinner", "pins:read");
    String other = fixture.issueCode(app, "pinner", "pins:read");
    fixture.exchange(app, replayed);
    TokenResponse untouched = fixture.exchange(app, other);

    assertError(OAuthError.INVALID_GRANT, () -> fixture.exchange(app, replayed));

    assertFalse(fixture.accessTokenRevoked(untouched.accessToken()));
    assertEquals(
        "everlasting_refresh", fixture.refresh(app, untouched.refreshToken()).responseType());
  }

  @Test
  void handleWhenCodeIssuedToAnotherAppThenInvalidGrant() {
    App owner = fixture.register(TestApps.app());
    App thief = fixture.register(TestApps.app());
    String code = fixture.issueCode(owner, "pinner", "pins:read");

    assertError(OAuthError.INVALID_GRANT, () -> fixture.exchange(thief, code));

    assertEquals(0, fixture.count("SELECT COUNT(*) FROM token_family"));
  }

  @Test
  void handleWhenCodeUnknownThenInvalidGrant() {
    App app = fixture.register(TestApps.app());

    assertError(OAuthError.INVALID_GRANT, () -> fixture.exchange(app, new TokenMinter().mint("")));
  }

  @Test
  void handleWhenRedirectUriDiffersByOneCharacterThenInvalidGrant() {
    App app = fixture.register(TestApps.app());
    String code = fixture.issueCode(app, "pinner", "pins:read");

    assertError(
        OAuthError.INVALID_GRANT,
        () -> exchange(app, "code", code, "redirect_uri", "http://localhost:8085"));
    assertError(
        OAuthError.INVALID_GRANT,
        () -> exchange(app, "code", code, "redirect_uri", "http://localhost:8086/"));
    assertError(
        OAuthError.INVALID_GRANT,
        () -> exchange(app, "code", code, "redirect_uri", "HTTP://localhost:8085/"));
  }

  @Test
  void handleWhenCodeMissingThenInvalidRequest() {
    App app = fixture.register(TestApps.app());

    assertError(OAuthError.INVALID_REQUEST, () -> exchange(app, "redirect_uri", REDIRECT_URI));
  }

  @Test
  void handleWhenRedirectUriMissingThenInvalidRequest() {
    App app = fixture.register(TestApps.app());
    String code = fixture.issueCode(app, "pinner", "pins:read");

    assertError(OAuthError.INVALID_REQUEST, () -> exchange(app, "code", code));
  }

  @Test
  void handleWhenPkceVerifierRightThenExchanged() {
    App app = fixture.register(TestApps.app());
    String code = fixture.issueCode(app, "pinner", "pins:read", REDIRECT_URI, CHALLENGE, Pkce.S256);

    TokenResponse response =
        exchange(app, "code", code, "redirect_uri", REDIRECT_URI, "code_verifier", VERIFIER);

    assertEquals("pins:read", response.scope());
  }

  @Test
  void handleWhenPkceVerifierWrongThenInvalidGrant() {
    App app = fixture.register(TestApps.app());
    String code = fixture.issueCode(app, "pinner", "pins:read", REDIRECT_URI, CHALLENGE, Pkce.S256);

    assertError(
        OAuthError.INVALID_GRANT,
        () ->
            exchange(
                app, "code", code, "redirect_uri", REDIRECT_URI, "code_verifier", "x".repeat(43)));
    assertEquals(0, fixture.count("SELECT COUNT(*) FROM token_family"));
  }

  @Test
  void handleWhenPkceVerifierMissingThenInvalidGrant() {
    App app = fixture.register(TestApps.app());
    String code = fixture.issueCode(app, "pinner", "pins:read", REDIRECT_URI, CHALLENGE, Pkce.S256);

    assertError(OAuthError.INVALID_GRANT, () -> fixture.exchange(app, code));
  }

  @Test
  void handleWhenVerifierSentForCodeWithoutChallengeThenInvalidGrant() {
    App app = fixture.register(TestApps.app());
    String code = fixture.issueCode(app, "pinner", "pins:read");

    assertError(
        OAuthError.INVALID_GRANT,
        () -> exchange(app, "code", code, "redirect_uri", REDIRECT_URI, "code_verifier", VERIFIER));
  }

  @Test
  void handleWhenPlainPkceAndAppAllowsItThenExchanged() {
    App app = fixture.register(TestApps.app().allowPlainPkce(true));
    String code = fixture.issueCode(app, "pinner", "pins:read", REDIRECT_URI, VERIFIER, Pkce.PLAIN);

    TokenResponse response =
        exchange(app, "code", code, "redirect_uri", REDIRECT_URI, "code_verifier", VERIFIER);

    assertEquals("authorization_code", response.responseType());
  }

  @Test
  void handleWhenPlainPkceAndAppDoesNotAllowItThenInvalidGrant() {
    App app = fixture.register(TestApps.app());
    String code = fixture.issueCode(app, "pinner", "pins:read", REDIRECT_URI, VERIFIER, Pkce.PLAIN);

    assertError(
        OAuthError.INVALID_GRANT,
        () -> exchange(app, "code", code, "redirect_uri", REDIRECT_URI, "code_verifier", VERIFIER));
  }
}
