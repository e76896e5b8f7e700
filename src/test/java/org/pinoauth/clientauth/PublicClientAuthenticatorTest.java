package org.pinoauth.clientauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.pinoauth.client.App;
import org.pinoauth.client.ClientCredentials;
import org.pinoauth.client.Secret;
import org.pinoauth.error.OAuthError;
import org.pinoauth.error.OAuthException;
import org.pinoauth.limit.FailureLimiter;
import org.pinoauth.limit.Lockouts;
import org.pinoauth.store.AppStore;
import org.pinoauth.testing.MutableClock;
import org.pinoauth.testing.TestApps;

/** How {@link ClientAuthenticator} treats public apps (CONTRACT §9) and their failures. */
class PublicClientAuthenticatorTest {
  private static final String ADDRESS = "203.0.113.9";
  private static final String OTHER_ADDRESS = "198.51.100.7";

  private final App publicApp = TestApps.app().clientId("5550001").publicClient().build();
  private final App confidential = TestApps.app().clientId("5550002").secret("s3cret").build();
  private final Map<String, App> byId =
      Map.of(publicApp.clientId(), publicApp, confidential.clientId(), confidential);
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

  /** Three failures lock a (client id, address) pair; the per-address limiter is off. */
  private final Lockouts lockouts =
      new Lockouts(
          new FailureLimiter(3, Duration.ofMinutes(5), 1_000, clock),
          new FailureLimiter(0, Duration.ofMinutes(5), 1_000, clock));

  private final ClientAuthenticator authenticator = new ClientAuthenticator(store(), lockouts);

  private AppStore store() {
    return new AppStore() {
      @Override
      public Optional<App> find(String clientId) {
        return Optional.ofNullable(byId.get(clientId));
      }

      @Override
      public List<App> list() {
        return List.copyOf(byId.values());
      }

      @Override
      public List<App> page(Optional<String> afterClientId, int limit) {
        throw new UnsupportedOperationException();
      }

      @Override
      public boolean anyAllowsOrigin(String origin) {
        throw new UnsupportedOperationException();
      }

      @Override
      public boolean allowsOrigin(String clientId, String origin) {
        throw new UnsupportedOperationException();
      }

      @Override
      public boolean create(App app) {
        throw new UnsupportedOperationException();
      }

      @Override
      public void save(App app) {
        throw new UnsupportedOperationException();
      }

      @Override
      public boolean update(App app) {
        throw new UnsupportedOperationException();
      }

      @Override
      public boolean replaceSecret(String clientId, String secretHash) {
        throw new UnsupportedOperationException();
      }

      @Override
      public boolean delete(String clientId) {
        throw new UnsupportedOperationException();
      }
    };
  }

  private static OAuthError refusal(Runnable attempt) {
    return assertThrows(OAuthException.class, attempt::run).error();
  }

  @Test
  void authenticatePublicWhenPublicAppThenApp() {
    assertEquals(publicApp, authenticator.authenticatePublic("5550001", ADDRESS));
  }

  @Test
  void authenticatePublicWhenConfidentialAppThenInvalidClient() {
    assertEquals(
        OAuthError.INVALID_CLIENT,
        refusal(() -> authenticator.authenticatePublic("5550002", ADDRESS)));
  }

  @Test
  void authenticatePublicWhenUnknownIdThenInvalidClient() {
    assertEquals(
        OAuthError.INVALID_CLIENT,
        refusal(() -> authenticator.authenticatePublic("5550009", ADDRESS)));
  }

  @Test
  void authenticateWhenPublicAppPresentsASecretThenInvalidClient() {
    for (String secret : new String[] {"", "anything", "test-secret"}) {
      assertEquals(
          OAuthError.INVALID_CLIENT,
          refusal(
              () ->
                  authenticator.authenticate(
                      new ClientCredentials("5550001", new Secret(secret)), ADDRESS)));
    }
  }

  @Test
  void authenticateWhenPublicAppHammeredWithSecretsThenItsIdIsNeverLocked() {
    for (int i = 0; i < 10; i++) {
      assertEquals(
          OAuthError.INVALID_CLIENT,
          refusal(
              () ->
                  authenticator.authenticate(
                      new ClientCredentials("5550001", new Secret("guess")), ADDRESS)),
          "attempt " + i + " is refused as a bad request, not slowed down");
    }

    assertTrue(lockouts.lockedFor("5550001", ADDRESS).isEmpty());
    assertEquals(publicApp, authenticator.authenticatePublic("5550001", ADDRESS));
    assertEquals(publicApp, authenticator.authenticatePublic("5550001", OTHER_ADDRESS));
  }

  @Test
  void authenticatePublicWhenAConfidentialIdIsSentAloneThenItsIdIsNotCounted() {
    for (int i = 0; i < 10; i++) {
      refusal(() -> authenticator.authenticatePublic("5550002", ADDRESS));
    }

    assertTrue(lockouts.lockedFor("5550002", ADDRESS).isEmpty());
    assertEquals(
        confidential,
        authenticator.authenticate(
            new ClientCredentials("5550002", new Secret("s3cret")), ADDRESS));
  }
}
