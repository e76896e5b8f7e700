package org.pinoauth.client;

import java.util.Optional;
import org.pinoauth.error.OAuthError;
import org.pinoauth.store.AppStore;

/**
 * Checks presented client credentials against the registered app (RFC 6749 §2.3.1). An unknown id
 * and a wrong secret answer alike and cost alike, so neither the answer nor its timing tells which
 * one was wrong.
 */
public final class ClientAuthenticator {
  private final AppStore apps;

  public ClientAuthenticator(AppStore apps) {
    this.apps = apps;
  }

  /**
   * @return the authenticated app
   * @throws org.pinoauth.error.OAuthException {@code invalid_client} for an unknown id or a wrong
   *     secret
   */
  public App authenticate(ClientCredentials credentials) {
    Optional<App> app = apps.find(credentials.clientId());
    boolean matches;
    if (app.isPresent()) {
      matches = SecretHasher.matches(credentials.secret(), app.get().secretHash());
    } else {
      SecretHasher.matchNothing(credentials.secret());
      matches = false;
    }
    if (!matches) {
      throw OAuthError.INVALID_CLIENT.exception("Client authentication failed.");
    }
    return app.get();
  }
}
