package org.pinoauth.token;

import jakarta.json.bind.annotation.JsonbPropertyOrder;

/**
 * The success body of the token endpoint, Pinterest's {@code OauthAccessTokenResponse} and its
 * variants (CONTRACT §2.4). Refresh fields are null, and so absent from the JSON, when no refresh
 * token was issued.
 */
@JsonbPropertyOrder({
  "accessToken",
  "tokenType",
  "expiresIn",
  "scope",
  "responseType",
  "refreshToken",
  "refreshTokenExpiresIn",
  "refreshTokenExpiresAt"
})
public record TokenResponse(
    String accessToken,
    String tokenType,
    long expiresIn,
    String scope,
    String responseType,
    String refreshToken,
    Long refreshTokenExpiresIn,
    Long refreshTokenExpiresAt) {

  public static TokenResponse of(ResponseType responseType, IssuedTokens tokens) {
    AccessToken access = tokens.access().token();
    long expiresIn = access.expiresAt().getEpochSecond() - access.issuedAt().getEpochSecond();
    String refreshToken = null;
    Long refreshExpiresIn = null;
    Long refreshExpiresAt = null;
    if (tokens.refresh() != null) {
      refreshToken = tokens.refresh().value();
      refreshExpiresAt = tokens.refresh().token().expiresAt().getEpochSecond();
      refreshExpiresIn = refreshExpiresAt - tokens.refresh().token().issuedAt().getEpochSecond();
    }
    return new TokenResponse(
        tokens.access().value(),
        "bearer",
        expiresIn,
        access.scopes().toString(),
        responseType.wireName(),
        refreshToken,
        refreshExpiresIn,
        refreshExpiresAt);
  }

  /** Never prints a token; records print their fields by default. */
  @Override
  public String toString() {
    return "TokenResponse[" + responseType + ", scope=" + scope + "]";
  }
}
