package org.pinoauth.client;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.pinoauth.scope.Scopes;

/**
 * A registered app (an OAuth client). {@code secretHash} is what {@link SecretHasher} made of the
 * secret; the secret itself is never kept. {@code owner} is the account an app token acts for.
 * {@code createdAt} is when the app was first registered; saving an existing app keeps the stored
 * one. App tokens carry it, so that deleting an app ends them even if its id is registered again. A
 * public app ({@link TokenEndpointAuthMethod#NONE}) has an empty {@code secretHash}. {@code
 * allowedOrigins} are the browser origins ({@link AllowedOrigin}, canonical) that may read this
 * app's answers from the token and revocation endpoints (CONTRACT §9).
 */
public record App(
    String clientId,
    String name,
    String secretHash,
    List<String> redirectUris,
    Scopes scopes,
    Set<GrantType> grantTypes,
    RefreshMode refreshMode,
    String owner,
    boolean allowPlainPkce,
    Instant createdAt,
    TokenEndpointAuthMethod authMethod,
    List<String> allowedOrigins) {

  public App {
    redirectUris = List.copyOf(redirectUris);
    grantTypes = Set.copyOf(grantTypes);
    allowedOrigins = List.copyOf(allowedOrigins);
  }

  /** A confidential app (its secret by Basic or in the body), without browser origins. */
  public App(
      String clientId,
      String name,
      String secretHash,
      List<String> redirectUris,
      Scopes scopes,
      Set<GrantType> grantTypes,
      RefreshMode refreshMode,
      String owner,
      boolean allowPlainPkce,
      Instant createdAt) {
    this(
        clientId,
        name,
        secretHash,
        redirectUris,
        scopes,
        grantTypes,
        refreshMode,
        owner,
        allowPlainPkce,
        createdAt,
        TokenEndpointAuthMethod.CLIENT_SECRET_BASIC,
        List.of());
  }

  public boolean allows(GrantType grantType) {
    // A public app has no secret to prove it is the app, so it never acts as itself (RFC 6749
    // §4.4).
    return grantTypes.contains(grantType)
        && !(grantType == GrantType.CLIENT_CREDENTIALS && isPublic());
  }

  /** A public app: no secret, PKCE S256 on every authorization, rotating refresh tokens only. */
  public boolean isPublic() {
    return authMethod.isPublic();
  }

  /** Whether {@code redirectUri} is one this app registered ({@link RedirectUris}). */
  public boolean acceptsRedirectUri(String redirectUri) {
    return RedirectUris.accepts(redirectUris, redirectUri, isPublic());
  }
}
