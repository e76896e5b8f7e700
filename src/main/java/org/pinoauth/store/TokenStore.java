package org.pinoauth.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Refresh tokens, their families, and what ends an access token early. A family is everything
 * issued from one authorization (one code exchange); revoking it revokes every token in it. Access
 * tokens are sealed and carry their own claims (see {@code org.pinoauth.token.AccessTokenSealer}),
 * so only their revocations are stored. Each method that changes state is one transaction, and
 * races are settled by conditional updates in the database, so any number of threads and nodes may
 * call it at once.
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

  /** The refresh token with this hash, with its family's state. */
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

  /** Revokes a family: every refresh token and every access token issued in it, at once. */
  void revokeFamily(long familyId);

  /**
   * Whether an access token that was sealed with these claims still counts: it was not revoked and
   * its family still stands, or, for a token of no family, its app, registered at {@code
   * appCreatedAt}, still stands and is still owned by {@code username}. One read.
   *
   * @param familyId the token's family, or {@code 0} for an app's own token
   */
  boolean isAccessTokenLive(
      String hash, long familyId, String clientId, String username, Instant appCreatedAt);

  /** Revokes one access token until {@code expiresAt}, when it would have ended anyway. */
  void revokeAccessToken(String hash, Instant expiresAt);

  /**
   * Deletes rows that can no longer change an answer: revocations of access tokens that expired a
   * day ago, refresh tokens that expired more than {@code accessTokenTtl} ago (a rotated refresh
   * token is kept until then, so its reuse is detected that long, and its family outlives every
   * access token issued while it was live), expired codes that were never redeemed, redeemed codes
   * once {@code redeemedCodeRetention} has passed since they expired and replaying them can revoke
   * nothing more (their family is revoked, or has no refresh token left that this purge keeps), and
   * families with no refresh token or code left. Works in short batches, each its own transaction,
   * so requests are never blocked for long.
   *
   * @return the number of rows deleted
   */
  long purge(Instant now, Duration redeemedCodeRetention, Duration accessTokenTtl);
}
