package org.pinoauth.client;

import java.util.Optional;
import org.pinoauth.error.OAuthError;
import org.pinoauth.limit.Lockouts;
import org.pinoauth.store.AppStore;

/**
 * Checks presented client credentials against the registered app (RFC 6749 §2.3.1). An unknown id
 * and a wrong secret answer alike and cost alike, so neither the answer nor its timing tells which
 * one was wrong. Failures count towards {@link Lockouts} per client id and per remote address; a
 * locked-out id or address is refused with {@code slow_down} before its secret is looked at.
 */
public final class ClientAuthenticator {
  private final AppStore apps;
  private final Lockouts lockouts;
  private final SecretHasher.SaltedDigest digest;

  public ClientAuthenticator(AppStore apps, Lockouts lockouts) {
    this(apps, lockouts, SecretHasher.SHA256);
  }

  /** With {@code digest} for the salted digest of secrets, so tests can count that work. */
  ClientAuthenticator(AppStore apps, Lockouts lockouts, SecretHasher.SaltedDigest digest) {
    this.apps = apps;
    this.lockouts = lockouts;
    this.digest = digest;
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
   * @return the authenticated app
   * @throws org.pinoauth.error.OAuthException {@code slow_down} while the id or address is locked
   *     out; {@code invalid_client} for an unknown id or a wrong secret
   */
  public App authenticate(ClientCredentials credentials, String address) {
    lockouts
        .lockedFor(credentials.clientId(), address)
        .ifPresent(
            remaining -> {
              throw Lockouts.slowDown(remaining);
            });
    Optional<App> app = apps.find(credentials.clientId());
    // An unknown id is checked against a stand-in hash: the same digest as for a wrong secret.
    String storedHash = app.map(App::secretHash).orElse(SecretHasher.UNKNOWN_CLIENT);
    boolean matches = SecretHasher.matches(credentials.secret(), storedHash, digest);
    if (app.isEmpty() || !matches) {
      lockouts.recordFailure(credentials.clientId(), address);
      throw OAuthError.INVALID_CLIENT.exception("Client authentication failed.");
    }
    return app.get();
  }
}
