package org.pinoauth.clientauth;

import java.util.Optional;
import org.pinoauth.client.App;
import org.pinoauth.client.ClientCredentials;
import org.pinoauth.client.SecretHasher;
import org.pinoauth.error.OAuthError;
import org.pinoauth.limit.Lockouts;
import org.pinoauth.store.AppStore;

/**
 * Checks presented client credentials against the registered app (RFC 6749 §2.3.1). An unknown id
 * and a wrong secret get the same answer, and an unknown id costs a real salted digest; the time
 * taken can still tell a registered id (client ids are public) and one whose secret is a short
 * chosen one (PBKDF2), never anything of the secret. A correct secret checked against PBKDF2 is
 * remembered ({@link VerifiedSecrets}), so it costs PBKDF2 once per node. Failures count towards
 * {@link Lockouts} per (client id, address block) and per address block; a locked-out pair or block
 * is refused with {@code slow_down} before its secret is looked at, and no id is ever locked for
 * every address.
 */
public final class ClientAuthenticator {
  private final AppStore apps;
  private final Lockouts lockouts;
  private final SecretHasher.SaltedDigest digest;
  private final VerifiedSecrets verified;

  public ClientAuthenticator(AppStore apps, Lockouts lockouts) {
    this(apps, lockouts, SecretHasher.JDK, new VerifiedSecrets());
  }

  /**
   * With {@code digest} for the salted digests of secrets, so tests can count that work, and {@code
   * verified} for the secrets already verified against a slow hash.
   */
  ClientAuthenticator(
      AppStore apps,
      Lockouts lockouts,
      SecretHasher.SaltedDigest digest,
      VerifiedSecrets verified) {
    this.apps = apps;
    this.lockouts = lockouts;
    this.digest = digest;
    this.verified = verified;
  }

  /**
   * Refuses an address that is locked out, before anything else is read from its request.
   *
   * @throws org.pinoauth.error.OAuthException {@code slow_down}
   */
  public void requireNotLockedOut(String address) {
    lockouts
        .lockedFor(null, address)
        .ifPresent(
            remaining -> {
              throw Lockouts.slowDown(remaining);
            });
  }

  /** Counts a request whose credentials could not even be read (none, malformed). */
  public void recordMalformed(String address) {
    lockouts.recordFailure(null, address);
  }

  /**
   * The public app a request names by {@code client_id} alone (CONTRACT §9). There is no secret to
   * guess, so nothing here is counted against the id: no one can lock a public app out. A refusal
   * (unknown id, or an app that has a secret and did not send it) counts against the source address
   * only, as a request without credentials did before public apps existed.
   *
   * @throws org.pinoauth.error.OAuthException {@code invalid_client} unless {@code clientId} names
   *     a public app
   */
  public App authenticatePublic(String clientId, String address) {
    Optional<App> app = apps.find(clientId).filter(App::isPublic);
    if (app.isEmpty()) {
      lockouts.recordFailure(null, address);
      throw OAuthError.INVALID_CLIENT.exception(
          "Authenticate the app with HTTP Basic, or with client_id and client_secret.");
    }
    return app.get();
  }

  /**
   * @return the authenticated app
   * @throws org.pinoauth.error.OAuthException {@code slow_down} while the id or address is locked
   *     out; {@code invalid_client} for an unknown id or a wrong secret, and for a public app,
   *     which presents no secret
   */
  public App authenticate(ClientCredentials credentials, String address) {
    String clientId = credentials.clientId();
    lockouts
        .lockedFor(clientId, address)
        .ifPresent(
            remaining -> {
              throw Lockouts.slowDown(remaining);
            });
    Optional<App> app = apps.find(clientId);
    if (app.isPresent() && app.get().isPublic()) {
      // Not a guess at anything (a public app has no secret); counted as a malformed request is.
      lockouts.recordFailure(null, address);
      throw OAuthError.INVALID_CLIENT.exception(
          "This app is public: send client_id alone in the body, without a secret.");
    }
    // An unknown id is checked against a stand-in hash: the same digest as for a wrong secret.
    String storedHash = app.map(App::secretHash).orElse(SecretHasher.UNKNOWN_CLIENT);
    // Only a registered app has a PBKDF2 hash (the unknown-client stand-in is SHA-256).
    boolean stretched = SecretHasher.isStretched(storedHash);
    if (stretched && verified.contains(clientId, storedHash, credentials.secret())) {
      return app.get();
    }
    if (stretched) {
      // PBKDF2 is admitted like a password check: a burst of parallel guesses gets no more tries,
      // and no more of the server's CPU, than the same guesses one at a time.
      lockouts
          .beginCheck(clientId, address)
          .ifPresent(
              remaining -> {
                throw Lockouts.slowDown(remaining);
              });
    }
    boolean authenticated = false;
    try {
      boolean matches = SecretHasher.matches(credentials.secret(), storedHash, digest);
      authenticated = app.isPresent() && matches;
      if (authenticated && stretched) {
        verified.remember(clientId, storedHash, credentials.secret());
      }
    } finally {
      if (stretched) {
        lockouts.endCheck(clientId, address, !authenticated);
      } else if (!authenticated) {
        lockouts.recordFailure(clientId, address);
      }
    }
    if (!authenticated) {
      throw OAuthError.INVALID_CLIENT.exception("Client authentication failed.");
    }
    return app.get();
  }
}
