package org.pinoauth.token;

import org.pinoauth.client.App;
import org.pinoauth.error.OAuthError;
import org.pinoauth.scope.Scopes;
import org.pinoauth.store.ConsentStore;

/**
 * The scopes a user grant (code exchange or refresh) answers with: every scope the user has
 * approved for the app, now or before, as Pinterest does (CONTRACT §2.4), but never one an operator
 * has taken from the app since (CONTRACT §2.1).
 */
final class UserGrantScopes {
  private UserGrantScopes() {}

  /**
   * @throws org.pinoauth.error.OAuthException {@code invalid_scope} when the app may have none of
   *     them any more
   */
  static Scopes of(ConsentStore consents, String username, App app, Scopes authorized) {
    Scopes granted =
        consents.approved(username, app.clientId()).union(authorized).intersection(app.scopes());
    if (granted.isEmpty()) {
      throw OAuthError.INVALID_SCOPE.exception(
          "The app is no longer registered for any scope the user granted it.");
    }
    return granted;
  }
}
