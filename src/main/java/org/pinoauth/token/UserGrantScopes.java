package org.pinoauth.token;

import org.pinoauth.client.App;
import org.pinoauth.error.OAuthError;
import org.pinoauth.scope.Scopes;

/**
 * The scopes a user grant (code exchange or refresh) answers with: every scope the user has
 * approved for the app, now or before, as Pinterest does (CONTRACT §2.4), but never one an operator
 * has taken from the app since (CONTRACT §2.1).
 */
final class UserGrantScopes {
  private UserGrantScopes() {}

  /**
   * The scopes of a code or refresh token that {@code authorized} these, for {@code app}, whose
   * user has {@code approved} the app for these so far (read with the code or the token).
   *
   * @throws org.pinoauth.error.OAuthException {@code invalid_scope} when the app may have none of
   *     them any more
   */
  static Scopes of(Scopes approved, App app, Scopes authorized) {
    Scopes granted = approved.union(authorized).intersection(app.scopes());
    if (granted.isEmpty()) {
      throw OAuthError.INVALID_SCOPE.exception(
          "The app is no longer registered for any scope the user granted it.");
    }
    return granted;
  }
}
