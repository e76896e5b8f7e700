package org.pinoauth.store;

/** An authorization code read back with whether it was already redeemed. */
public record StoredCode(AuthorizationCode code, boolean redeemed) {}
