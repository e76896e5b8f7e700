package org.pinoauth.store;

import java.time.Instant;
import java.util.Optional;
import org.pinoauth.scope.Scopes;

/**
 * An authorization code as stored, bound to everything the authorization request fixed (RFC 6749
 * §4.1.3, RFC 7636 §4.4): app, user, redirect URI, scopes and PKCE challenge.
 */
public record AuthorizationCode(
    String hash,
    String clientId,
    String username,
    String redirectUri,
    Scopes scopes,
    Optional<String> codeChallenge,
    Optional<String> codeChallengeMethod,
    Instant issuedAt,
    Instant expiresAt) {

  public boolean isExpiredAt(Instant now) {
    return !now.isBefore(expiresAt);
  }
}
