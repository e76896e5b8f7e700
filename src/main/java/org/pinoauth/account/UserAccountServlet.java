package org.pinoauth.account;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.pinoauth.config.Config;
import org.pinoauth.error.OAuthError;
import org.pinoauth.error.OAuthException;
import org.pinoauth.http.BaseUrl;
import org.pinoauth.http.Collaborators;
import org.pinoauth.http.GetOnlyServlet;
import org.pinoauth.http.Json;
import org.pinoauth.http.RequestLog;
import org.pinoauth.token.AccessToken;
import org.pinoauth.token.AccessTokens;

/**
 * {@code GET /v5/user_account} (CONTRACT §4): the bearer token's own account, in Pinterest's {@code
 * Account} shape, for a token with {@code user_accounts:read}. A user token answers for its user,
 * an app token for the app's owner. This is the call Pinterest's own client code makes right after
 * getting a token, and what a resource server can use to validate one (RFC 6750).
 */
public final class UserAccountServlet extends GetOnlyServlet {
  static final String REQUIRED_SCOPE = "user_accounts:read";
  private static final String CHALLENGE = "Bearer realm=\"pinoauth\"";

  private AccessTokens accessTokens;
  private Optional<String> configuredIssuer;

  @Override
  public void init() {
    accessTokens = Collaborators.get(getServletContext(), AccessTokens.class);
    configuredIssuer = Collaborators.get(getServletContext(), Config.class).issuer();
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String bearer = bearerToken(Collections.list(request.getHeaders("Authorization")));
    AccessToken token =
        accessTokens
            .findLive(bearer)
            .orElseThrow(() -> invalidToken("The access token is invalid, expired or revoked."));
    RequestLog.recordAppId(request, token.clientId());
    if (!token.scopes().contains(REQUIRED_SCOPE)) {
      throw OAuthError.INSUFFICIENT_SCOPE
          .exception("The access token lacks the scope " + REQUIRED_SCOPE + ".")
          .withHeader(
              "WWW-Authenticate",
              CHALLENGE + ", error=\"insufficient_scope\", scope=\"" + REQUIRED_SCOPE + "\"");
    }
    String profileImage = BaseUrl.of(request, configuredIssuer) + "/static/profile.svg";
    Json.write(response, HttpServletResponse.SC_OK, Account.of(token.username(), profileImage));
  }

  /** The token of {@code Authorization: Bearer <token>} (RFC 6750 §2.1); scheme in any case. */
  static String bearerToken(List<String> authorization) {
    if (authorization.isEmpty()) {
      throw OAuthError.INVALID_TOKEN
          .exception("Send the access token as Authorization: Bearer <token>.")
          .withHeader("WWW-Authenticate", CHALLENGE);
    }
    if (authorization.size() > 1) {
      throw invalidToken("Send a single Authorization header.");
    }
    String[] schemeAndToken = authorization.get(0).strip().split(" +", 2);
    if (schemeAndToken.length != 2
        || !schemeAndToken[0].toLowerCase(Locale.ROOT).equals("bearer")
        || schemeAndToken[1].isBlank()) {
      throw invalidToken("Send the access token as Authorization: Bearer <token>.");
    }
    return schemeAndToken[1].strip();
  }

  private static OAuthException invalidToken(String message) {
    return OAuthError.INVALID_TOKEN
        .exception(message)
        .withHeader("WWW-Authenticate", CHALLENGE + ", error=\"invalid_token\"");
  }
}
