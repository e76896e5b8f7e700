package org.pinoauth.authorize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pinoauth.testing.Browserless;
import org.pinoauth.testing.Http;
import org.pinoauth.testing.TestApps;
import org.pinoauth.testing.TestApps.TestApp;
import org.pinoauth.testing.TestServerExtension;

/**
 * Regression test (issue 12 §4): behind a TLS-terminating proxy that the container trusts (here
 * Jetty's {@code ForwardedRequestCustomizer}, as docs/reverse-proxy.md sets up), a request the
 * proxy marks {@code X-Forwarded-Proto: https} is secure, so the sign-in cookie and the session
 * cookie after sign-in are {@code Secure}; over plain HTTP they are not (a browser would drop
 * them). It holds from {@code isSecure()}; the container matrix checks the same on every container.
 */
class SecureCookiesBehindProxyIT {

  @RegisterExtension
  static final TestServerExtension server =
      TestServerExtension.of(builder -> builder.forwardedHeaders());

  private static TestApp app;

  @BeforeAll
  static void startServer() {
    app = TestApps.app().registerOn(server.get());
  }

  @Test
  void signInWhenProxySaysHttpsThenSignInAndSessionCookiesAreSecure() {
    SignedIn flow = signIn("X-Forwarded-Proto", "https");

    assertTrue(attributes(flow.signInCookie()).contains("secure"), flow.signInCookie());
    assertTrue(attributes(flow.sessionCookie()).contains("secure"), flow.sessionCookie());
    assertTrue(
        attributes(flow.clearedSignInCookie()).contains("secure"), flow.clearedSignInCookie());
  }

  @Test
  void signInWhenPlainHttpThenNeitherCookieIsSecure() {
    SignedIn flow = signIn();

    assertFalse(attributes(flow.signInCookie()).contains("secure"), flow.signInCookie());
    assertFalse(attributes(flow.sessionCookie()).contains("secure"), flow.sessionCookie());
  }

  @Test
  void signInWhenProxySaysHttpThenNeitherCookieIsSecure() {
    SignedIn flow = signIn("X-Forwarded-Proto", "http");

    assertFalse(attributes(flow.signInCookie()).contains("secure"), flow.signInCookie());
    assertFalse(attributes(flow.sessionCookie()).contains("secure"), flow.sessionCookie());
  }

  /** The cookies of one sign-in, every request sent with {@code headers}. */
  private record SignedIn(String signInCookie, String sessionCookie, String clearedSignInCookie) {}

  private static SignedIn signIn(String... headers) {
    URI authorize =
        server.uri(
            "/oauth/?client_id="
                + app.clientId()
                + "&redirect_uri="
                + Http.encode(app.app().redirectUris().get(0))
                + "&response_type=code&scope=pins:read&state=xyz");
    Http.Response page = Http.send(request(authorize, headers).GET().build());
    assertEquals(200, page.status(), page.body());
    String signInCookie = setCookie(page, "pinoauth_signin");
    String value = signInCookie.substring("pinoauth_signin=".length()).split(";", 2)[0];

    List<String> withCookie = new ArrayList<>(List.of(headers));
    withCookie.addAll(List.of("Cookie", "pinoauth_signin=" + value));
    Http.Response signedIn =
        Http.send(
            request(server.uri("/oauth/"), withCookie.toArray(new String[0]))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        Browserless.formOf(page, "username", "pinner", "password", "pinner")))
                .build());
    assertEquals(303, signedIn.status(), signedIn.toString());
    return new SignedIn(
        signInCookie, setCookie(signedIn, "JSESSIONID"), setCookie(signedIn, "pinoauth_signin"));
  }

  private static HttpRequest.Builder request(URI uri, String... headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30));
    return headers.length == 0 ? request : request.headers(headers);
  }

  private static String setCookie(Http.Response response, String name) {
    return response.headers("Set-Cookie").stream()
        .filter(header -> header.startsWith(name + "="))
        .findFirst()
        .orElseThrow(() -> new AssertionError("No " + name + " cookie: " + response.headers()));
  }

  /** The attributes of a {@code Set-Cookie} value, lower case, without spaces. */
  private static List<String> attributes(String setCookie) {
    List<String> attributes = new ArrayList<>();
    String[] parts = setCookie.split(";");
    for (int i = 1; i < parts.length; i++) {
      attributes.add(parts[i].trim().toLowerCase(Locale.ROOT).replace(" ", ""));
    }
    return attributes;
  }
}
