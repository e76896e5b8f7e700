package org.pinoauth.store;

import java.time.Instant;
import java.util.Optional;
import org.pinoauth.scope.Scopes;

/**
 * One user's authorization of one app (CONTRACT §6): the scopes the user approved for it, when the
 * user first authorized it and when the app last used it (its last code exchange or refresh, to the
 * hour; empty when never).
 */
public record Grant(
    String clientId,
    String appName,
    String username,
    Scopes scopes,
    Instant firstAuthorizedAt,
    Optional<Instant> lastUsedAt) {}
