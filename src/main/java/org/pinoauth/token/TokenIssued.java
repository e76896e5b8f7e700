package org.pinoauth.token;

import org.pinoauth.client.GrantType;

/**
 * Told each time the token endpoint has sent a token response; the composition root points it at
 * the meters, so that this floor needs nothing from {@code metrics}.
 */
@FunctionalInterface
public interface TokenIssued {
  void tokenIssued(GrantType grant);
}
