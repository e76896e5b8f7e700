package org.pinoauth.store;

import java.util.Optional;

/** Authorization codes and the consents they carry. */
public interface CodeStore {

  /**
   * Stores a newly issued code and records that its user approved its scopes for its app, in one
   * transaction: a code exists only with its consent.
   */
  void issue(AuthorizationCode code);

  /**
   * The code with this hash, redeemed or not, with the scopes its user has approved for its app:
   * one read.
   */
  Optional<StoredCode> find(String codeHash);
}
