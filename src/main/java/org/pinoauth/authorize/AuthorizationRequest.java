package org.pinoauth.authorize;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.pinoauth.client.App;
import org.pinoauth.client.GrantType;
import org.pinoauth.error.OAuthException;
import org.pinoauth.http.Form;
import org.pinoauth.scope.ScopeCatalog;
import org.pinoauth.scope.Scopes;
import org.pinoauth.token.Pkce;

/**
 * A validated authorization request (CONTRACT §5, RFC 6749 §4.1.1, RFC 7636 §4.3). The app and the
 * redirect URI are checked first: until both are trusted, every fault is an error page; after,
 * faults are redirected to the app. {@code state} is echoed verbatim. A public app must send PKCE
 * with S256 (CONTRACT §9).
 */
record AuthorizationRequest(
    App app,
    String redirectUri,
    Scopes scopes,
    Optional<String> state,
    Optional<String> codeChallenge,
    Optional<String> codeChallengeMethod) {

  /** The longest {@code state} echoed back; real clients send a few dozen characters. */
  static final int MAX_STATE_LENGTH = 1024;

  /** The parameters that make up a request, carried through the sign-in and consent forms. */
  static final String[] PARAMETERS = {
    "client_id",
    "consumer_id",
    "redirect_uri",
    "response_type",
    "scope",
    "state",
    "refreshable",
    "code_challenge",
    "code_challenge_method"
  };

  /**
   * The request's own parameters of {@code form} in the order of {@link #PARAMETERS}, form-url
   * encoded: the query of the 303 after sign-in and of sign-out, and what a sign-in form's CSRF
   * token is bound to. A parameter that appears twice is left out (such a request is refused).
   */
  static String canonicalQuery(Form form) {
    List<String> parts = new ArrayList<>();
    for (String name : PARAMETERS) {
      try {
        form.optional(name).ifPresent(value -> parts.add(encode(name) + "=" + encode(value)));
      } catch (OAuthException repeated) {
        // Left out; validation refuses the request.
      }
    }
    return String.join("&", parts);
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  /** Looks an app up by client id. */
  @FunctionalInterface
  interface Apps {
    Optional<App> find(String clientId);
  }

  /**
   * @throws AuthorizationException for every fault: a page until app and redirect URI are trusted,
   *     a redirect after
   */
  static AuthorizationRequest parse(Form form, Apps apps, ScopeCatalog catalog) {
    String clientId = trustedParameter(form, "client_id");
    String consumerId = trustedParameter(form, "consumer_id");
    if (clientId != null && consumerId != null && !clientId.equals(consumerId)) {
      throw AuthorizationException.page("client_id and consumer_id name different apps.");
    }
    String id = clientId != null ? clientId : consumerId;
    if (id == null || id.isEmpty()) {
      throw AuthorizationException.page("The request does not name an app (client_id).");
    }
    App app =
        apps.find(id)
            .orElseThrow(() -> AuthorizationException.page("No app is registered with that id."));
    String redirectUri = trustedParameter(form, "redirect_uri");
    if (redirectUri == null || !app.acceptsRedirectUri(redirectUri)) {
      throw AuthorizationException.page(
          "The redirect_uri is missing or is not registered for this app.");
    }

    // From here on the redirect URI is trusted, and faults go back to it.
    Optional<String> state = optional(form, "state", app, redirectUri, Optional.empty());
    if (state.isPresent() && state.get().length() > MAX_STATE_LENGTH) {
      // Too long to echo in a Location header every container accepts; so no redirect at all.
      throw AuthorizationException.page(
          "state is longer than " + MAX_STATE_LENGTH + " characters.");
    }
    AuthorizationRequest partial =
        new AuthorizationRequest(
            app, redirectUri, Scopes.NONE, state, Optional.empty(), Optional.empty());
    for (String name : PARAMETERS) {
      optional(form, name, app, redirectUri, state);
    }
    // RFC 6749 §4.1.2.1: a missing parameter is invalid_request (and an empty one counts as
    // missing, §3.1); unsupported_response_type is for a type this server does not offer.
    String responseType = form.optional("response_type").orElse("");
    if (responseType.isEmpty()) {
      throw AuthorizationException.redirect(
          partial, "invalid_request", "response_type is required and must be code.");
    }
    if (!responseType.equals("code")) {
      throw AuthorizationException.redirect(
          partial, "unsupported_response_type", "response_type must be code.");
    }
    if (!app.allows(GrantType.AUTHORIZATION_CODE)) {
      throw AuthorizationException.redirect(
          partial, "unauthorized_client", "This app may not use the authorization code grant.");
    }
    Scopes scopes = Scopes.parse(form.optional("scope").orElse(""));
    if (scopes.isEmpty()) {
      throw AuthorizationException.redirect(partial, "invalid_scope", "scope is required.");
    }
    for (String scope : scopes.names()) {
      if (!catalog.knows(scope) || !app.scopes().contains(scope)) {
        throw AuthorizationException.redirect(
            partial, "invalid_scope", "A requested scope is unknown or not allowed for this app.");
      }
    }
    Optional<String> challenge = form.optional("code_challenge").filter(c -> !c.isEmpty());
    Optional<String> method = form.optional("code_challenge_method").filter(m -> !m.isEmpty());
    if (challenge.isEmpty() && method.isPresent()) {
      throw AuthorizationException.redirect(
          partial, "invalid_request", "code_challenge_method was sent without code_challenge.");
    }
    if (app.isPublic() && (challenge.isEmpty() || !method.equals(Optional.of(Pkce.S256)))) {
      // Without a secret, PKCE is what ties the code to the app that asked for it (RFC 9700
      // §2.1.1).
      throw AuthorizationException.redirect(
          partial,
          "invalid_request",
          "This app is public: send code_challenge with code_challenge_method=S256.");
    }
    if (challenge.isPresent()) {
      String chosen = method.orElse(Pkce.PLAIN); // RFC 7636 §4.3: plain when absent.
      boolean allowed =
          chosen.equals(Pkce.S256) || (chosen.equals(Pkce.PLAIN) && app.allowPlainPkce());
      if (!allowed) {
        throw AuthorizationException.redirect(
            partial,
            "invalid_request",
            "code_challenge_method must be S256 (plain only for apps registered for it).");
      }
      if (!Pkce.isWellFormed(challenge.get())) {
        throw AuthorizationException.redirect(
            partial, "invalid_request", "code_challenge must be 43 to 128 URL-safe characters.");
      }
      method = Optional.of(chosen);
    }
    return new AuthorizationRequest(app, redirectUri, scopes, state, challenge, method);
  }

  /** A parameter read before the redirect URI is trusted: a repeat is an error page. */
  private static String trustedParameter(Form form, String name) {
    try {
      return form.optional(name).orElse(null);
    } catch (OAuthException repeated) {
      throw AuthorizationException.page("The parameter " + name + " must not appear twice.");
    }
  }

  private static Optional<String> optional(
      Form form, String name, App app, String redirectUri, Optional<String> state) {
    try {
      return form.optional(name);
    } catch (OAuthException repeated) {
      AuthorizationRequest request =
          new AuthorizationRequest(
              app, redirectUri, Scopes.NONE, state, Optional.empty(), Optional.empty());
      throw AuthorizationException.redirect(
          request, "invalid_request", "The parameter " + name + " must not appear twice.");
    }
  }
}
