package org.pinoauth.authorize;

import java.util.Optional;
import org.pinoauth.error.OAuthException;
import org.pinoauth.http.Form;

/** Reads the fields of the forms /oauth/ shows that are not part of the authorization request. */
final class FormFields {
  private FormFields() {}

  /**
   * A single value; a repeated field (CSRF token, action, username, password) counts as absent,
   * which fails the check it was for rather than picking one of the values.
   */
  static Optional<String> single(Form form, String name) {
    try {
      return form.optional(name);
    } catch (OAuthException repeated) {
      return Optional.empty();
    }
  }
}
