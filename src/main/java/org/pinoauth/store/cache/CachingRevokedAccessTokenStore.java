package org.pinoauth.store.cache;

import java.time.Instant;
import org.pinoauth.store.RevokedAccessTokenStore;

/**
 * A {@link RevokedAccessTokenStore} that answers {@link #isLive} from memory while the node's
 * caches are fresh ({@link NodeCaches}), keyed by the token's stored hash (a token's claims are
 * sealed in it, so one hash always comes with the same family, app and user). Live answers are kept
 * with what a change can end them by; dead answers too, as a revocation is never undone. Nothing is
 * loaded at start: each answer is read through once.
 */
public final class CachingRevokedAccessTokenStore implements RevokedAccessTokenStore {
  private final RevokedAccessTokenStore store;
  private final NodeCaches caches;

  public CachingRevokedAccessTokenStore(RevokedAccessTokenStore store, NodeCaches caches) {
    this.store = store;
    this.caches = caches;
  }

  @Override
  public boolean isLive(
      String hash, long familyId, String clientId, String username, Instant appCreatedAt) {
    boolean fresh = caches.fresh();
    if (fresh) {
      if (caches.live.get(hash) != null) {
        caches.hit();
        return true;
      }
      if (caches.dead.get(hash) != null) {
        caches.hit();
        return false;
      }
    }
    caches.readThrough();
    long generation = caches.generation();
    boolean isLive = store.isLive(hash, familyId, clientId, username, appCreatedAt);
    if (fresh) {
      NodeCaches.Liveness entry = new NodeCaches.Liveness(familyId, clientId, username);
      caches.keep(isLive ? caches.live : caches.dead, hash, entry, generation);
    }
    return isLive;
  }

  @Override
  public void revoke(String hash, Instant expiresAt) {
    store.revoke(hash, expiresAt);
  }
}
