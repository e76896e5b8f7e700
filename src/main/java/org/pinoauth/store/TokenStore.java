package org.pinoauth.store;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * Refresh tokens and their families. A family is everything issued from one authorization (one code
 * exchange); revoking it revokes every token in it, the access tokens too ({@link
 * RevokedAccessTokenStore#isLive} checks the family). Each method that changes state is one
 * transaction, and races are settled by conditional updates in the database, so any number of
 * threads and nodes may call it at once. A code exchange and a refresh mark the grant used ({@link
 * GrantStore}), to the hour, in the same transaction.
 */
public interface TokenStore {

  /**
   * Redeems a code: marks it redeemed unless it already was, starts a family for it and stores the
   * family's first refresh token, all or nothing.
   *
   * @return the new family's id; empty, having written nothing, when the code was already redeemed
   *     (also by a concurrent call: exactly one caller wins)
   */
  OptionalLong redeemCode(String codeHash, RefreshToken refresh);

  /** Revokes the family issued from this code, if any: a replayed code (RFC 6749 §4.1.2). */
  void revokeFamilyOfCode(String codeHash);

  /**
   * The refresh token with this hash, with its family's state, its grant's last use and the scopes
   * its user has approved for its app: one read.
   */
  Optional<StoredRefreshToken> findRefreshToken(String hash);

  /**
   * Rotates a refresh token: retires the presented one and stores its successor in its family, all
   * or nothing.
   *
   * @return false, having written nothing, when the presented token is no longer live (rotated,
   *     revoked, expired, or its family revoked), also when a concurrent call retired it first
   */
  boolean rotate(StoredRefreshToken presented, RefreshToken successor);

  /**
   * Stores a refresh token in an existing family without retiring anything: the answer to a rotated
   * token presented again within the grace window (CONTRACT §2.3).
   *
   * @return false, having written nothing, when the family was revoked meanwhile
   */
  boolean addToFamily(long familyId, RefreshToken refresh);

  /**
   * Records a refresh that wrote nothing else (a legacy token that does not rotate) as a use of its
   * grant ({@link Grant#lastUsedAt}). Writes only when the grant's recorded hour, read with the
   * token, is an earlier one: at most once an hour per grant.
   */
  void noteUse(StoredRefreshToken used);

  /** Revokes a family: every refresh token and every access token issued in it, at once. */
  void revokeFamily(long familyId);
}
