package org.pinoauth.store;

import java.util.Optional;
import org.pinoauth.client.App;

/** Registered apps. */
public interface AppStore {

  /** The app with this client id, read in one round trip. */
  Optional<App> find(String clientId);

  /**
   * Creates the app, or replaces every field of the existing app with the same client id, in one
   * transaction (its tokens stay valid).
   */
  void save(App app);
}
