package org.pinoauth.store;

import java.time.Instant;
import java.util.Optional;

/**
 * An access token read back with its state: its family (none for an app token) and whether it or
 * its family was revoked.
 */
public record StoredAccessToken(AccessToken token, Optional<Long> familyId, boolean revoked) {

  public boolean isActiveAt(Instant now) {
    return !revoked && now.isBefore(token.expiresAt());
  }
}
