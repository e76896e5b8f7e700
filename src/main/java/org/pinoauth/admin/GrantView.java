package org.pinoauth.admin;

import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.util.List;
import org.pinoauth.store.Grant;

/**
 * A person's grant as the admin API shows it (CONTRACT §6): times in epoch seconds, {@code
 * last_used_at} null (and present) when the app never exchanged a code or refreshed for it.
 */
@JsonbNillable
@JsonbPropertyOrder({"clientId", "name", "username", "scopes", "firstAuthorizedAt", "lastUsedAt"})
public record GrantView(
    String clientId,
    String name,
    String username,
    List<String> scopes,
    long firstAuthorizedAt,
    Long lastUsedAt) {

  static GrantView of(Grant grant) {
    return new GrantView(
        grant.clientId(),
        grant.appName(),
        grant.username(),
        List.copyOf(grant.scopes().names()),
        grant.firstAuthorizedAt().getEpochSecond(),
        grant.lastUsedAt().map(at -> at.getEpochSecond()).orElse(null));
  }
}
