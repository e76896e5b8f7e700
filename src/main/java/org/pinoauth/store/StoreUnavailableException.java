package org.pinoauth.store;

/**
 * The store cannot be reached (connection lost, database restarting, pool exhausted). The request
 * answers 503 and nothing was written; the next request tries again.
 */
public final class StoreUnavailableException extends StoreException {
  public StoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
