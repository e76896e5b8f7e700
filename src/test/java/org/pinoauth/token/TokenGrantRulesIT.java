package org.pinoauth.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pinoauth.testing.TokenAssertions.CONTINUOUS_REFRESH_SECONDS;
import static org.pinoauth.testing.TokenAssertions.assertAccessOnly;
import static org.pinoauth.testing.TokenAssertions.assertInvalidGrant;
import static org.pinoauth.testing.TokenAssertions.assertInvalidRequest;
import static org.pinoauth.testing.TokenAssertions.assertInvalidScope;
import static org.pinoauth.testing.TokenAssertions.assertWithRefresh;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.pinoauth.client.RefreshMode;
import org.pinoauth.testing.Endpoints;
import org.pinoauth.testing.Http;
import org.pinoauth.testing.TestApps;
import org.pinoauth.testing.TestApps.TestApp;
import org.pinoauth.testing.TestCodes;
import org.pinoauth.testing.TestPkce;
import org.pinoauth.testing.TestServerExtension;
import org.pinoauth.testing.TokenEndpoint;

/**
 * What each grant checks before it issues anything (CONTRACT §2.2, §2.3): the refresh flags, scope
 * narrowing, the life of a code (single use, expiry, app, redirect URI, PKCE), rotation and the
 * revocation of a family on reuse, and the race of many refreshes of one token.
 */
class TokenGrantRulesIT {

  @RegisterExtension static final TestServerExtension server = TestServerExtension.start();
  private static TokenEndpoint token;

  @BeforeAll
  static void startServer() {
    token = TokenEndpoint.of(server.get());
  }

  // Refresh flags (§2.1 booleans, §2.3 legacy mode)

  static Stream<Arguments> trueFlags() {
    return flags("true", "True", "TRUE", "1");
  }

  static Stream<Arguments> falseFlags() {
    return flags("false", "False", "FALSE", "0");
  }

  static Stream<Arguments> bogusFlags() {
    return flags("yes", "on", "2", "truee", " true");
  }

  private static Stream<Arguments> flags(String... values) {
    return Stream.of("refresh_on", "continuous_refresh")
        .flatMap(name -> Stream.of(values).map(value -> Arguments.of(name, value)));
  }

  @ParameterizedTest(name = "{0}={1}")
  @MethodSource("trueFlags")
  void postWhenLegacyRefreshAsksForRotationThenContinuousTokenAndOldOneStops(
      String flag, String value) {
    TestApp app = TestApps.app().refreshMode(RefreshMode.LEGACY).registerOn(server.get());
    String legacy = refreshTokenFor(app, "pins:read");

    Http.Response rotated = token.refresh(app, legacy, flag, value);
    Http.Response rotatesOn = token.refresh(app, rotated.string("refresh_token"));
    Http.Response old = token.refresh(app, legacy);

    assertWithRefresh(rotated, "everlasting_refresh", "pins:read", CONTINUOUS_REFRESH_SECONDS);
    assertWithRefresh(rotatesOn, "everlasting_refresh", "pins:read", CONTINUOUS_REFRESH_SECONDS);
    assertInvalidGrant(old);
  }

  @ParameterizedTest(name = "{0}={1}")
  @MethodSource("falseFlags")
  void postWhenLegacyRefreshFlagIsFalseThenNoRotation(String flag, String value) {
    TestApp app = TestApps.app().refreshMode(RefreshMode.LEGACY).registerOn(server.get());
    String legacy = refreshTokenFor(app, "pins:read");

    Http.Response refreshed = token.refresh(app, legacy, flag, value);
    Http.Response again = token.refresh(app, legacy);

    assertAccessOnly(refreshed, "refresh_token", "pins:read");
    assertAccessOnly(again, "refresh_token", "pins:read");
  }

  @ParameterizedTest(name = "{0}={1}")
  @MethodSource("bogusFlags")
  void postWhenRefreshFlagIsNotABooleanThenInvalidRequestAndTokenUntouched(
      String flag, String value) {
    TestApp app = TestApps.app().refreshMode(RefreshMode.LEGACY).registerOn(server.get());
    String legacy = refreshTokenFor(app, "pins:read");

    Http.Response bogus = token.refresh(app, legacy, flag, value);
    Http.Response after = token.refresh(app, legacy);

    assertInvalidRequest(bogus);
    assertAccessOnly(after, "refresh_token", "pins:read");
  }

  @Test
  void postWhenCodeExchangeFlagIsNotABooleanThenInvalidRequest() {
    TestApp app = TestApps.app().refreshMode(RefreshMode.LEGACY).registerOn(server.get());
    String code = TestCodes.code(app).issueOn(server.get());

    assertInvalidRequest(token.exchange(app, code, "continuous_refresh", "yes"));
  }

  // Scope narrowing on refresh (§2.2)

  @Test
  void postWhenRefreshNarrowsScopeThenAccessTokenNarrowAndNewRefreshTokenKeepsFullScope() {
    TestApp app = TestApps.app().registerOn(server.get());
    String refreshToken = refreshTokenFor(app, "boards:read pins:read");

    Http.Response narrowed = token.refresh(app, refreshToken, "scope", "pins:read");
    Http.Response full = token.refresh(app, narrowed.string("refresh_token"));

    assertWithRefresh(narrowed, "everlasting_refresh", "pins:read", CONTINUOUS_REFRESH_SECONDS);
    assertWithRefresh(
        full, "everlasting_refresh", "boards:read pins:read", CONTINUOUS_REFRESH_SECONDS);
  }

  @Test
  void postWhenLegacyRefreshNarrowsScopeThenAccessTokenNarrowAndTokenKeepsFullScope() {
    TestApp app = TestApps.app().refreshMode(RefreshMode.LEGACY).registerOn(server.get());
    String refreshToken = refreshTokenFor(app, "boards:read pins:read");

    Http.Response narrowed = token.refresh(app, refreshToken, "scope", "boards:read");
    Http.Response full = token.refresh(app, refreshToken);

    assertAccessOnly(narrowed, "refresh_token", "boards:read");
    assertAccessOnly(full, "refresh_token", "boards:read pins:read");
  }

  @Test
  void postWhenRefreshWidensScopeThenInvalidScopeAndTokenStillLive() {
    TestApp app = TestApps.app().registerOn(server.get());
    String refreshToken = refreshTokenFor(app, "pins:read");

    Http.Response wider = token.refresh(app, refreshToken, "scope", "pins:read,boards:read");
    Http.Response after = token.refresh(app, refreshToken);

    assertInvalidScope(wider);
    assertWithRefresh(after, "everlasting_refresh", "pins:read", CONTINUOUS_REFRESH_SECONDS);
  }

  // The life of a code (§2.2)

  @Test
  void postWhenCodeUsedTwiceThenInvalidGrantAndTokensOfFirstExchangeRevoked() {
    TestApp app = TestApps.app().registerOn(server.get());
    String code = TestCodes.code(app).issueOn(server.get());
    Http.Response first = token.exchange(app, code);
    assertEquals(200, first.status(), first.toString());

    Http.Response second = token.exchange(app, code);
    Http.Response refreshed = token.refresh(app, first.string("refresh_token"));

    assertInvalidGrant(second);
    assertInvalidGrant(refreshed);
  }

  @Test
  void postWhenCodeUsedTwiceOnLegacyAppThenItsYearLongRefreshTokenRevoked() {
    TestApp app = TestApps.app().refreshMode(RefreshMode.LEGACY).registerOn(server.get());
    String code = TestCodes.code(app).issueOn(server.get());
    Http.Response first = token.exchange(app, code);
    assertEquals(200, first.status(), first.toString());

    Http.Response second = token.exchange(app, code);
    Http.Response refreshed = token.refresh(app, first.string("refresh_token"));

    assertInvalidGrant(second);
    assertInvalidGrant(refreshed);
  }

  @Test
  void postWhenCodeExpiredThenInvalidGrant() {
    TestApp app = TestApps.app().registerOn(server.get());
    String code = TestCodes.code(app).issuedAgo(Duration.ofMinutes(11)).issueOn(server.get());

    assertInvalidGrant(token.exchange(app, code));
  }

  @Test
  void postWhenCodeIssuedNineMinutesAgoThenStillExchanged() {
    TestApp app = TestApps.app().registerOn(server.get());
    String code =
        TestCodes.code(app)
            .scopes("pins:read")
            .issuedAgo(Duration.ofMinutes(9))
            .issueOn(server.get());

    Http.Response response = token.exchange(app, code);

    assertWithRefresh(response, "authorization_code", "pins:read", CONTINUOUS_REFRESH_SECONDS);
  }

  @Test
  void postWhenCodeWasIssuedToAnotherAppThenInvalidGrant() {
    TestApp owner = TestApps.app().registerOn(server.get());
    TestApp other = TestApps.app().registerOn(server.get());
    String code = TestCodes.code(owner).issueOn(server.get());

    assertInvalidGrant(token.exchange(other, code));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://localhost:8085",
        "http://localhost:8086/",
        "http://localhost:8085/x",
        "HTTP://localhost:8085/",
        "http://localhost:8085/ "
      })
  void postWhenRedirectUriDiffersInAnyCharacterThenInvalidGrant(String redirectUri) {
    TestApp app = TestApps.app().registerOn(server.get());
    String code = TestCodes.code(app).issueOn(server.get());

    Http.Response response =
        token.post(
            app, "grant_type", "authorization_code", "code", code, "redirect_uri", redirectUri);

    assertInvalidGrant(response);
  }

  // PKCE (RFC 7636, RFC 9700 §2.1.1)

  @Test
  void postWhenPkceVerifierMatchesS256ChallengeThenTokensIssued() {
    TestApp app = TestApps.app().registerOn(server.get());
    String verifier = TestPkce.verifier();
    String code =
        TestCodes.code(app)
            .scopes("pins:read")
            .challenge(TestPkce.s256(verifier), "S256")
            .issueOn(server.get());

    Http.Response response = token.exchange(app, code, "code_verifier", verifier);

    assertWithRefresh(response, "authorization_code", "pins:read", CONTINUOUS_REFRESH_SECONDS);
  }

  @Test
  void postWhenPkceVerifierWrongThenInvalidGrant() {
    TestApp app = TestApps.app().registerOn(server.get());
    String code =
        TestCodes.code(app)
            .challenge(TestPkce.s256(TestPkce.verifier()), "S256")
            .issueOn(server.get());

    assertInvalidGrant(token.exchange(app, code, "code_verifier", TestPkce.verifier()));
  }

  @Test
  void postWhenPkceVerifierIsTheChallengeItselfThenInvalidGrant() {
    TestApp app = TestApps.app().registerOn(server.get());
    String challenge = TestPkce.s256(TestPkce.verifier());
    String code = TestCodes.code(app).challenge(challenge, "S256").issueOn(server.get());

    assertInvalidGrant(token.exchange(app, code, "code_verifier", challenge));
  }

  @Test
  void postWhenPkceVerifierMissingThenInvalidGrant() {
    TestApp app = TestApps.app().registerOn(server.get());
    String code =
        TestCodes.code(app)
            .challenge(TestPkce.s256(TestPkce.verifier()), "S256")
            .issueOn(server.get());

    assertInvalidGrant(token.exchange(app, code));
  }

  @Test
  void postWhenPkceVerifierSentForCodeWithoutChallengeThenInvalidGrant() {
    TestApp app = TestApps.app().registerOn(server.get());
    String code = TestCodes.code(app).issueOn(server.get());

    assertInvalidGrant(token.exchange(app, code, "code_verifier", TestPkce.verifier()));
  }

  @Test
  void postWhenPkceFailedThenCodeStillRedeemableWithRightVerifier() {
    TestApp app = TestApps.app().registerOn(server.get());
    String verifier = TestPkce.verifier();
    String code =
        TestCodes.code(app)
            .scopes("pins:read")
            .challenge(TestPkce.s256(verifier), "S256")
            .issueOn(server.get());

    Http.Response wrong = token.exchange(app, code, "code_verifier", TestPkce.verifier());
    Http.Response right = token.exchange(app, code, "code_verifier", verifier);

    assertInvalidGrant(wrong);
    assertWithRefresh(right, "authorization_code", "pins:read", CONTINUOUS_REFRESH_SECONDS);
  }

  @Test
  void postWhenPlainChallengeAndAppDoesNotAllowPlainThenInvalidGrant() {
    TestApp app = TestApps.app().registerOn(server.get());
    String verifier = TestPkce.verifier();
    String code = TestCodes.code(app).challenge(verifier, "plain").issueOn(server.get());

    assertInvalidGrant(token.exchange(app, code, "code_verifier", verifier));
  }

  @Test
  void postWhenPlainChallengeAndAppAllowsPlainThenTokensIssued() {
    TestApp app = TestApps.app().allowPlainPkce(true).registerOn(server.get());
    String verifier = TestPkce.verifier();
    String code =
        TestCodes.code(app).scopes("pins:read").challenge(verifier, "plain").issueOn(server.get());

    Http.Response response = token.exchange(app, code, "code_verifier", verifier);

    assertWithRefresh(response, "authorization_code", "pins:read", CONTINUOUS_REFRESH_SECONDS);
  }

  // Continuous refresh asked for at the code exchange of a legacy app (§2.2)

  @Test
  void postWhenLegacyCodeExchangeAsksContinuousRefreshThenSixtyDayTokenThatRotates() {
    TestApp app = TestApps.app().refreshMode(RefreshMode.LEGACY).registerOn(server.get());
    String code = TestCodes.code(app).scopes("pins:read").issueOn(server.get());

    Http.Response exchanged = token.exchange(app, code, "continuous_refresh", "true");
    String first = exchanged.string("refresh_token");
    Http.Response rotated = token.refresh(app, first);
    Http.Response reused = token.refresh(app, first);

    assertWithRefresh(exchanged, "authorization_code", "pins:read", CONTINUOUS_REFRESH_SECONDS);
    assertWithRefresh(rotated, "everlasting_refresh", "pins:read", CONTINUOUS_REFRESH_SECONDS);
    assertInvalidGrant(reused);
  }

  // Reuse of a rotated refresh token (§2.3, grace 0 by default)

  @Test
  void postWhenRotatedRefreshTokenReusedThenWholeFamilyRevoked() {
    TestApp app = TestApps.app().registerOn(server.get());
    String first = refreshTokenFor(app, "pins:read");
    Http.Response rotated = token.refresh(app, first);
    assertEquals(200, rotated.status(), rotated.toString());
    String successor = rotated.string("refresh_token");

    Http.Response reused = token.refresh(app, first);
    Http.Response successorAfterReuse = token.refresh(app, successor);

    assertInvalidGrant(reused);
    assertInvalidGrant(successorAfterReuse);
  }

  @Test
  void postWhenRefreshTokenOfAnotherAppThenInvalidGrantAndOwnerKeepsIt() {
    TestApp owner = TestApps.app().registerOn(server.get());
    TestApp other = TestApps.app().registerOn(server.get());
    String refreshToken = refreshTokenFor(owner, "pins:read");

    Http.Response stolen = token.refresh(other, refreshToken);
    Http.Response own = token.refresh(owner, refreshToken);

    assertInvalidGrant(stolen);
    assertWithRefresh(own, "everlasting_refresh", "pins:read", CONTINUOUS_REFRESH_SECONDS);
  }

  // Scopes an operator takes from an app (§2.1: never granted again, approved or not)

  @Test
  void postWhenOperatorRemovedApprovedScopeFromAppThenCodeExchangeAndRefreshNoLongerGrantIt() {
    TestApp app = TestApps.app().scopes("boards:read pins:read").registerOn(server.get());
    String refreshToken = refreshTokenFor(app, "boards:read pins:read");
    String code = TestCodes.code(app).scopes("boards:read pins:read").issueOn(server.get());

    Endpoints.patchApp(server.get(), app, "{\"scopes\": [\"pins:read\"]}");

    Http.Response exchanged = token.exchange(app, code);
    assertWithRefresh(exchanged, "authorization_code", "pins:read", CONTINUOUS_REFRESH_SECONDS);
    assertEquals(
        "pins:read",
        Endpoints.introspect(server.get(), app, exchanged.string("access_token")).string("scope"));
    Http.Response refreshed = token.refresh(app, refreshToken);
    assertWithRefresh(refreshed, "everlasting_refresh", "pins:read", CONTINUOUS_REFRESH_SECONDS);
    assertEquals(
        "pins:read",
        Endpoints.introspect(server.get(), app, refreshed.string("refresh_token")).string("scope"));
    assertInvalidScope(
        token.refresh(app, refreshed.string("refresh_token"), "scope", "boards:read"));
  }

  // Races (§2.3: rotation is decided once)

  @Test
  void postWhenSixteenRefreshesOfOneTokenRaceThenExactlyOneSucceeds() throws Exception {
    TestApp app = TestApps.app().registerOn(server.get());
    String refreshToken = refreshTokenFor(app, "pins:read");
    int parallel = 16;
    ExecutorService pool = Executors.newFixedThreadPool(parallel);
    try {
      CountDownLatch ready = new CountDownLatch(parallel);
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Http.Response>> answers = new ArrayList<>();
      for (int i = 0; i < parallel; i++) {
        answers.add(
            pool.submit(
                () -> {
                  ready.countDown();
                  start.await();
                  return token.refresh(app, refreshToken);
                }));
      }
      assertTrue(ready.await(10, TimeUnit.SECONDS), "the threads did not start");
      start.countDown();

      List<Http.Response> succeeded = new ArrayList<>();
      for (Future<Http.Response> answer : answers) {
        Http.Response response = answer.get(60, TimeUnit.SECONDS);
        if (response.status() == 200) {
          succeeded.add(response);
        } else {
          assertInvalidGrant(response);
        }
      }
      assertEquals(1, succeeded.size(), "refreshes that succeeded: " + succeeded);
      assertWithRefresh(
          succeeded.get(0), "everlasting_refresh", "pins:read", CONTINUOUS_REFRESH_SECONDS);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void postWhenSixteenExchangesOfOneCodeRaceThenExactlyOneSucceeds() throws Exception {
    TestApp app = TestApps.app().registerOn(server.get());
    String code = TestCodes.code(app).scopes("pins:read").issueOn(server.get());
    int parallel = 16;
    ExecutorService pool = Executors.newFixedThreadPool(parallel);
    try {
      CountDownLatch ready = new CountDownLatch(parallel);
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Http.Response>> answers = new ArrayList<>();
      for (int i = 0; i < parallel; i++) {
        answers.add(
            pool.submit(
                () -> {
                  ready.countDown();
                  start.await();
                  return token.exchange(app, code);
                }));
      }
      assertTrue(ready.await(10, TimeUnit.SECONDS), "the threads did not start");
      start.countDown();

      int succeeded = 0;
      for (Future<Http.Response> answer : answers) {
        Http.Response response = answer.get(60, TimeUnit.SECONDS);
        if (response.status() == 200) {
          succeeded++;
        } else {
          assertInvalidGrant(response);
        }
      }
      assertEquals(1, succeeded, "code exchanges that succeeded");
    } finally {
      pool.shutdownNow();
    }
  }

  /** A refresh token from a code exchange of {@code scopes}. */
  private static String refreshTokenFor(TestApp app, String scopes) {
    String code = TestCodes.code(app).scopes(scopes).issueOn(server.get());
    Http.Response exchanged = token.exchange(app, code);
    assertEquals(200, exchanged.status(), exchanged.toString());
    return exchanged.string("refresh_token");
  }
}
