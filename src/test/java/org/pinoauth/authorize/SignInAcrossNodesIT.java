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
 * Nodes behind a balancer that does not stick (docs/postgresql.md, several nodes): nothing is kept
 * on the server before sign-in, so a sign-in form shown by one node is taken by any node that loads
 * the same token key, and by no other.
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
    Browserless browser = new Browserless();

    Http.Response signedIn =
        signInOn(nodeB, formShownBy(nodeA, nodeB, "1507001", browser), browser);

    assertEquals(303, signedIn.status(), signedIn.toString());
    assertTrue(browser.cookie("JSESSIONID").isPresent(), signedIn.toString());
  }

  @Test
  void postSignInWhenFormShownByANodeWithAnotherKeyThenForbidden() {
    Browserless browser = new Browserless();

    Http.Response refused =
        signInOn(otherKey, formShownBy(nodeA, otherKey, "1507002", browser), browser);

    assertEquals(403, refused.status(), refused.body());
    assertTrue(browser.cookie("JSESSIONID").isEmpty(), refused.toString());
  }

  /** The sign-in form {@code shownBy} shows {@code browser}, for an app both nodes know. */
  private static Http.Response formShownBy(
      TestServer shownBy, TestServer postedTo, String clientId, Browserless browser) {
    TestApps app = TestApps.app().clientId(clientId);
    app.registerOn(shownBy);
    app.registerOn(postedTo);
    Http.Response form = browser.get(authorize(shownBy, clientId));
    assertEquals(200, form.status(), form.body());
    return form;
  }

  private static Http.Response signInOn(TestServer node, Http.Response form, Browserless browser) {
    return browser.submit(node.uri("/oauth/"), form, "username", "pinner", "password", "pinner");
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
