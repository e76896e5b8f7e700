package org.pinoauth.token;

import org.pinoauth.client.GrantType;
import org.pinoauth.error.OAuthError;
import org.pinoauth.http.Form;

/**
 * A token request: its grant type, parsed at the edge, and the form the grant reads its own
 * parameters from (CONTRACT §2.1).
 */
public record TokenRequest(GrantType grantType, Form form) {

  /**
   * @throws org.pinoauth.error.OAuthException {@code invalid_request} when {@code grant_type} is
   *     missing or repeated or a {@code refresh_on}/{@code continuous_refresh} flag is not a
   *     boolean, {@code unsupported_grant_type} when it names no grant of this server
   */
  public static TokenRequest parse(Form form) {
    String name = form.required("grant_type");
    GrantType grantType =
        GrantType.fromWireName(name)
            .orElseThrow(
                () ->
                    OAuthError.UNSUPPORTED_GRANT_TYPE.exception(
                        "grant_type must be authorization_code, refresh_token or"
                            + " client_credentials."));
    // CONTRACT §2.1: a flag that is not a boolean is refused on every grant, also where the grant
    // has no use for it.
    form.flag("refresh_on");
    form.flag("continuous_refresh");
    return new TokenRequest(grantType, form);
  }
}
