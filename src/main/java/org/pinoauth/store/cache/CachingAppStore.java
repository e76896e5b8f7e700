package org.pinoauth.store.cache;

import java.util.List;
import java.util.Optional;
import org.pinoauth.client.App;
import org.pinoauth.store.AppStore;

/**
 * An {@link AppStore} that answers {@link #find} from memory while the node's caches are fresh
 * ({@link NodeCaches}), and passes everything else to the store, whose writes tell the caches.
 * Unknown client ids are never cached: a stranger's random ids can neither fill memory nor push
 * real apps out.
 */
public final class CachingAppStore implements AppStore {
  private final AppStore store;
  private final NodeCaches caches;

  public CachingAppStore(AppStore store, NodeCaches caches) {
    this.store = store;
    this.caches = caches;
  }

  @Override
  public Optional<App> find(String clientId) {
    boolean fresh = caches.fresh();
    if (fresh) {
      App cached = caches.apps.get(clientId);
      if (cached != null) {
        caches.hit();
        return Optional.of(cached);
      }
    }
    caches.readThrough();
    long generation = caches.generation();
    Optional<App> app = store.find(clientId);
    if (fresh && app.isPresent()) {
      caches.keep(caches.apps, clientId, app.get(), generation);
    }
    return app;
  }

  @Override
  public List<App> list() {
    return store.list();
  }

  @Override
  public List<App> page(Optional<String> afterClientId, int limit) {
    return store.page(afterClientId, limit);
  }

  @Override
  public boolean create(App app) {
    return store.create(app);
  }

  @Override
  public void save(App app) {
    store.save(app);
  }

  @Override
  public boolean update(App app) {
    return store.update(app);
  }

  @Override
  public boolean replaceSecret(String clientId, String secretHash) {
    return store.replaceSecret(clientId, secretHash);
  }

  @Override
  public boolean delete(String clientId) {
    return store.delete(clientId);
  }

  @Override
  public boolean allowsOrigin(String clientId, String origin) {
    return store.allowsOrigin(clientId, origin);
  }

  @Override
  public boolean anyAllowsOrigin(String origin) {
    return store.anyAllowsOrigin(origin);
  }
}
