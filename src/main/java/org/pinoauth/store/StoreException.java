package org.pinoauth.store;

/** The store failed in a way retrying will not fix; the request answers 500. */
public class StoreException extends RuntimeException {
  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
