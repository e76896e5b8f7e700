package org.pinoauth.introspect;

import jakarta.json.bind.annotation.JsonbPropertyOrder;

/**
 * An RFC 7662 §2.2 introspection answer. An inactive token answers {@code {"active":false}} and
 * nothing else: every other field is null and so absent. {@code token_use} says whether a person
 * authorized the token ({@code user}) or an app holds it for itself ({@code app}, client
 * credentials), whose {@code sub} is the app's owner, who consented to nothing (CONTRACT §4, RFC
 * 9700 §4.15).
 */
@JsonbPropertyOrder({
  "active",
  "scope",
  "clientId",
  "username",
  "tokenType",
  "exp",
  "iat",
  "sub",
  "tokenUse"
})
public record IntrospectionResponse(
    boolean active,
    String scope,
    String clientId,
    String username,
    String tokenType,
    Long exp,
    Long iat,
    String sub,
    String tokenUse) {

  public static final IntrospectionResponse INACTIVE =
      new IntrospectionResponse(false, null, null, null, null, null, null, null, null);

  /** The wire values of {@code token_use}. */
  public static final String USER = "user";

  public static final String APP = "app";
}
