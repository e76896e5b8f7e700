package org.pinoauth.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pinoauth.testing.Endpoints;
import org.pinoauth.testing.Endpoints.Tokens;
import org.pinoauth.testing.Http;
import org.pinoauth.testing.TestApps;
import org.pinoauth.testing.TestApps.TestApp;
import org.pinoauth.testing.TestServerExtension;

/** {@code GET /v5/user_account} with a bearer token (CONTRACT §4, RFC 6750). */
class UserAccountIT {
  private static final String SCOPES = "pins:read user_accounts:read";
  private static final Set<String> ACCOUNT_FIELDS =
      Set.of(
          "account_type",
          "id",
          "profile_image",
          "website_url",
          "username",
          "about",
          "business_name",
          "board_count",
          "pin_count",
          "follower_count",
          "following_count",
          "monthly_views");

  @RegisterExtension static final TestServerExtension server = TestServerExtension.start();

  private static TestApp newApp() {
    return TestApps.app().scopes(SCOPES).owner("shop").registerOn(server.get());
  }

  @Test
  void userAccountWhenUserTokenWithScopeThenPinterestAccountOfTheUser() {
    TestApp app = newApp();
    Tokens tokens = Endpoints.issue(server.get(), app, "pinner", SCOPES);

    Http.Response answer = Endpoints.userAccount(server.get(), tokens.access());

    assertEquals(200, answer.status(), answer.body());
    assertTrue(answer.header("Content-Type").orElse("").startsWith("application/json"));
    Map<String, Object> account = answer.json();
    assertEquals(ACCOUNT_FIELDS, account.keySet());
    assertEquals("PINNER", account.get("account_type"));
    assertEquals("pinner", account.get("username"));
    assertTrue(((String) account.get("id")).matches("[1-9][0-9]{17}"), answer.body());
    assertInstanceOf(String.class, account.get("website_url"));
    assertInstanceOf(String.class, account.get("about"));
    assertNull(account.get("business_name"));
    for (String count :
        Set.of("board_count", "pin_count", "follower_count", "following_count", "monthly_views")) {
      BigDecimal value = (BigDecimal) account.get(count);
      assertTrue(value.signum() >= 0 && value.stripTrailingZeros().scale() <= 0, count);
    }
    assertEquals("no-store", answer.header("Cache-Control").orElse(null));
    assertTrue(answer.header("x-pinterest-rid").isPresent());
  }

  @Test
  void userAccountWhenAnsweredThenProfileImageIsAnUrlThatServesAnImage() {
    TestApp app = newApp();
    Tokens tokens = Endpoints.issue(server.get(), app, "pinner", SCOPES);

    String profileImage =
        Endpoints.userAccount(server.get(), tokens.access()).string("profile_image");

    URI uri = URI.create(profileImage);
    assertTrue(uri.isAbsolute() && uri.getScheme().startsWith("http"), profileImage);
    Http.Response image = Http.get(uri);
    assertEquals(200, image.status(), profileImage);
    assertTrue(image.header("Content-Type").orElse("").startsWith("image/"), image.toString());
  }

  @Test
  void userAccountWhenCalledAgainWithAnotherTokenThenSameIdAndOtherUsersIdDiffers() {
    TestApp app = newApp();
    Tokens first = Endpoints.issue(server.get(), app, "pinner", SCOPES);
    Tokens second = Endpoints.issue(server.get(), app, "pinner", SCOPES);
    Tokens someoneElse = Endpoints.issue(server.get(), app, "another-pinner", SCOPES);

    String id = Endpoints.userAccount(server.get(), first.access()).string("id");

    assertEquals(id, Endpoints.userAccount(server.get(), first.access()).string("id"));
    assertEquals(id, Endpoints.userAccount(server.get(), second.access()).string("id"));
    Http.Response other = Endpoints.userAccount(server.get(), someoneElse.access());
    assertEquals("another-pinner", other.string("username"));
    assertNotEquals(id, other.string("id"));
  }

  @Test
  void userAccountWhenScopeMissingThenForbiddenWithInsufficientScope() {
    TestApp app = newApp();
    Tokens tokens = Endpoints.issue(server.get(), app, "pinner", "pins:read");

    Http.Response refused = Endpoints.userAccount(server.get(), tokens.access());

    assertEquals(403, refused.status(), refused.body());
    assertEquals(29, refused.number("code"));
    String challenge = refused.header("WWW-Authenticate").orElse("");
    assertTrue(challenge.startsWith("Bearer"), challenge);
    assertTrue(challenge.contains("insufficient_scope"), challenge);
    assertTrue(challenge.contains("user_accounts:read"), challenge);
  }

  @Test
  void userAccountWhenTokenRevokedThenUnauthorizedWithBearerChallenge() {
    TestApp app = newApp();
    Tokens tokens = Endpoints.issue(server.get(), app, "pinner", SCOPES);
    assertEquals(200, Endpoints.revoke(server.get(), app, "token", tokens.access()).status());

    Http.Response refused = Endpoints.userAccount(server.get(), tokens.access());

    assertUnauthorizedWithBearerChallenge(refused);
    assertTrue(refused.header("WWW-Authenticate").orElse("").contains("invalid_token"));
  }

  @Test
  void userAccountWhenTokenUnknownThenUnauthorized() {
    Http.Response refused = Endpoints.userAccount(server.get(), "pina_no-such-token");

    assertUnauthorizedWithBearerChallenge(refused);
  }

  @Test
  void userAccountWhenRefreshTokenSentAsBearerThenUnauthorized() {
    TestApp app = newApp();
    Tokens tokens = Endpoints.issue(server.get(), app, "pinner", SCOPES);

    Http.Response refused = Endpoints.userAccount(server.get(), tokens.refresh());

    assertUnauthorizedWithBearerChallenge(refused);
  }

  @Test
  void userAccountWhenAuthorizationMissingThenUnauthorized() {
    Http.Response refused = Http.get(server.uri("/v5/user_account"));

    assertUnauthorizedWithBearerChallenge(refused);
  }

  @Test
  void userAccountWhenBasicSchemeThenUnauthorized() {
    TestApp app = newApp();

    Http.Response refused =
        Http.get(
            server.uri("/v5/user_account"),
            "Authorization",
            Http.basic(app.clientId(), app.secret()));

    assertUnauthorizedWithBearerChallenge(refused);
  }

  @Test
  void userAccountWhenTokenSentWithBasicSchemeThenUnauthorized() {
    TestApp app = newApp();
    Tokens tokens = Endpoints.issue(server.get(), app, "pinner", SCOPES);

    Http.Response refused =
        Http.get(server.uri("/v5/user_account"), "Authorization", "Basic " + tokens.access());

    assertUnauthorizedWithBearerChallenge(refused);
  }

  @Test
  void userAccountWhenAppTokenThenAccountOfAppOwner() {
    TestApp app = newApp();
    String token = Endpoints.appToken(server.get(), app, "user_accounts:read");

    Http.Response answer = Endpoints.userAccount(server.get(), token);

    assertEquals(200, answer.status(), answer.body());
    assertEquals("shop", answer.string("username"));
    assertEquals(ACCOUNT_FIELDS, answer.json().keySet());
  }

  @Test
  void userAccountWhenAppOwnerChangedThenOldAppTokenRefusedAndNewOneAnswersForNewOwner() {
    TestApp app = newApp();
    String before = Endpoints.appToken(server.get(), app, "user_accounts:read");
    assertEquals("shop", Endpoints.userAccount(server.get(), before).string("username"));

    Endpoints.patchApp(server.get(), app, "{\"owner\": \"new-shop\"}");

    Http.Response refused = Endpoints.userAccount(server.get(), before);
    assertUnauthorizedWithBearerChallenge(refused);
    assertTrue(refused.header("WWW-Authenticate").orElse("").contains("invalid_token"));
    assertFalse(Endpoints.isActive(server.get(), app, before));
    String after = Endpoints.appToken(server.get(), app, "user_accounts:read");
    Http.Response answer = Endpoints.userAccount(server.get(), after);
    assertEquals(200, answer.status(), answer.body());
    assertEquals("new-shop", answer.string("username"));
    assertEquals("new-shop", Endpoints.introspect(server.get(), app, after).string("username"));
  }

  @Test
  void userAccountWhenAppOwnerChangedThenUserTokensOfTheAppUnaffected() {
    TestApp app = newApp();
    Tokens tokens = Endpoints.issue(server.get(), app, "pinner", SCOPES);

    Endpoints.patchApp(server.get(), app, "{\"owner\": \"new-shop\"}");

    Http.Response answer = Endpoints.userAccount(server.get(), tokens.access());
    assertEquals(200, answer.status(), answer.body());
    assertEquals("pinner", answer.string("username"));
  }

  @Test
  void userAccountWhenSchemeLowercaseBearerThenAccepted() {
    TestApp app = newApp();
    Tokens tokens = Endpoints.issue(server.get(), app, "pinner", SCOPES);

    Http.Response answer =
        Http.get(server.uri("/v5/user_account"), "Authorization", "bearer " + tokens.access());

    assertEquals(200, answer.status(), answer.body());
    assertEquals("pinner", answer.string("username"));
  }

  @Test
  void userAccountWhenPostThenMethodNotAllowed() {
    TestApp app = newApp();
    Tokens tokens = Endpoints.issue(server.get(), app, "pinner", SCOPES);

    Http.Response refused =
        Http.send(
            HttpRequest.newBuilder(server.uri("/v5/user_account"))
                .header("Authorization", "Bearer " + tokens.access())
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());

    assertEquals(405, refused.status(), refused.body());
    assertTrue(refused.header("Allow").orElse("").contains("GET"), refused.toString());
    assertEquals("invalid_request", refused.string("error"));
  }

  private static void assertUnauthorizedWithBearerChallenge(Http.Response refused) {
    assertEquals(401, refused.status(), refused.body());
    assertEquals(2, refused.number("code"));
    String challenge = refused.header("WWW-Authenticate").orElse("");
    assertTrue(challenge.startsWith("Bearer realm=\"pinoauth\""), challenge);
    assertTrue(refused.header("x-pinterest-rid").isPresent());
  }
}
