package org.pinoauth.store;

import java.time.Duration;
import java.time.Instant;

/**
 * The purge policy: which expired and spent rows can no longer change an answer, and their delete.
 */
public interface Purge {

  /**
   * Deletes rows that can no longer change an answer: revocations of access tokens that expired a
   * day ago, refresh tokens that expired more than {@code accessTokenTtl} ago (a rotated refresh
   * token is kept until then, so its reuse is detected that long, and its family outlives every
   * access token issued while it was live), expired codes that were never redeemed, redeemed codes
   * once {@code redeemedCodeRetention} has passed since they expired and replaying them can revoke
   * nothing more (their family is revoked, or has no refresh token left that this purge keeps), and
   * families with no refresh token or code left. Works in short batches, each its own transaction,
   * so requests are never blocked for long; several nodes may purge at once.
   *
   * @return the number of rows deleted
   */
  long purge(Instant now, Duration redeemedCodeRetention, Duration accessTokenTtl);
}
