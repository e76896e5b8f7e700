package org.pinoauth.token;

import org.pinoauth.client.App;
import org.pinoauth.error.OAuthError;
import org.pinoauth.scope.ScopeCatalog;
import org.pinoauth.scope.Scopes;
import org.pinoauth.store.TokenStore;

/**
 * {@code grant_type=client_credentials} (RFC 6749 §4.4, CONTRACT §2.2): a token that acts as the
 * app's own account (its {@code owner}), with exactly the scopes asked for and no refresh token.
 */
public final class ClientCredentialsGrant implements GrantHandler {
  private final TokenStore tokens;
  private final TokenFactory factory;
  private final ScopeCatalog catalog;

  public ClientCredentialsGrant(TokenStore tokens, TokenFactory factory, ScopeCatalog catalog) {
    this.tokens = tokens;
    this.factory = factory;
    this.catalog = catalog;
  }

  @Override
  public GrantType grantType() {
    return GrantType.CLIENT_CREDENTIALS;
  }

  @Override
  public TokenResponse handle(TokenRequest request, App app) {
    Scopes scopes = Scopes.parse(request.form().required("scope"));
    if (scopes.isEmpty()) {
      throw OAuthError.INVALID_SCOPE.exception("The scope parameter names no scope.");
    }
    catalog.requireKnown(scopes);
    if (!app.scopes().containsAll(scopes)) {
      throw OAuthError.INVALID_SCOPE.exception(
          "The app is not registered for every requested scope.");
    }
    IssuedTokens issued = factory.access(app.clientId(), app.owner(), scopes);
    tokens.issueAppToken(issued.access());
    return TokenResponse.of(ResponseType.CLIENT_CREDENTIALS, issued);
  }
}
