package org.pinoauth.authorize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.pinoauth.client.App;
import org.pinoauth.client.GrantType;
import org.pinoauth.error.OAuthException;
import org.pinoauth.http.Form;
import org.pinoauth.http.FormParser;
import org.pinoauth.scope.ScopeCatalog;
import org.pinoauth.scope.Scopes;
import org.pinoauth.testing.TestApps;
import org.pinoauth.token.Pkce;

/**
 * A coverage-guided fuzz test of {@link AuthorizationRequest#parse} (CONTRACT §5, RFC 6749 §4.1.1
 * and §4.1.2.1, RFC 7636 §4.3) against three fixed apps. In {@code mvn verify} it replays the seeds
 * in {@code src/test/resources/org/pinoauth/authorize/AuthorizationRequestFuzzTestInputs/}; {@code
 * JAZZER_FUZZ=1} fuzzes it (CONTRIBUTING.md).
 */
class AuthorizationRequestFuzzTest {
  /** Every grant, S256 only, two redirect URIs. */
  private static final App PINNER =
      TestApps.app()
          .clientId("1234567")
          .redirectUris("http://localhost:8085/", "https://app.example/cb?x=1")
          .scopes("boards:read pins:read user_accounts:read")
          .build();

  /** Plain PKCE allowed; one of its scopes is not in the server's catalog. */
  private static final App PLAIN =
      TestApps.app()
          .clientId("2468")
          .redirectUris("https://plain.example/")
          .scopes("ads:read custom:scope")
          .grantTypes(GrantType.AUTHORIZATION_CODE)
          .allowPlainPkce(true)
          .build();

  /** May not use the authorization code grant at all. */
  private static final App MACHINE =
      TestApps.app()
          .clientId("7654321")
          .redirectUris("https://machine.example/")
          .scopes("pins:read")
          .grantTypes(GrantType.CLIENT_CREDENTIALS)
          .build();

  private static final List<App> APPS = List.of(PINNER, PLAIN, MACHINE);
  private static final AuthorizationRequest.Apps LOOKUP =
      id -> APPS.stream().filter(app -> app.clientId().equals(id)).findFirst();
  private static final ScopeCatalog CATALOG = ScopeCatalog.pinterest();

  /** RFC 6749 §4.1.2.1. */
  private static final Set<String> REDIRECT_ERRORS =
      Set.of(
          "invalid_request",
          "unauthorized_client",
          "access_denied",
          "unsupported_response_type",
          "invalid_scope",
          "server_error",
          "temporarily_unavailable");

  /**
   * Any query either is refused or yields a request whose redirect URI is registered for its app
   * and whose scopes are non-empty, known and the app's own. A refusal redirects if and only if the
   * app and the redirect URI are trusted, and then only to that registered URI with the request's
   * {@code state}; before that it is an error page ({@code redirectTo()} empty), never a redirect.
   * Only {@link AuthorizationException} is ever thrown.
   */
  @FuzzTest
  void parseWhenArbitraryQueryThenRegisteredRedirectOrErrorPage(byte[] query) {
    Form form;
    try {
      form = FormParser.parse(query);
    } catch (OAuthException malformed) {
      return; // AuthorizeServlet shows an error page before it gets this far.
    }
    Optional<App> trusted = trustedApp(form);

    AuthorizationRequest request;
    try {
      request = AuthorizationRequest.parse(form, LOOKUP, CATALOG);
    } catch (AuthorizationException refused) {
      assertTrue(REDIRECT_ERRORS.contains(refused.error()), refused::error);
      String description = refused.getMessage();
      assertTrue(
          description.chars().allMatch(c -> c >= 0x20 && c < 0x7f),
          "a description that is not a fixed sentence");
      AuthorizationRequest redirectTo = refused.redirectTo().orElse(null);
      if (trusted.isEmpty() || stateTooLongToEcho(form)) {
        assertNull(redirectTo, "redirects a request whose app or redirect URI is not trusted");
        assertEquals("invalid_request", refused.error());
      } else {
        assertNotNull(redirectTo, () -> "an error page for a trusted request: " + description);
        assertSame(trusted.get(), redirectTo.app());
        assertEquals(single(form, "redirect_uri"), Optional.of(redirectTo.redirectUri()));
        assertTrue(redirectTo.app().redirectUris().contains(redirectTo.redirectUri()));
        assertEquals(single(form, "state"), redirectTo.state());
      }
      return;
    }

    assertTrue(trusted.isPresent(), "accepted a request whose app or redirect URI is untrusted");
    assertFalse(stateTooLongToEcho(form), "accepted a state too long to send back");
    App app = trusted.get();
    assertSame(app, request.app());
    assertTrue(app.redirectUris().contains(request.redirectUri()), "an unregistered redirect URI");
    assertEquals(single(form, "redirect_uri"), Optional.of(request.redirectUri()));
    for (String name : AuthorizationRequest.PARAMETERS) {
      assertTrue(values(form, name).size() <= 1, () -> "accepted a repeated " + name);
    }
    assertEquals(Optional.of("code"), single(form, "response_type"));
    assertTrue(app.allows(GrantType.AUTHORIZATION_CODE), "an app without the code grant");

    Scopes scopes = request.scopes();
    assertFalse(scopes.isEmpty(), "an empty scope");
    assertTrue(app.scopes().containsAll(scopes), "a scope the app may not have");
    assertTrue(
        scopes.names().stream().allMatch(CATALOG::knows), "a scope the server does not know");
    assertEquals(Scopes.parse(single(form, "scope").orElseThrow()), scopes);
    assertEquals(single(form, "state"), request.state());

    if (request.codeChallenge().isPresent()) {
      assertTrue(Pkce.isWellFormed(request.codeChallenge().get()), "a malformed code_challenge");
      String method = request.codeChallengeMethod().orElseThrow();
      assertTrue(
          method.equals(Pkce.S256) || (method.equals(Pkce.PLAIN) && app.allowPlainPkce()),
          () -> "a code_challenge_method the app may not use: " + method);
    } else {
      assertEquals(Optional.empty(), request.codeChallengeMethod());
    }
  }

  /**
   * The app a request may be redirected to, worked out apart from the code under test: one id,
   * named once by {@code client_id} or {@code consumer_id} or by both alike, of a registered app,
   * and a single {@code redirect_uri} registered for it.
   */
  private static Optional<App> trustedApp(Form form) {
    List<String> clientIds = values(form, "client_id");
    List<String> consumerIds = values(form, "consumer_id");
    List<String> redirectUris = values(form, "redirect_uri");
    if (clientIds.size() > 1 || consumerIds.size() > 1 || redirectUris.size() != 1) {
      return Optional.empty();
    }
    // A parameter without a value counts as omitted (RFC 6749 §3.1).
    Set<String> ids = new LinkedHashSet<>();
    clientIds.stream().filter(id -> !id.isEmpty()).forEach(ids::add);
    consumerIds.stream().filter(id -> !id.isEmpty()).forEach(ids::add);
    if (ids.size() != 1) {
      return Optional.empty();
    }
    String id = ids.iterator().next();
    return APPS.stream()
        .filter(app -> app.clientId().equals(id))
        .filter(app -> app.redirectUris().contains(redirectUris.get(0)))
        .findFirst();
  }

  private static List<String> values(Form form, String name) {
    return form.parameters().getOrDefault(name, List.of());
  }

  /** The one value of {@code name}; none when it is absent, repeated or empty. */
  private static Optional<String> single(Form form, String name) {
    List<String> values = values(form, name);
    return values.size() == 1 && !values.get(0).isEmpty()
        ? Optional.of(values.get(0))
        : Optional.empty();
  }

  /** A state a redirect could not carry: such a request gets a page, never a redirect. */
  private static boolean stateTooLongToEcho(Form form) {
    return single(form, "state")
        .map(state -> state.length() > AuthorizationRequest.MAX_STATE_LENGTH)
        .orElse(false);
  }
}
