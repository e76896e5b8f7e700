package org.pinoauth.authorize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pinoauth.testing.Browserless;
import org.pinoauth.testing.Http;
import org.pinoauth.testing.TestApps;
import org.pinoauth.testing.TestServer;

/**
 * Nodes behind a balancer that does not stick (README "Production: PostgreSQL and several nodes"):
 * nothing is kept on the server before sign-in, so a sign-in form shown by one node is taken by any
 * node that loads the same token key, and by no other.
 */
class SignInAcrossNodesIT {
  private static final String KEY = "q5bS3qZb4gkJ3p1Gx2sQy5n8rY0tW7uE9iO6aL4dF2c=";
  private static final String OTHER_KEY = "Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0Z2FycGx5";

  private static TestServer nodeA;
  private static TestServer nodeB;
  private static TestServer otherKey;

  @BeforeAll
  static void startNodes() {
    nodeA = TestServer.builder().setting("token.key", KEY).start();
    nodeB = TestServer.builder().setting("token.key", KEY).start();
    otherKey = TestServer.builder().setting("token.key", OTHER_KEY).start();
  }

  @AfterAll
  static void stopNodes() {
    nodeA.close();
    nodeB.close();
    otherKey.close();
  }

  @Test
  void postSignInWhenFormShownByAnotherNodeWithTheSameKeyThenSignedIn() {
    TestApps app = TestApps.app().clientId("1507001");
    app.registerOn(nodeA);
    app.registerOn(nodeB);
    Browserless browser = new Browserless();
    Http.Response form = browser.get(authorize(nodeA, "1507001"));
    assertEquals(200, form.status(), form.body());

    Http.Response signedIn =
        browser.submit(nodeB.uri("/oauth/"), form, "username", "pinner", "password", "pinner");

    assertEquals(303, signedIn.status(), signedIn.toString());
    assertTrue(browser.cookie("JSESSIONID").isPresent(), signedIn.toString());
  }

  @Test
  void postSignInWhenFormShownByANodeWithAnotherKeyThenForbidden() {
    TestApps app = TestApps.app().clientId("1507002");
    app.registerOn(nodeA);
    app.registerOn(otherKey);
    Browserless browser = new Browserless();
    Http.Response form = browser.get(authorize(nodeA, "1507002"));
    assertEquals(200, form.status(), form.body());

    Http.Response refused =
        browser.submit(otherKey.uri("/oauth/"), form, "username", "pinner", "password", "pinner");

    assertEquals(403, refused.status(), refused.body());
    assertTrue(browser.cookie("JSESSIONID").isEmpty(), refused.toString());
  }

  private static URI authorize(TestServer node, String clientId) {
    return node.uri(
        "/oauth/?"
            + Http.form(
                "client_id",
                clientId,
                "redirect_uri",
                "http://localhost:8085/",
                "response_type",
                "code",
                "scope",
                "pins:read",
                "state",
                "xyz"));
  }
}
