package org.pinoauth.token;

/** Pinterest's {@code response_type} field of a token response (CONTRACT §2.3, §2.4). */
public enum ResponseType {
  AUTHORIZATION_CODE("authorization_code"),
  /** A refresh that returned only a new access token. */
  REFRESH_TOKEN("refresh_token"),
  /** A refresh that returned a new refresh token too, in either refresh mode. */
  EVERLASTING_REFRESH("everlasting_refresh"),
  CLIENT_CREDENTIALS("client_credentials");

  private final String wireName;

  ResponseType(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }
}
