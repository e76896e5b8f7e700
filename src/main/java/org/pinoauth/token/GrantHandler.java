package org.pinoauth.token;

import org.pinoauth.client.App;
import org.pinoauth.client.GrantType;

/**
 * One grant of the token endpoint (CONTRACT §2.2). Implementations validate their own parameters,
 * make their state change as one store transaction and return the response; every refusal is an
 * {@link org.pinoauth.error.OAuthException}.
 */
public interface GrantHandler {

  GrantType grantType();

  /**
   * Answers {@code request} for {@code app}, which is authenticated and registered for the grant.
   */
  TokenResponse handle(TokenRequest request, App app);
}
