package org.pinoauth.store;

/**
 * Holds the key access tokens are sealed with when the operator configured none ({@code
 * token.key}), so that every node on one database, and every restart, seals and opens alike.
 */
public interface TokenKeyStore {

  /**
   * The stored key; {@code candidate} becomes it when none is stored yet. When several nodes start
   * at once, all of them get the one that was stored first.
   */
  String keyOr(String candidate);
}
