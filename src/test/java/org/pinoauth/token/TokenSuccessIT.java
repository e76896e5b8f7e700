package org.pinoauth.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.pinoauth.testing.TokenAssertions.CONTINUOUS_REFRESH_SECONDS;
import static org.pinoauth.testing.TokenAssertions.LEGACY_REFRESH_SECONDS;
import static org.pinoauth.testing.TokenAssertions.assertAccessOnly;
import static org.pinoauth.testing.TokenAssertions.assertInvalidGrant;
import static org.pinoauth.testing.TokenAssertions.assertJsonHeaders;
import static org.pinoauth.testing.TokenAssertions.assertWithRefresh;
import static org.pinoauth.testing.TokenAssertions.requestId;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.pinoauth.client.RefreshMode;
import org.pinoauth.testing.Http;
import org.pinoauth.testing.TestApps;
import org.pinoauth.testing.TestApps.TestApp;
import org.pinoauth.testing.TestCodes;
import org.pinoauth.testing.TestServerExtension;
import org.pinoauth.testing.TokenEndpoint;

/**
 * The success answers of the token endpoint (CONTRACT §2.4) for each grant and refresh mode, the
 * ways an app may authenticate (§2.1) and the scope lists it may send, over real HTTP.
 */
class TokenSuccessIT {

  @RegisterExtension static final TestServerExtension server = TestServerExtension.start();
  private static TokenEndpoint token;

  @BeforeAll
  static void startServer() {
    token = TokenEndpoint.of(server.get());
  }

  @Test
  void postWhenCodeExchangedOnContinuousAppThenSixtyDayRefreshToken() {
    TestApp app = TestApps.app().registerOn(server.get());
    String code = TestCodes.code(app).scopes("pins:read boards:read").issueOn(server.get());

    Http.Response response = token.exchange(app, code);

    assertWithRefresh(
        response, "authorization_code", "boards:read pins:read", CONTINUOUS_REFRESH_SECONDS);
  }

  @Test
  void postWhenCodeExchangedOnLegacyAppThenYearLongRefreshToken() {
    TestApp app = TestApps.app().refreshMode(RefreshMode.LEGACY).registerOn(server.get());
    String code = TestCodes.code(app).scopes("pins:read").issueOn(server.get());

    Http.Response response = token.exchange(app, code);

    assertWithRefresh(response, "authorization_code", "pins:read", LEGACY_REFRESH_SECONDS);
  }

  @Test
  void postWhenContinuousAppRefreshesThenEverlastingRefreshWithNewRefreshToken() {
    TestApp app = TestApps.app().registerOn(server.get());
    String refreshToken = refreshTokenFor(app, "boards:read pins:read");

    Http.Response response = token.refresh(app, refreshToken);

    Map<String, Object> json =
        assertWithRefresh(
            response, "everlasting_refresh", "boards:read pins:read", CONTINUOUS_REFRESH_SECONDS);
    assertNotEquals(refreshToken, json.get("refresh_token"), "a rotated refresh token is new");
  }

  @Test
  void postWhenLegacyAppRefreshesWithoutFlagThenNoRefreshFieldsAndTokenKeepsWorking() {
    TestApp app = TestApps.app().refreshMode(RefreshMode.LEGACY).registerOn(server.get());
    String refreshToken = refreshTokenFor(app, "pins:read");

    Http.Response first = token.refresh(app, refreshToken);
    Http.Response second = token.refresh(app, refreshToken);

    assertAccessOnly(first, "refresh_token", "pins:read");
    assertAccessOnly(second, "refresh_token", "pins:read");
    assertNotEquals(first.string("access_token"), second.string("access_token"));
  }

  @Test
  void postWhenLegacyAppRefreshesWithRefreshOnThenEverlastingRefresh() {
    TestApp app = TestApps.app().refreshMode(RefreshMode.LEGACY).registerOn(server.get());
    String refreshToken = refreshTokenFor(app, "pins:read");

    Http.Response response = token.refresh(app, refreshToken, "refresh_on", "true");

    assertWithRefresh(response, "everlasting_refresh", "pins:read", CONTINUOUS_REFRESH_SECONDS);
  }

  @Test
  void postWhenLegacyAppRefreshesWithContinuousRefreshThenEverlastingRefresh() {
    TestApp app = TestApps.app().refreshMode(RefreshMode.LEGACY).registerOn(server.get());
    String refreshToken = refreshTokenFor(app, "pins:read");

    Http.Response response = token.refresh(app, refreshToken, "continuous_refresh", "true");

    assertWithRefresh(response, "everlasting_refresh", "pins:read", CONTINUOUS_REFRESH_SECONDS);
  }

  @Test
  void postWhenClientCredentialsThenAppTokenWithoutRefreshFields() {
    TestApp app = TestApps.app().registerOn(server.get());

    Http.Response response = token.clientCredentials(app, "pins:read");

    assertAccessOnly(response, "client_credentials", "pins:read");
  }

  @Test
  void postWhenRotatedRefreshTokenUsedAgainThenInvalidGrantWhileSuccessorWorked() {
    TestApp app = TestApps.app().registerOn(server.get());
    String first = refreshTokenFor(app, "pins:read");
    String second = token.refresh(app, first).string("refresh_token");

    Http.Response successor = token.refresh(app, second);
    Http.Response reused = token.refresh(app, first);

    assertWithRefresh(successor, "everlasting_refresh", "pins:read", CONTINUOUS_REFRESH_SECONDS);
    assertInvalidGrant(reused);
  }

  @Test
  void postWhenSecondCodeApprovesMoreScopesThenExchangeListsUnionOfConsents() {
    TestApp app = TestApps.app().registerOn(server.get());
    String boards =
        TestCodes.code(app).username("alice").scopes("boards:read").issueOn(server.get());
    Http.Response first = token.exchange(app, boards);
    String pins = TestCodes.code(app).username("alice").scopes("pins:read").issueOn(server.get());

    Http.Response second = token.exchange(app, pins);

    assertWithRefresh(first, "authorization_code", "boards:read", CONTINUOUS_REFRESH_SECONDS);
    assertWithRefresh(
        second, "authorization_code", "boards:read pins:read", CONTINUOUS_REFRESH_SECONDS);
  }

  @Test
  void postWhenAnotherUserApprovedMoreScopesThenTheyAreNotInThisUsersScope() {
    TestApp app = TestApps.app().registerOn(server.get());
    TestCodes.code(app).username("bob").scopes("boards:write").issueOn(server.get());
    String code = TestCodes.code(app).username("carol").scopes("pins:read").issueOn(server.get());

    Http.Response response = token.exchange(app, code);

    assertWithRefresh(response, "authorization_code", "pins:read", CONTINUOUS_REFRESH_SECONDS);
  }

  @Test
  void postWhenSucceededThenEveryAnswerHasItsOwnRequestIdAndFreshTokens() {
    TestApp app = TestApps.app().registerOn(server.get());
    Set<String> requestIds = new HashSet<>();
    Set<String> accessTokens = new HashSet<>();

    for (int i = 0; i < 3; i++) {
      Http.Response response = token.clientCredentials(app, "pins:read");
      assertAccessOnly(response, "client_credentials", "pins:read");
      requestIds.add(requestId(response));
      accessTokens.add(response.string("access_token"));
    }

    assertEquals(3, requestIds.size(), "x-pinterest-rid repeated: " + requestIds);
    assertEquals(3, accessTokens.size(), "access_token repeated");
  }

  @Test
  void postWhenFailedThenAnswerHasJsonHeadersAndItsOwnRequestId() {
    TestApp app = TestApps.app().registerOn(server.get());

    Http.Response first = token.post(app, "grant_type", "password");
    Http.Response second = token.post(app, "grant_type", "password");

    assertJsonHeaders(first);
    assertJsonHeaders(second);
    assertNotEquals(requestId(first), requestId(second));
  }

  @Test
  void postWhenClientSecretPostThenTokenIssued() {
    TestApp app = TestApps.app().registerOn(server.get());

    Http.Response response =
        token.postSecretInBody(app, "grant_type", "client_credentials", "scope", "pins:read");

    assertAccessOnly(response, "client_credentials", "pins:read");
  }

  @Test
  void postWhenBasicCredentialsAreFormUrlEncodedThenTheyAreDecodedBeforeComparison() {
    TestApp app =
        TestApps.app()
            .clientId("id%+:/9")
            .secret("s3cr%t+with:colon/slash")
            .registerOn(server.get());

    Http.Response basic =
        token.post(
            Http.basic("id%+:/9", "s3cr%t+with:colon/slash"),
            Http.form("grant_type", "client_credentials", "scope", "pins:read"));
    Http.Response post =
        token.postSecretInBody(app, "grant_type", "client_credentials", "scope", "pins:read");

    assertAccessOnly(basic, "client_credentials", "pins:read");
    assertAccessOnly(post, "client_credentials", "pins:read");
  }

  @Test
  void postWhenBasicSchemeInLowerCaseThenAccepted() {
    TestApp app = TestApps.app().registerOn(server.get());
    String lowerCase = "basic" + Http.basic(app.clientId(), app.secret()).substring(5);

    Http.Response response =
        token.post(lowerCase, Http.form("grant_type", "client_credentials", "scope", "pins:read"));

    assertAccessOnly(response, "client_credentials", "pins:read");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "boards:read,pins:read",
        "boards:read pins:read",
        "boards:read, pins:read",
        "pins:read boards:read",
        " boards:read ,pins:read ",
        "pins:read,boards:read pins:read,boards:read"
      })
  void postWhenScopeListSeparatedByCommasSpacesOrBothThenSameGrantedScope(String list) {
    TestApp app = TestApps.app().registerOn(server.get());

    Http.Response response = token.clientCredentials(app, list);

    assertAccessOnly(response, "client_credentials", "boards:read pins:read");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "boards:read,pins:read  | boards:read pins:read",
        "'boards:read, pins:read' | boards:read pins:read",
        "pins:read pins:read    | pins:read",
        "pins:read,             | pins:read"
      })
  void postWhenRefreshScopeListSeparatedByCommasOrSpacesThenNarrowedAlike(
      String list, String granted) {
    TestApp app = TestApps.app().registerOn(server.get());
    String refreshToken = refreshTokenFor(app, "boards:read boards:write pins:read");

    Http.Response response = token.refresh(app, refreshToken, "scope", list);

    assertWithRefresh(response, "everlasting_refresh", granted, CONTINUOUS_REFRESH_SECONDS);
  }

  /** A refresh token from a code exchange of {@code scopes}. */
  private static String refreshTokenFor(TestApp app, String scopes) {
    String code = TestCodes.code(app).scopes(scopes).issueOn(server.get());
    Http.Response exchanged = token.exchange(app, code);
    assertEquals(200, exchanged.status(), exchanged.toString());
    return exchanged.string("refresh_token");
  }
}
