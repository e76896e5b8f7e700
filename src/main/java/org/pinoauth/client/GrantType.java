package org.pinoauth.client;

import java.util.Optional;

/** The grant types of the token endpoint (CONTRACT §2.2), each knowing its wire name. */
public enum GrantType {
  AUTHORIZATION_CODE("authorization_code"),
  REFRESH_TOKEN("refresh_token"),
  CLIENT_CREDENTIALS("client_credentials");

  private final String wireName;

  GrantType(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static Optional<GrantType> fromWireName(String name) {
    for (GrantType type : values()) {
      if (type.wireName.equals(name)) {
        return Optional.of(type);
      }
    }
    return Optional.empty();
  }
}
