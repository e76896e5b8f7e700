package org.pinoauth.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.AdditionalAnswers.delegatesTo;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.pinoauth.client.App;
import org.pinoauth.client.GrantType;
import org.pinoauth.client.RefreshMode;
import org.pinoauth.error.OAuthError;
import org.pinoauth.error.OAuthException;
import org.pinoauth.store.RefreshToken;
import org.pinoauth.store.StoredRefreshToken;
import org.pinoauth.store.TokenStore;
import org.pinoauth.testing.TestApps;

class RefreshTokenGrantTest {
  private GrantFixture fixture = GrantFixture.create();

  @AfterEach
  void closeFixture() {
    fixture.close();
  }

  private static OAuthException assertError(OAuthError expected, Executable call) {
    OAuthException e = assertThrows(OAuthException.class, call);
    assertEquals(expected, e.error(), e.getMessage());
    return e;
  }

  /** A code exchange for {@code pinner} with {@code scopes}: the tokens a refresh starts from. */
  private TokenResponse authorize(App app, String scopes) {
    return fixture.exchange(app, fixture.issueCode(app, "pinner", scopes));
  }

  private void useGraceWindow(String seconds) {
    fixture.close();
    fixture = GrantFixture.create(Map.of("refresh.reuse.grace", seconds));
  }

  @Test
  void handleWhenContinuousThenNewPairAndPresentedTokenStops() {
    App app = fixture.register(TestApps.app());
    TokenResponse issued = authorize(app, "boards:read pins:read");
    fixture.advance(Duration.ofDays(1));

    TokenResponse refreshed = fixture.refresh(app, issued.refreshToken());

    assertEquals("everlasting_refresh", refreshed.responseType());
    assertTrue(refreshed.accessToken().startsWith("pina_"), refreshed.accessToken());
    assertTrue(refreshed.refreshToken().startsWith("pinr_"), refreshed.refreshToken());
    assertNotEquals(issued.refreshToken(), refreshed.refreshToken());
    assertNotEquals(issued.accessToken(), refreshed.accessToken());
    assertEquals("boards:read pins:read", refreshed.scope());
    assertEquals(2_592_000, refreshed.expiresIn());
    assertEquals(5_184_000L, refreshed.refreshTokenExpiresIn());
    assertEquals(
        GrantFixture.START.plus(Duration.ofDays(1)).getEpochSecond() + 5_184_000L,
        refreshed.refreshTokenExpiresAt());
    assertError(OAuthError.INVALID_GRANT, () -> fixture.refresh(app, issued.refreshToken()));
  }

  @Test
  void handleWhenRotatedTwiceThenEachSuccessorWorks() {
    App app = fixture.register(TestApps.app());
    TokenResponse issued = authorize(app, "pins:read");

    TokenResponse second = fixture.refresh(app, issued.refreshToken());
    TokenResponse third = fixture.refresh(app, second.refreshToken());

    assertEquals("everlasting_refresh", third.responseType());
    assertEquals("pins:read", third.scope());
  }

  @Test
  void handleWhenRotatedTokenReusedWithoutGraceThenFamilyRevoked() {
    App app = fixture.register(TestApps.app());
    TokenResponse issued = authorize(app, "pins:read");
    TokenResponse refreshed = fixture.refresh(app, issued.refreshToken());

    OAuthException e =
        assertError(OAuthError.INVALID_GRANT, () -> fixture.refresh(app, issued.refreshToken()));

    assertFalse(e.getMessage().contains(issued.refreshToken()), e.getMessage());
    assertTrue(fixture.accessTokenRevoked(issued.accessToken()));
    assertTrue(fixture.accessTokenRevoked(refreshed.accessToken()));
    assertError(OAuthError.INVALID_GRANT, () -> fixture.refresh(app, refreshed.refreshToken()));
  }

  @Test
  void handleWhenRotatedTokenReusedWithinGraceThenNewPairAndNothingRevoked() {
    useGraceWindow("30");
    App app = fixture.register(TestApps.app());
    TokenResponse issued = authorize(app, "pins:read");
    TokenResponse refreshed = fixture.refresh(app, issued.refreshToken());
    fixture.advance(Duration.ofSeconds(29));

    TokenResponse again = fixture.refresh(app, issued.refreshToken());

    assertEquals("everlasting_refresh", again.responseType());
    assertEquals("pins:read", again.scope());
    assertNotEquals(refreshed.refreshToken(), again.refreshToken());
    assertNotEquals(refreshed.accessToken(), again.accessToken());
    assertFalse(fixture.accessTokenRevoked(issued.accessToken()));
    assertFalse(fixture.accessTokenRevoked(refreshed.accessToken()));
    assertFalse(fixture.accessTokenRevoked(again.accessToken()));
    assertEquals(
        "everlasting_refresh", fixture.refresh(app, refreshed.refreshToken()).responseType());
    assertEquals("everlasting_refresh", fixture.refresh(app, again.refreshToken()).responseType());
  }

  @Test
  void handleWhenRotatedTokenReusedAfterGraceThenFamilyRevoked() {
    useGraceWindow("30");
    App app = fixture.register(TestApps.app());
    TokenResponse issued = authorize(app, "pins:read");
    TokenResponse refreshed = fixture.refresh(app, issued.refreshToken());
    fixture.advance(Duration.ofSeconds(31));

    assertError(OAuthError.INVALID_GRANT, () -> fixture.refresh(app, issued.refreshToken()));

    assertTrue(fixture.accessTokenRevoked(issued.accessToken()));
    assertTrue(fixture.accessTokenRevoked(refreshed.accessToken()));
    assertError(OAuthError.INVALID_GRANT, () -> fixture.refresh(app, refreshed.refreshToken()));
  }

  @Test
  void handleWhenReusedWithinGraceThenReusedAgainAfterItThenWholeFamilyRevoked() {
    useGraceWindow("30");
    App app = fixture.register(TestApps.app());
    TokenResponse issued = authorize(app, "pins:read");
    fixture.refresh(app, issued.refreshToken());
    fixture.advance(Duration.ofSeconds(10));
    TokenResponse again = fixture.refresh(app, issued.refreshToken());
    fixture.advance(Duration.ofSeconds(25));

    assertError(OAuthError.INVALID_GRANT, () -> fixture.refresh(app, issued.refreshToken()));

    assertTrue(fixture.accessTokenRevoked(again.accessToken()));
    assertError(OAuthError.INVALID_GRANT, () -> fixture.refresh(app, again.refreshToken()));
  }

  @Test
  void handleWhenRotatedTokenReusedWithinGraceAfterFamilyRevokedThenInvalidGrant() {
    useGraceWindow("30");
    App app = fixture.register(TestApps.app());
    String code = fixture.issueCode(app, "pinner", "pins:read");
    TokenResponse issued = fixture.exchange(app, code);
    fixture.refresh(app, issued.refreshToken());
    assertError(OAuthError.INVALID_GRANT, () -> fixture.exchange(app, code));

    assertError(OAuthError.INVALID_GRANT, () -> fixture.refresh(app, issued.refreshToken()));

    assertEquals(0, fixture.count("SELECT COUNT(*) FROM refresh_token WHERE revoked_at IS NULL"));
  }

  /**
   * A grant on the fixture's store in which {@code concurrent} runs after this request has read the
   * refresh token live and before it rotates it: the interleaving of a lost race, made certain.
   */
  private RefreshTokenGrant grantThatLosesRaceTo(Runnable concurrent) {
    TokenStore racing = mock(TokenStore.class, delegatesTo(fixture.tokens));
    doAnswer(
            call -> {
              concurrent.run();
              return fixture.tokens.rotate(
                  call.getArgument(0, StoredRefreshToken.class),
                  call.getArgument(1, RefreshToken.class));
            })
        .when(racing)
        .rotate(any(), any());
    return new RefreshTokenGrant(
        racing,
        fixture.factory,
        fixture.config.scopes(),
        fixture.clock,
        fixture.config.refreshReuseGrace(),
        fixture.audit);
  }

  private void assertLosesRaceWithoutRevokingAnything() {
    App app = fixture.register(TestApps.app());
    TokenResponse issued = authorize(app, "pins:read");
    AtomicReference<TokenResponse> winner = new AtomicReference<>();
    RefreshTokenGrant loser =
        grantThatLosesRaceTo(() -> winner.set(fixture.refresh(app, issued.refreshToken())));

    OAuthException e =
        assertError(
            OAuthError.INVALID_GRANT,
            () ->
                loser.handle(
                    GrantFixture.request(
                        GrantType.REFRESH_TOKEN, "refresh_token", issued.refreshToken()),
                    app));

    assertTrue(e.getMessage().contains("concurrent request"), e.getMessage());
    assertFalse(fixture.accessTokenRevoked(issued.accessToken()));
    assertFalse(fixture.accessTokenRevoked(winner.get().accessToken()));
    assertEquals(
        2, fixture.count("SELECT COUNT(*) FROM refresh_token WHERE revoked_at IS NULL"), "issued");
    assertEquals(
        "everlasting_refresh", fixture.refresh(app, winner.get().refreshToken()).responseType());
  }

  @Test
  void handleWhenConcurrentRefreshRotatedTokenFirstThenInvalidGrantAndNothingRevoked() {
    assertLosesRaceWithoutRevokingAnything();
  }

  @Test
  void handleWhenConcurrentRefreshRotatedTokenFirstWithinGraceThenAnsweredAgainAndNothingRevoked() {
    useGraceWindow("30");
    App app = fixture.register(TestApps.app());
    TokenResponse issued = authorize(app, "pins:read");
    AtomicReference<TokenResponse> winner = new AtomicReference<>();
    RefreshTokenGrant loser =
        grantThatLosesRaceTo(() -> winner.set(fixture.refresh(app, issued.refreshToken())));

    TokenResponse answered =
        loser.handle(
            GrantFixture.request(GrantType.REFRESH_TOKEN, "refresh_token", issued.refreshToken()),
            app);

    assertEquals("everlasting_refresh", answered.responseType());
    assertNotEquals(winner.get().refreshToken(), answered.refreshToken());
    assertFalse(fixture.accessTokenRevoked(issued.accessToken()));
    assertFalse(fixture.accessTokenRevoked(winner.get().accessToken()));
    assertFalse(fixture.accessTokenRevoked(answered.accessToken()));
    assertEquals(
        "everlasting_refresh", fixture.refresh(app, winner.get().refreshToken()).responseType());
    assertEquals(
        "everlasting_refresh", fixture.refresh(app, answered.refreshToken()).responseType());
  }

  @Test
  void handleWhenAppNoLongerHasAnApprovedScopeThenNotGranted() {
    App app = fixture.register(TestApps.app().scopes("boards:read pins:read"));
    TokenResponse issued = authorize(app, "boards:read pins:read");
    App narrowed = fixture.register(TestApps.app().clientId(app.clientId()).scopes("pins:read"));

    TokenResponse refreshed = fixture.refresh(narrowed, issued.refreshToken());

    assertEquals("pins:read", refreshed.scope());
    assertEquals("pins:read", fixture.accessToken(refreshed.accessToken()).scopes().toString());
    assertEquals(
        "pins:read", fixture.refreshTokenRow(refreshed.refreshToken()).orElseThrow().get("scope"));
    assertError(
        OAuthError.INVALID_SCOPE,
        () -> fixture.refresh(narrowed, refreshed.refreshToken(), "scope", "boards:read"));
  }

  @Test
  void handleWhenAppNoLongerHasAnyScopeOfTheTokenThenInvalidScopeAndNothingRotated() {
    App app = fixture.register(TestApps.app().scopes("boards:read pins:read"));
    TokenResponse issued = authorize(app, "pins:read");
    App narrowed = fixture.register(TestApps.app().clientId(app.clientId()).scopes("boards:read"));

    assertError(OAuthError.INVALID_SCOPE, () -> fixture.refresh(narrowed, issued.refreshToken()));

    assertEquals(1, fixture.count("SELECT COUNT(*) FROM refresh_token"));
    assertNull(fixture.refreshTokenRow(issued.refreshToken()).orElseThrow().get("rotated_at"));
    assertFalse(fixture.accessTokenRevoked(issued.accessToken()));
  }

  @Test
  void handleWhenContinuousTokenJustBefore60DaysThenRefreshed() {
    App app = fixture.register(TestApps.app());
    TokenResponse issued = authorize(app, "pins:read");
    fixture.advance(Duration.ofDays(60).minusSeconds(1));

    assertEquals("everlasting_refresh", fixture.refresh(app, issued.refreshToken()).responseType());
  }

  @Test
  void handleWhenContinuousTokenOlderThan60DaysThenInvalidGrant() {
    App app = fixture.register(TestApps.app());
    TokenResponse issued = authorize(app, "pins:read");
    fixture.advance(Duration.ofDays(60));

    assertError(OAuthError.INVALID_GRANT, () -> fixture.refresh(app, issued.refreshToken()));
  }

  @Test
  void handleWhenLegacyThenAccessTokenOnlyAndSameRefreshTokenKeepsWorking() {
    App app = fixture.register(TestApps.app().refreshMode(RefreshMode.LEGACY));
    TokenResponse issued = authorize(app, "pins:read");

    TokenResponse first = fixture.refresh(app, issued.refreshToken());
    TokenResponse second = fixture.refresh(app, issued.refreshToken());

    assertEquals("refresh_token", first.responseType());
    assertNull(first.refreshToken());
    assertNull(first.refreshTokenExpiresIn());
    assertNull(first.refreshTokenExpiresAt());
    assertEquals("pins:read", first.scope());
    assertEquals("refresh_token", second.responseType());
    assertNotEquals(first.accessToken(), second.accessToken());
    assertFalse(fixture.accessTokenRevoked(first.accessToken()));
  }

  @Test
  void handleWhenLegacyWithRefreshOnThenRotatesAsContinuous() {
    App app = fixture.register(TestApps.app().refreshMode(RefreshMode.LEGACY));
    TokenResponse issued = authorize(app, "pins:read");

    TokenResponse rotated = fixture.refresh(app, issued.refreshToken(), "refresh_on", "true");

    assertEquals("everlasting_refresh", rotated.responseType());
    assertTrue(rotated.refreshToken().startsWith("pinr_"), rotated.refreshToken());
    assertEquals(5_184_000L, rotated.refreshTokenExpiresIn());
    assertEquals(
        true, fixture.refreshTokenRow(rotated.refreshToken()).orElseThrow().get("rotating"));
    assertError(OAuthError.INVALID_GRANT, () -> fixture.refresh(app, issued.refreshToken()));
  }

  @Test
  void handleWhenLegacyWithContinuousRefreshThenRotatesAsContinuous() {
    App app = fixture.register(TestApps.app().refreshMode(RefreshMode.LEGACY));
    TokenResponse issued = authorize(app, "pins:read");

    TokenResponse rotated = fixture.refresh(app, issued.refreshToken(), "continuous_refresh", "1");

    assertEquals("everlasting_refresh", rotated.responseType());
    assertEquals(5_184_000L, rotated.refreshTokenExpiresIn());
  }

  @Test
  void handleWhenLegacyWithRefreshOnFalseThenAccessTokenOnly() {
    App app = fixture.register(TestApps.app().refreshMode(RefreshMode.LEGACY));
    TokenResponse issued = authorize(app, "pins:read");

    TokenResponse response = fixture.refresh(app, issued.refreshToken(), "refresh_on", "False");

    assertEquals("refresh_token", response.responseType());
    assertNull(response.refreshToken());
  }

  @Test
  void handleWhenLegacyTokenJustBefore365DaysThenRefreshed() {
    App app = fixture.register(TestApps.app().refreshMode(RefreshMode.LEGACY));
    TokenResponse issued = authorize(app, "pins:read");
    fixture.advance(Duration.ofDays(365).minusSeconds(1));

    assertEquals("refresh_token", fixture.refresh(app, issued.refreshToken()).responseType());
  }

  @Test
  void handleWhenLegacyTokenOlderThan365DaysThenInvalidGrant() {
    App app = fixture.register(TestApps.app().refreshMode(RefreshMode.LEGACY));
    TokenResponse issued = authorize(app, "pins:read");
    fixture.advance(Duration.ofDays(365));

    assertError(OAuthError.INVALID_GRANT, () -> fixture.refresh(app, issued.refreshToken()));
  }

  @Test
  void handleWhenRefreshOnBogusThenInvalidRequest() {
    App app = fixture.register(TestApps.app());
    TokenResponse issued = authorize(app, "pins:read");

    assertError(
        OAuthError.INVALID_REQUEST,
        () -> fixture.refresh(app, issued.refreshToken(), "refresh_on", "yes"));
    assertEquals("everlasting_refresh", fixture.refresh(app, issued.refreshToken()).responseType());
  }

  @Test
  void handleWhenScopeNarrowedThenAccessTokenNarrowAndRefreshTokenKeepsGrant() {
    App app = fixture.register(TestApps.app());
    TokenResponse issued = authorize(app, "boards:read pins:read");

    TokenResponse narrowed = fixture.refresh(app, issued.refreshToken(), "scope", "pins:read");

    assertEquals("pins:read", narrowed.scope());
    assertEquals("pins:read", fixture.accessToken(narrowed.accessToken()).scopes().toString());
    TokenResponse next = fixture.refresh(app, narrowed.refreshToken());
    assertEquals("boards:read pins:read", next.scope());
  }

  @Test
  void handleWhenScopeNarrowedOnLegacyThenAccessTokenNarrow() {
    App app = fixture.register(TestApps.app().refreshMode(RefreshMode.LEGACY));
    TokenResponse issued = authorize(app, "boards:read pins:read");

    TokenResponse narrowed = fixture.refresh(app, issued.refreshToken(), "scope", "boards:read");

    assertEquals("boards:read", narrowed.scope());
    assertEquals("boards:read pins:read", fixture.refresh(app, issued.refreshToken()).scope());
  }

  @Test
  void handleWhenScopeWidenedThenInvalidScopeAndTokenStillWorks() {
    App app = fixture.register(TestApps.app());
    TokenResponse issued = authorize(app, "boards:read pins:read");

    assertError(
        OAuthError.INVALID_SCOPE,
        () -> fixture.refresh(app, issued.refreshToken(), "scope", "pins:read,ads:read"));

    assertEquals("boards:read pins:read", fixture.refresh(app, issued.refreshToken()).scope());
  }

  @Test
  void handleWhenScopeUnknownThenInvalidScope() {
    App app = fixture.register(TestApps.app());
    TokenResponse issued = authorize(app, "pins:read");

    OAuthException e =
        assertError(
            OAuthError.INVALID_SCOPE,
            () -> fixture.refresh(app, issued.refreshToken(), "scope", "pins:delete"));
    assertTrue(e.getMessage().contains("pins:delete"), e.getMessage());
  }

  @Test
  void handleWhenTokenOfAnotherAppThenInvalidGrant() {
    App owner = fixture.register(TestApps.app());
    App thief = fixture.register(TestApps.app());
    TokenResponse issued = authorize(owner, "pins:read");

    assertError(OAuthError.INVALID_GRANT, () -> fixture.refresh(thief, issued.refreshToken()));

    assertEquals(
        "everlasting_refresh", fixture.refresh(owner, issued.refreshToken()).responseType());
  }

  @Test
  void handleWhenTokenUnknownThenInvalidGrant() {
    App app = fixture.register(TestApps.app());

    assertError(
        OAuthError.INVALID_GRANT,
        () -> fixture.refresh(app, new TokenMinter().mint(TokenMinter.REFRESH_TOKEN_PREFIX)));
  }

  @Test
  void handleWhenAccessTokenPresentedAsRefreshTokenThenInvalidGrant() {
    App app = fixture.register(TestApps.app());
    TokenResponse issued = authorize(app, "pins:read");

    assertError(OAuthError.INVALID_GRANT, () -> fixture.refresh(app, issued.accessToken()));
  }

  @Test
  void handleWhenRefreshTokenMissingThenInvalidRequest() {
    App app = fixture.register(TestApps.app());

    assertError(
        OAuthError.INVALID_REQUEST,
        () -> fixture.refreshToken.handle(GrantFixture.request(GrantType.REFRESH_TOKEN), app));
  }

  @Test
  void handleWhenLaterConsentThenRefreshScopeIncludesIt() {
    App app = fixture.register(TestApps.app());
    TokenResponse issued = authorize(app, "pins:read");
    fixture.issueCode(app, "pinner", "boards:read");

    TokenResponse refreshed = fixture.refresh(app, issued.refreshToken());

    assertEquals("boards:read pins:read", refreshed.scope());
  }
}
