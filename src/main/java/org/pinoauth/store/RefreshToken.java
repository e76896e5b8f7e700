package org.pinoauth.store;

import java.time.Instant;
import org.pinoauth.scope.Scopes;

/**
 * A refresh token as stored: its hash and its claims, never its value. A {@code rotating} token is
 * replaced by a new one on every use (continuous refresh, CONTRACT §2.3).
 */
public record RefreshToken(
    String hash,
    String clientId,
    String username,
    Scopes scopes,
    boolean rotating,
    Instant issuedAt,
    Instant expiresAt) {}
