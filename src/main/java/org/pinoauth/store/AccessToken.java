package org.pinoauth.store;

import java.time.Instant;
import org.pinoauth.scope.Scopes;

/** An access token as stored: its hash and its claims, never its value. */
public record AccessToken(
    String hash,
    String clientId,
    String username,
    Scopes scopes,
    Instant issuedAt,
    Instant expiresAt) {}
