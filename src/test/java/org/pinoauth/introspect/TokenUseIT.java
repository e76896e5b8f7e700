package org.pinoauth.introspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pinoauth.testing.Endpoints;
import org.pinoauth.testing.Endpoints.Tokens;
import org.pinoauth.testing.Http;
import org.pinoauth.testing.TestApps;
import org.pinoauth.testing.TestApps.TestApp;
import org.pinoauth.testing.TestServerExtension;

/**
 * An app token cannot pass for a person (issue 12 §2, CONTRACT §4, RFC 9700 §4.15): the
 * client-credentials token of an app owned by pinner has pinner's {@code sub} and {@code username},
 * like pinner's own token, so introspection tells them apart with {@code token_use}.
 */
class TokenUseIT {
  private static final String SCOPES = "pins:read user_accounts:read";

  @RegisterExtension static final TestServerExtension server = TestServerExtension.start();
  private static TestApp pinnersApp;
  private static TestApp resourceServer;

  @BeforeAll
  static void startServer() {
    pinnersApp = TestApps.app().owner("pinner").registerOn(server.get());
    resourceServer = TestApps.app().registerOn(server.get());
  }

  @Test
  void introspectWhenAppTokenOfPinnersAppThenTokenUseAppAndSubStillTheOwner() {
    String appToken = Endpoints.appToken(server.get(), pinnersApp, SCOPES);

    Http.Response answer = Endpoints.introspect(server.get(), resourceServer, appToken);

    assertEquals(200, answer.status(), answer.body());
    assertEquals(true, answer.json().get("active"), answer.body());
    assertEquals("app", answer.string("token_use"), answer.body());
    assertEquals("pinner", answer.string("sub"));
    assertEquals("pinner", answer.string("username"));
  }

  @Test
  void introspectWhenPinnerAuthorizedTheTokenThenTokenUseUser() {
    Tokens tokens = Endpoints.issue(server.get(), pinnersApp, "pinner", SCOPES);

    Http.Response access = Endpoints.introspect(server.get(), resourceServer, tokens.access());
    Http.Response refresh = Endpoints.introspect(server.get(), resourceServer, tokens.refresh());

    assertEquals("user", access.string("token_use"), access.body());
    assertEquals("pinner", access.string("sub"));
    assertEquals("bearer", access.string("token_type"));
    assertEquals("user", refresh.string("token_use"), refresh.body());
    assertEquals("refresh_token", refresh.string("token_type"));
  }

  /** What sets the two apart is token_use alone: every other member a person's token has agrees. */
  @Test
  void introspectWhenSameAppUserAndScopesThenOnlyTokenUseAndTimesDiffer() {
    Map<String, Object> user =
        Endpoints.introspect(
                server.get(),
                resourceServer,
                Endpoints.issue(server.get(), pinnersApp, "pinner", SCOPES).access())
            .json();
    Map<String, Object> app =
        Endpoints.introspect(
                server.get(), resourceServer, Endpoints.appToken(server.get(), pinnersApp, SCOPES))
            .json();

    for (String member : new String[] {"active", "scope", "client_id", "username", "sub"}) {
      assertEquals(user.get(member), app.get(member), member);
    }
    assertEquals(user.keySet(), app.keySet());
    assertEquals("user", user.get("token_use"));
    assertEquals("app", app.get("token_use"));
  }

  @Test
  void introspectWhenAppTokenRevokedThenInactiveWithoutTokenUse() {
    String appToken = Endpoints.appToken(server.get(), pinnersApp, SCOPES);
    assertEquals(200, Endpoints.revoke(server.get(), pinnersApp, "token", appToken).status());

    Http.Response answer = Endpoints.introspect(server.get(), resourceServer, appToken);

    assertEquals(Map.of("active", false), answer.json());
    assertFalse(answer.body().contains("token_use"), answer.body());
  }

  @Test
  void introspectWhenUnknownTokenThenInactiveWithoutTokenUse() {
    Http.Response answer = Endpoints.introspect(server.get(), resourceServer, "pina_unknown");

    assertEquals(Map.of("active", false), answer.json());
  }

  /** Pinterest's behaviour stays: an app token's account is its owner's. */
  @Test
  void userAccountWhenAppTokenThenTheOwnersAccount() {
    String appToken = Endpoints.appToken(server.get(), pinnersApp, SCOPES);

    Http.Response account = Endpoints.userAccount(server.get(), appToken);

    assertEquals(200, account.status(), account.body());
    assertEquals("pinner", account.string("username"));
  }
}
