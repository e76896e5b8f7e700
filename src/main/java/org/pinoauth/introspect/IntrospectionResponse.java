package org.pinoauth.introspect;

import jakarta.json.bind.annotation.JsonbPropertyOrder;

/**
 * An RFC 7662 §2.2 introspection answer. An inactive token answers {@code {"active":false}} and
 * nothing else: every other field is null and so absent.
 */
@JsonbPropertyOrder({"active", "scope", "clientId", "username", "tokenType", "exp", "iat", "sub"})
public record IntrospectionResponse(
    boolean active,
    String scope,
    String clientId,
    String username,
    String tokenType,
    Long exp,
    Long iat,
    String sub) {

  public static final IntrospectionResponse INACTIVE =
      new IntrospectionResponse(false, null, null, null, null, null, null, null);
}
