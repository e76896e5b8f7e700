package org.pinoauth.testing;

import java.net.URI;
import java.util.Arrays;
import java.util.stream.Stream;

/**
 * Calls to {@code POST /v5/oauth/token} of a {@link TestServer}, authenticated with the app's HTTP
 * Basic credentials unless a test says otherwise, so a test names only the parameters it is about.
 */
public final class TokenEndpoint {
  public static final String PATH = "/v5/oauth/token";

  /** The redirect URI {@link TestApps} registers and {@link TestCodes} binds codes to. */
  public static final String REDIRECT_URI = "http://localhost:8085/";

  private final TestServer server;

  private TokenEndpoint(TestServer server) {
    this.server = server;
  }

  public static TokenEndpoint of(TestServer server) {
    return new TokenEndpoint(server);
  }

  public URI uri() {
    return server.uri(PATH);
  }

  /** The app's {@code Authorization: Basic} header value. */
  public static String basic(TestApps.TestApp app) {
    return Http.basic(app.clientId(), app.secret());
  }

  /** Posts the name/value {@code pairs} as the body, with the app's Basic credentials. */
  public Http.Response post(TestApps.TestApp app, String... pairs) {
    return Http.postForm(uri(), basic(app), Http.form(pairs));
  }

  /**
   * Posts the {@code pairs} with the app's {@code client_id} and {@code client_secret} added to the
   * body ({@code client_secret_post}) and no {@code Authorization} header.
   */
  public Http.Response postSecretInBody(TestApps.TestApp app, String... pairs) {
    String credentials = Http.form("client_id", app.clientId(), "client_secret", app.secret());
    return post(null, Http.form(pairs) + "&" + credentials);
  }

  /** Posts {@code body} as it is, with {@code authorization} as the header (none when null). */
  public Http.Response post(String authorization, String body) {
    return Http.postForm(uri(), authorization, body);
  }

  /** {@code grant_type=authorization_code} for {@code code} at {@link #REDIRECT_URI}. */
  public Http.Response exchange(TestApps.TestApp app, String code, String... more) {
    return post(
        app,
        concat(
            new String[] {
              "grant_type", "authorization_code", "code", code, "redirect_uri", REDIRECT_URI
            },
            more));
  }

  /** {@code grant_type=refresh_token} for {@code refreshToken}. */
  public Http.Response refresh(TestApps.TestApp app, String refreshToken, String... more) {
    return post(
        app,
        concat(new String[] {"grant_type", "refresh_token", "refresh_token", refreshToken}, more));
  }

  /** {@code grant_type=client_credentials} for {@code scope}. */
  public Http.Response clientCredentials(TestApps.TestApp app, String scope) {
    return post(app, "grant_type", "client_credentials", "scope", scope);
  }

  private static String[] concat(String[] first, String[] second) {
    return Stream.concat(Arrays.stream(first), Arrays.stream(second)).toArray(String[]::new);
  }
}
