package org.pinoauth.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.util.Map;

/**
 * The calls a token lifecycle test makes, one method per endpoint, each over real HTTP with the
 * app's own credentials in HTTP Basic: {@code Endpoints.issue(server, app, "pinner", "pins:read")}
 * gets a fresh access and refresh token through a code exchange.
 */
public final class Endpoints {
  /** The redirect URI {@link TestCodes} issues codes for. */
  public static final String REDIRECT_URI = "http://localhost:8085/";

  private Endpoints() {}

  /** An access token and the refresh token issued with it. */
  public record Tokens(String access, String refresh) {}

  /** Exchanges {@code code} at the token endpoint. */
  public static Http.Response exchange(TestServer server, TestApps.TestApp app, String code) {
    return Http.postForm(
        server.uri("/v5/oauth/token"),
        Http.basic(app.clientId(), app.secret()),
        Http.form("grant_type", "authorization_code", "code", code, "redirect_uri", REDIRECT_URI));
  }

  /** Issues a code to {@code username} with {@code scopes} and exchanges it; must succeed. */
  public static Tokens issue(
      TestServer server, TestApps.TestApp app, String username, String scopes) {
    String code = TestCodes.code(app).username(username).scopes(scopes).issueOn(server);
    return tokensOf(exchange(server, app, code));
  }

  /** The tokens of a successful token response, checked to be one. */
  public static Tokens tokensOf(Http.Response response) {
    assertEquals(200, response.status(), response.body());
    String access = response.string("access_token");
    String refresh = response.string("refresh_token");
    assertTrue(access.startsWith("pina_"), response.body());
    assertTrue(refresh.startsWith("pinr_"), response.body());
    return new Tokens(access, refresh);
  }

  /** Presents {@code refreshToken} at the token endpoint. */
  public static Http.Response refresh(
      TestServer server, TestApps.TestApp app, String refreshToken) {
    return Http.postForm(
        server.uri("/v5/oauth/token"),
        Http.basic(app.clientId(), app.secret()),
        Http.form("grant_type", "refresh_token", "refresh_token", refreshToken));
  }

  /** An app token (client credentials) with {@code scopes}; must succeed. */
  public static String appToken(TestServer server, TestApps.TestApp app, String scopes) {
    Http.Response response =
        Http.postForm(
            server.uri("/v5/oauth/token"),
            Http.basic(app.clientId(), app.secret()),
            Http.form("grant_type", "client_credentials", "scope", scopes));
    assertEquals(200, response.status(), response.body());
    return response.string("access_token");
  }

  /** Revokes with the app's Basic credentials; {@code pairs} is the form, as {@link Http#form}. */
  public static Http.Response revoke(TestServer server, TestApps.TestApp app, String... pairs) {
    return Http.postForm(
        server.uri("/v5/oauth/token/revoke"),
        Http.basic(app.clientId(), app.secret()),
        Http.form(pairs));
  }

  /** Introspects {@code token} as {@code app}. */
  public static Http.Response introspect(TestServer server, TestApps.TestApp app, String token) {
    return Http.postForm(
        server.uri("/v5/oauth/introspect"),
        Http.basic(app.clientId(), app.secret()),
        Http.form("token", token));
  }

  /** Whether introspection as {@code app} calls {@code token} active; checks the answer. */
  public static boolean isActive(TestServer server, TestApps.TestApp app, String token) {
    Http.Response response = introspect(server, app, token);
    assertEquals(200, response.status(), response.body());
    Map<String, Object> body = response.json();
    if (Boolean.FALSE.equals(body.get("active"))) {
      assertEquals(Map.of("active", false), body, "an inactive token shows nothing else");
      return false;
    }
    assertEquals(Boolean.TRUE, body.get("active"), response.body());
    return true;
  }

  /** {@code GET /v5/user_account} with {@code Authorization: Bearer accessToken}. */
  public static Http.Response userAccount(TestServer server, String accessToken) {
    return Http.get(server.uri("/v5/user_account"), "Authorization", "Bearer " + accessToken);
  }

  /**
   * {@code PATCH /admin/apps/{id}} with {@code json} as the operator {@code admin}; must succeed.
   */
  public static void patchApp(TestServer server, TestApps.TestApp app, String json) {
    Http.Response response =
        Http.send(
            HttpRequest.newBuilder(server.uri("/admin/apps/" + app.clientId()))
                .header("Authorization", Http.basic("admin", "admin"))
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json))
                .build());
    assertEquals(200, response.status(), response.body());
  }
}
