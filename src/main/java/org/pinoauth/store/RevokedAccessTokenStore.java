package org.pinoauth.store;

import java.time.Instant;

/**
 * What ends an access token early. Access tokens are sealed and carry their own claims (see {@code
 * org.pinoauth.token.AccessTokenSealer}), so only their revocations are stored, each until the
 * token would have expired anyway.
 */
public interface RevokedAccessTokenStore {

  /**
   * Whether an access token that was sealed with these claims still counts: it was not revoked and
   * its family still stands, or, for a token of no family, its app, registered at {@code
   * appCreatedAt}, still stands and is still owned by {@code username}. One read.
   *
   * @param familyId the token's family, or {@code 0} for an app's own token
   */
  boolean isLive(
      String hash, long familyId, String clientId, String username, Instant appCreatedAt);

  /** Revokes one access token until {@code expiresAt}, when it would have ended anyway. */
  void revoke(String hash, Instant expiresAt);
}
