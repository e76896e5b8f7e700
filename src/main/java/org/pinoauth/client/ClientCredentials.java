package org.pinoauth.client;

import java.util.Objects;

/** A client id and the secret presented with it, by HTTP Basic or in the form body. */
public record ClientCredentials(String clientId, Secret secret) {
  public ClientCredentials {
    Objects.requireNonNull(clientId);
    Objects.requireNonNull(secret);
  }
}
