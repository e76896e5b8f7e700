package org.pinoauth.audit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.pinoauth.crypto.HmacSha256;
import org.pinoauth.limit.Lockouts;

/**
 * The audit trail (docs/security.md, "Audit log"): one line per security event at INFO on the
 * {@code java.util.logging} logger {@value #LOGGER}, as {@code event=... key=value ...}. What a
 * line holds is chosen here and only here, and it is never a secret, token, code or password. What
 * a person typed as a username is logged only as a keyed hash, {@code typed_hash}: people type
 * passwords there. The hash is an HMAC under a key derived from the token key, so equal inputs give
 * equal hashes on every node, and nobody without the key can reverse one or test guesses against
 * it.
 *
 * <p>Values are written as {@link LogLine} quotes them, so no value can end a line or forge a
 * field. Written synchronously: these events are rare next to requests, and an audit line should
 * not wait in a queue when the server stops.
 */
public final class AuditLog {
  public static final String LOGGER = "org.pinoauth.audit";

  /* java.util.logging itself, as the access log: see RequestLog for why. */
  private static final Logger LOG = Logger.getLogger(LOGGER);
  private static final String SOURCE_CLASS = AuditLog.class.getName();
  private static final int TYPED_HASH_BYTES = 12; // 96 bits: 16 base64url characters
  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  private final byte[] typedKey;

  /**
   * @param tokenKey the token key material every node loads alike; only a key derived from it is
   *     kept
   */
  public AuditLog(byte[] tokenKey) {
    this.typedKey = HmacSha256.deriveKey(tokenKey, "pinoauth audit typed values v1");
  }

  /** A sign-in at {@code /oauth/} succeeded: the user is in. */
  public void signInSucceeded(String address, String user) {
    write(LogLine.event("signin.succeeded").add("address", address).add("user", user));
  }

  /**
   * A sign-in at {@code /oauth/} failed: wrong credentials, or refused because a lock holds.
   *
   * @param reason {@code credentials} or {@code locked}
   */
  public void signInFailed(String address, String typedUsername, String reason) {
    write(
        LogLine.event("signin.failed")
            .add("address", address)
            .add("typed_hash", typedHash(typedUsername))
            .add("reason", reason));
  }

  /**
   * Locks of one kind of {@link Lockouts} ({@code client} or {@code signin}), each logged with its
   * counter ({@code KIND.account} per account and address block, {@code KIND.address} per block),
   * the address block and the end of the lock. An account that {@code isPublicName} accepts (a
   * registered client id: ids are in every authorization URL) is logged as {@code account}; any
   * other is what someone typed, perhaps a password, and is logged as its {@code typed_hash}, the
   * same hash as on the failed sign-ins that led to the lock.
   */
  public Lockouts.LockListener locks(String kind, Predicate<String> isPublicName) {
    return new Lockouts.LockListener() {
      @Override
      public void accountLocked(String account, String block, Instant until) {
        LogLine line = LogLine.event("lock.started").add("counter", kind + ".account");
        line.add("address", block);
        if (isPublicName.test(account)) {
          line.add("account", account);
        } else {
          line.add("typed_hash", typedHash(account));
        }
        write(line.add("until", until.toString()));
      }

      @Override
      public void addressLocked(String block, Instant until) {
        write(
            LogLine.event("lock.started")
                .add("counter", kind + ".address")
                .add("address", block)
                .add("until", until.toString()));
      }
    };
  }

  /** The signed-in {@code user} allowed or denied {@code app} the {@code scopes} it asked for. */
  public void consent(
      boolean given, String address, String user, String app, Collection<String> scopes) {
    write(
        LogLine.event(given ? "consent.given" : "consent.denied")
            .add("address", address)
            .add("user", user)
            .add("app", app)
            .add("scopes", String.join(",", scopes)));
  }

  /** An operator registered {@code app}, setting {@code fields}. */
  public void appCreated(String address, String operator, String app, Collection<String> fields) {
    write(adminLine("app.created", address, operator, app).add("fields", String.join(",", fields)));
  }

  /** An operator changed {@code fields} of {@code app} (the fields the PATCH sent). */
  public void appUpdated(String address, String operator, String app, Collection<String> fields) {
    write(adminLine("app.updated", address, operator, app).add("fields", String.join(",", fields)));
  }

  /** An operator gave {@code app} a new secret; the old one no longer works. */
  public void secretRotated(String address, String operator, String app) {
    write(adminLine("app.secret_rotated", address, operator, app));
  }

  /** An operator deleted {@code app}, with every token and code issued to it. */
  public void appDeleted(String address, String operator, String app) {
    write(adminLine("app.deleted", address, operator, app));
  }

  /**
   * An operator removed {@code user}'s grant of {@code app}: consent deleted, unredeemed codes
   * voided and {@code families} token families revoked.
   */
  public void grantRemoved(String address, String operator, String user, String app, int families) {
    write(
        adminLine("grant.removed", address, operator, app)
            .add("user", user)
            .add("families", Integer.toString(families)));
  }

  /**
   * An operator removed every grant of a user: {@code apps} grants, {@code families} families in
   * all (each also has its {@code grant.removed} line). A user who had grants is an account and is
   * logged as {@code user}; a name that had none may be anything typed, and is logged as its {@code
   * typed_hash}, as a failed sign-in's is.
   */
  public void grantsRemovedAll(
      String address, String operator, String user, boolean hadGrants, int apps, int families) {
    LogLine line =
        LogLine.event("grants.removed_all").add("address", address).add("operator", operator);
    if (hadGrants) {
      line.add("user", user);
    } else {
      line.add("typed_hash", typedHash(user));
    }
    write(line.add("apps", Integer.toString(apps)).add("families", Integer.toString(families)));
  }

  /** A rotated refresh token came back: its whole family is revoked (RFC 9700 §4.14.2). */
  public void refreshTokenReused(String app, String user, long family) {
    write(
        LogLine.event("refresh_token.reused")
            .add("app", app)
            .add("user", user)
            .add("family", Long.toString(family)));
  }

  /** A redeemed code came back: what it was exchanged for is revoked (RFC 6749 §4.1.2). */
  public void codeReplayed(String app, String user) {
    write(LogLine.event("code.replayed").add("app", app).add("user", user));
  }

  /**
   * The keyed hash of something typed: 16 base64url characters, equal for equal inputs under one
   * token key.
   */
  String typedHash(String typed) {
    byte[] mac = HmacSha256.newMac(typedKey).doFinal(typed.getBytes(StandardCharsets.UTF_8));
    return BASE64URL.encodeToString(Arrays.copyOf(mac, TYPED_HASH_BYTES));
  }

  private static LogLine adminLine(String event, String address, String operator, String app) {
    return LogLine.event(event).add("address", address).add("operator", operator).add("app", app);
  }

  private static void write(LogLine line) {
    if (LOG.isLoggable(Level.INFO)) {
      LOG.logp(Level.INFO, SOURCE_CLASS, "write", line.toString());
    }
  }
}
