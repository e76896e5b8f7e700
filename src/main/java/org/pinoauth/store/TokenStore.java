package org.pinoauth.store;

import java.time.Instant;
import java.util.Optional;

/**
 * Access and refresh tokens and their families. A family is everything issued from one
 * authorization (one code exchange); revoking it revokes every token in it. Each method that
 * changes state is one transaction, and races are settled by conditional updates in the database,
 * so any number of threads and nodes may call it at once.
 */
public interface TokenStore {

  /**
   * Redeems a code: marks it redeemed unless it already was, starts a family for it and stores both
   * tokens in that family, all or nothing.
   *
   * @return false, having written nothing, when the code was already redeemed (also by a concurrent
   *     call: exactly one caller wins)
   */
  boolean redeemCode(String codeHash, AccessToken access, RefreshToken refresh);

  /** Revokes the family issued from this code, if any: a replayed code (RFC 6749 §4.1.2). */
  void revokeFamilyOfCode(String codeHash);

  /** Stores an app's own token (client credentials), which belongs to no family. */
  void issueAppToken(AccessToken access);

  /** The refresh token with this hash, with its family's state. */
  Optional<StoredRefreshToken> findRefreshToken(String hash);

  /**
   * Rotates a refresh token: retires the presented one and stores its successors in its family, all
   * or nothing.
   *
   * @param refresh the successor, or null for a non-rotating refresh that only adds an access token
   * @return false, having written nothing, when the presented token is no longer live (rotated,
   *     revoked, expired, or its family revoked), also when a concurrent call retired it first
   */
  boolean refresh(StoredRefreshToken presented, AccessToken access, RefreshToken refresh);

  /**
   * Stores tokens in an existing family without retiring anything: the answer to a rotated token
   * presented again within the grace window (CONTRACT §2.3).
   *
   * @return false, having written nothing, when the family was revoked meanwhile
   */
  boolean addToFamily(long familyId, AccessToken access, RefreshToken refresh);

  /** Revokes every access and refresh token of a family, at once. */
  void revokeFamily(long familyId);

  /** The access token with this hash, with its family's state. */
  Optional<StoredAccessToken> findAccessToken(String hash);

  /** Revokes one access token; its family, if any, is untouched. */
  void revokeAccessToken(String hash);

  /**
   * Deletes rows that can no longer change an answer: expired access and refresh tokens (a rotated
   * refresh token is kept until it expires, so its reuse is detected that long), expired codes that
   * were never redeemed, redeemed codes once {@code redeemedCodeRetention} has passed since they
   * expired, and families with no token left. Works in short batches, each its own transaction, so
   * requests are never blocked for long.
   *
   * @return the number of rows deleted
   */
  long purge(Instant now, java.time.Duration redeemedCodeRetention);
}
