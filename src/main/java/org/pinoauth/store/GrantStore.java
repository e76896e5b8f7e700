package org.pinoauth.store;

import java.util.List;
import java.util.Optional;

/**
 * People's grants (CONTRACT §6, §9): each user's authorizations of apps, listed in pages and
 * removed. A grant starts when its user first approves the app ({@link CodeStore#issue}) and is
 * marked used by the code exchanges and refreshes of {@link TokenStore}.
 *
 * <p>Removing a grant runs in this order, so that nothing of it can come back: the user's consent
 * for the app is deleted (no new authorization completes without asking again), the user's
 * unredeemed codes for the app are marked used (an exchange of one answers {@code invalid_grant}),
 * then every token family of the app and user is revoked (refresh tokens and access tokens alike,
 * {@link RevokedAccessTokenStore#isLive}), in transactions of at most {@link #FAMILIES_PER_BATCH}
 * families each, so a user with many families never holds locks for long.
 */
public interface GrantStore {
  /** The most families one transaction of a removal revokes. */
  int FAMILIES_PER_BATCH = 1_000;

  /** The user's grants with a client id after {@code afterClientId}, in client id order. */
  List<Grant> ofUser(String username, Optional<String> afterClientId, int limit);

  /** The grants of an app with a username after {@code afterUsername}, in username order. */
  List<Grant> ofApp(String clientId, Optional<String> afterUsername, int limit);

  /** The user's grant of one app, if any. */
  Optional<Grant> find(String username, String clientId);

  /** Removes the user's grant of one app, as the class comment says. */
  GrantRemoval remove(String username, String clientId);

  /** Removes every grant of the user, of every app, as the class comment says. */
  GrantRemoval removeAll(String username);
}
