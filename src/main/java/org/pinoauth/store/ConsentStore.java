package org.pinoauth.store;

import org.pinoauth.scope.Scopes;

/** The scopes each user has approved for each app; approvals accumulate (CONTRACT §2.4). */
public interface ConsentStore {

  /** Every scope {@code username} has approved for {@code clientId}, ever; empty if none. */
  Scopes approved(String username, String clientId);
}
