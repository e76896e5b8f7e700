package org.pinoauth.store;

import org.pinoauth.scope.Scopes;

/**
 * An authorization code read back with whether it was already redeemed, and every scope its user
 * has approved for its app so far ({@link ConsentStore#approved}), read in the same statement: a
 * code exchange needs nothing else from the store before it writes.
 */
public record StoredCode(AuthorizationCode code, boolean redeemed, Scopes approved) {}
