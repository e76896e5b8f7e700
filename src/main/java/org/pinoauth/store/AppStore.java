package org.pinoauth.store;

import java.util.List;
import java.util.Optional;
import org.pinoauth.client.App;

/** Registered apps. Each method is one transaction. */
public interface AppStore {

  /** The app with this client id, read in one round trip. */
  Optional<App> find(String clientId);

  /** Every app, ordered by client id. */
  List<App> list();

  /**
   * At most {@code limit} apps with a client id after {@code afterClientId}, in client id order.
   */
  List<App> page(Optional<String> afterClientId, int limit);

  /**
   * Registers a new app.
   *
   * @return false, having written nothing, when the client id is taken
   */
  boolean create(App app);

  /**
   * Creates the app, or replaces every field of the existing app with the same client id but its
   * {@code createdAt} (its tokens stay valid): the bootstrap file's way.
   */
  void save(App app);

  /**
   * Replaces every field of an existing app but its secret and {@code createdAt}, for an operator's
   * edit: a secret rotated meanwhile stays rotated, and an app deleted meanwhile stays deleted.
   *
   * @return false, having written nothing, when there is no such app
   */
  boolean update(App app);

  /** Replaces the secret hash; the old secret stops working at once. False for an unknown app. */
  boolean replaceSecret(String clientId, String secretHash);

  /**
   * Deletes the app with every code, consent and token issued to it.
   *
   * @return false for an unknown app
   */
  boolean delete(String clientId);

  /**
   * Whether app {@code clientId} registered {@code origin} (canonical, {@code AllowedOrigin}): one
   * indexed lookup, read from the shared store on every call, so every node sees an edit at once.
   */
  boolean allowsOrigin(String clientId, String origin);

  /** Whether any app registered {@code origin}: one indexed lookup, never a scan of every app. */
  boolean anyAllowsOrigin(String origin);
}
