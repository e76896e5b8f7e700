package org.pinoauth.token;

import org.pinoauth.client.App;
import org.pinoauth.client.GrantType;
import org.pinoauth.error.OAuthError;
import org.pinoauth.scope.ScopeCatalog;
import org.pinoauth.scope.Scopes;

/**
 * {@code grant_type=client_credentials} (RFC 6749 §4.4, CONTRACT §2.2): a token that acts as the
 * app's own account (its {@code owner}), with exactly the scopes asked for and no refresh token.
 * The token is sealed and belongs to no family, so issuing it writes nothing; it ends when it
 * expires, is revoked, the app is deleted, or the app is given another owner.
 */
public final class ClientCredentialsGrant implements GrantHandler {
  private final TokenFactory factory;
  private final ScopeCatalog catalog;

  public ClientCredentialsGrant(TokenFactory factory, ScopeCatalog catalog) {
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
    IssuedTokens.Access access = factory.access(AccessToken.NO_FAMILY, app, app.owner(), scopes);
    return TokenResponse.of(ResponseType.CLIENT_CREDENTIALS, IssuedTokens.of(access));
  }
}
