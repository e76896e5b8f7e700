package org.pinoauth.clientauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pinoauth.client.App;
import org.pinoauth.client.ClientCredentials;
import org.pinoauth.client.Secret;
import org.pinoauth.client.SecretHasher;
import org.pinoauth.error.OAuthError;
import org.pinoauth.error.OAuthException;
import org.pinoauth.limit.FailureLimiter;
import org.pinoauth.limit.Lockouts;
import org.pinoauth.store.AppStore;
import org.pinoauth.testing.MutableClock;
import org.pinoauth.testing.TestApps;

class ClientAuthenticatorTest {

  /** An in-memory {@link AppStore}: the authenticator needs nothing more. */
  private static final class FakeAppStore implements AppStore {
    private final Map<String, App> apps = new HashMap<>();

    @Override
    public Optional<App> find(String clientId) {
      return Optional.ofNullable(apps.get(clientId));
    }

    @Override
    public void save(App app) {
      apps.put(app.clientId(), app);
    }

    @Override
    public List<App> list() {
      return List.copyOf(apps.values());
    }

    @Override
    public List<App> page(java.util.Optional<String> afterClientId, int limit) {
      throw new UnsupportedOperationException("not used by the authenticator");
    }

    @Override
    public boolean create(App app) {
      return apps.putIfAbsent(app.clientId(), app) == null;
    }

    @Override
    public boolean update(App app) {
      throw new UnsupportedOperationException("not used by the authenticator");
    }

    @Override
    public boolean replaceSecret(String clientId, String secretHash) {
      throw new UnsupportedOperationException("not used by the authenticator");
    }

    @Override
    public boolean delete(String clientId) {
      return apps.remove(clientId) != null;
    }

    @Override
    public boolean allowsOrigin(String clientId, String origin) {
      throw new UnsupportedOperationException("not used by the authenticator");
    }

    @Override
    public boolean anyAllowsOrigin(String origin) {
      throw new UnsupportedOperationException("not used by the authenticator");
    }
  }

  private final FakeAppStore apps = new FakeAppStore();
  private static final String ADDRESS = "203.0.113.9";
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final ClientAuthenticator authenticator = new ClientAuthenticator(apps, lockouts());

  /**
   * Each salted digest computed, as "scheme×iterations: salt bytes + secret bytes", in order
   * (SHA256×1 is one SHA-256; PBKDF2_SHA256×100000 is the slow hash of short chosen secrets).
   */
  private final List<String> digests = new ArrayList<>();

  private final VerifiedSecrets verified = new VerifiedSecrets();

  private final ClientAuthenticator counted =
      new ClientAuthenticator(
          apps,
          lockouts(),
          (scheme, iterations, salt, secret) -> {
            digests.add(scheme + "×" + iterations + ": " + salt.length + " + " + secret.length);
            return SecretHasher.JDK.digest(scheme, iterations, salt, secret);
          },
          verified);
  private final App app = TestApps.app().clientId("1234567").secret("a:b%c+d/e").build();

  private Lockouts lockouts() {
    return new Lockouts(
        new FailureLimiter(3, Duration.ofMinutes(5), 1_000, clock),
        new FailureLimiter(0, Duration.ofMinutes(5), 1_000, clock));
  }

  @BeforeEach
  void registerApp() {
    apps.save(app);
  }

  @Test
  void authenticateWhenRightSecretThenApp() {
    App authenticated =
        authenticator.authenticate(
            new ClientCredentials("1234567", new Secret("a:b%c+d/e")), ADDRESS);

    assertEquals(app, authenticated);
  }

  @Test
  void authenticateWhenWrongSecretThenInvalidClient() {
    OAuthException e =
        assertThrows(
            OAuthException.class,
            () ->
                authenticator.authenticate(
                    new ClientCredentials("1234567", new Secret("x")), ADDRESS));

    assertEquals(OAuthError.INVALID_CLIENT, e.error());
  }

  @Test
  void authenticateWhenUnknownIdThenInvalidClient() {
    OAuthException e =
        assertThrows(
            OAuthException.class,
            () ->
                authenticator.authenticate(
                    new ClientCredentials("7654321", new Secret("a:b%c+d/e")), ADDRESS));

    assertEquals(OAuthError.INVALID_CLIENT, e.error());
  }

  @Test
  void authenticateWhenUnknownIdOrWrongSecretThenSameMessage() {
    OAuthException unknown =
        assertThrows(
            OAuthException.class,
            () ->
                authenticator.authenticate(
                    new ClientCredentials("nope", new Secret("x")), ADDRESS));
    OAuthException wrongSecret =
        assertThrows(
            OAuthException.class,
            () ->
                authenticator.authenticate(
                    new ClientCredentials("1234567", new Secret("x")), ADDRESS));

    assertEquals(unknown.getMessage(), wrongSecret.getMessage());
    assertEquals(unknown.error(), wrongSecret.error());
  }

  @Test
  void authenticateWhenWrongSecretThenMessageNeverEchoesIt() {
    OAuthException e =
        assertThrows(
            OAuthException.class,
            () ->
                authenticator.authenticate(
                    new ClientCredentials("1234567", new Secret("guessed-secret")), ADDRESS));

    assertFalse(e.getMessage().contains("guessed-secret"), e.getMessage());
  }

  @Test
  void authenticateWhenSecretOfAnotherAppThenInvalidClient() {
    apps.save(TestApps.app().clientId("2222222").secret("other-secret").build());

    OAuthException e =
        assertThrows(
            OAuthException.class,
            () ->
                authenticator.authenticate(
                    new ClientCredentials("1234567", new Secret("other-secret")), ADDRESS));

    assertEquals(OAuthError.INVALID_CLIENT, e.error());
  }

  @Test
  void authenticateWhenLimitOfWrongSecretsReachedThenSlowDownEvenWithRightSecret() {
    for (int i = 0; i < 3; i++) {
      assertThrows(
          OAuthException.class,
          () ->
              authenticator.authenticate(
                  new ClientCredentials("1234567", new Secret("x")), ADDRESS));
    }

    OAuthException locked =
        assertThrows(
            OAuthException.class,
            () ->
                authenticator.authenticate(
                    new ClientCredentials("1234567", new Secret("a:b%c+d/e")), ADDRESS));

    assertEquals(OAuthError.SLOW_DOWN, locked.error());
    assertEquals("300", locked.headers().get("Retry-After"));
  }

  @Test
  void authenticateWhenLockoutWindowPassedThenRightSecretWorks() {
    for (int i = 0; i < 3; i++) {
      assertThrows(
          OAuthException.class,
          () ->
              authenticator.authenticate(
                  new ClientCredentials("1234567", new Secret("x")), ADDRESS));
    }
    clock.advance(Duration.ofMinutes(5));

    App authenticated =
        authenticator.authenticate(
            new ClientCredentials("1234567", new Secret("a:b%c+d/e")), ADDRESS);

    assertEquals(app, authenticated);
  }

  @Test
  void authenticateWhenUnknownIdThenSameHashingWorkAsWrongSecret() {
    assertThrows(
        OAuthException.class,
        () -> counted.authenticate(new ClientCredentials("1234567", new Secret("guess")), ADDRESS));
    List<String> wrongSecret = List.copyOf(digests);
    digests.clear();

    assertThrows(
        OAuthException.class,
        () -> counted.authenticate(new ClientCredentials("7654321", new Secret("guess")), ADDRESS));

    assertEquals(
        List.of("SHA256×1: 16 + 5"), wrongSecret, "one salted digest of the presented secret");
    assertEquals(wrongSecret, digests, "an unknown id costs what a wrong secret costs");
  }

  @Test
  void authenticateWhenRightSecretThenSameHashingWorkAsUnknownId() {
    counted.authenticate(new ClientCredentials("1234567", new Secret("a:b%c+d/e")), ADDRESS);
    List<String> right = List.copyOf(digests);
    digests.clear();

    assertThrows(
        OAuthException.class,
        () ->
            counted.authenticate(
                new ClientCredentials("7654321", new Secret("a:b%c+d/e")), ADDRESS));

    assertEquals(right, digests);
  }

  /** The development app's secret, shorter than 32 characters: bootstrap hashes it with PBKDF2. */
  private static final String SHORT_SECRET = "dev-secret";

  private static final String PBKDF2 = "PBKDF2_SHA256×" + SecretHasher.PBKDF2_ITERATIONS;

  /** A bootstrap app {@code 7777777} whose short secret is stored as PBKDF2. */
  private App shortSecretApp(String secret) {
    App built = TestApps.app().clientId("7777777").build();
    return withSecretHash(built, SecretHasher.hashChosen(new Secret(secret)));
  }

  private static App withSecretHash(App app, String secretHash) {
    return new App(
        app.clientId(),
        app.name(),
        secretHash,
        app.redirectUris(),
        app.scopes(),
        app.grantTypes(),
        app.refreshMode(),
        app.owner(),
        app.allowPlainPkce(),
        app.createdAt());
  }

  private App authenticateCounted(String clientId, String secret) {
    return counted.authenticate(new ClientCredentials(clientId, new Secret(secret)), ADDRESS);
  }

  @Test
  void authenticateWhenShortChosenSecretRightTwiceThenPbkdf2OnlyTheFirstTime() {
    App bootstrapped = shortSecretApp(SHORT_SECRET);
    apps.save(bootstrapped);

    assertEquals(bootstrapped, authenticateCounted("7777777", SHORT_SECRET));
    assertEquals(List.of(PBKDF2 + ": 16 + 10"), digests, "the first time pays PBKDF2");
    digests.clear();

    assertEquals(bootstrapped, authenticateCounted("7777777", SHORT_SECRET));
    assertEquals(List.of(), digests, "the second is served by the verified-secret cache");
  }

  @Test
  void authenticateWhenShortChosenSecretWrongThenPbkdf2EachTimeAndNeverCached() {
    apps.save(shortSecretApp(SHORT_SECRET));

    for (int i = 0; i < 2; i++) {
      OAuthException e =
          assertThrows(OAuthException.class, () -> authenticateCounted("7777777", "dev-secreT"));
      assertEquals(OAuthError.INVALID_CLIENT, e.error());
    }

    assertEquals(List.of(PBKDF2 + ": 16 + 10", PBKDF2 + ": 16 + 10"), digests);
    assertEquals(0, verified.size(), "a wrong secret is never remembered");
  }

  @Test
  void authenticateWhenWrongSecretAfterRightOneCachedThenStillPbkdf2AndInvalidClient() {
    apps.save(shortSecretApp(SHORT_SECRET));
    authenticateCounted("7777777", SHORT_SECRET);
    digests.clear();

    OAuthException e =
        assertThrows(OAuthException.class, () -> authenticateCounted("7777777", "dev-secreT"));

    assertEquals(OAuthError.INVALID_CLIENT, e.error());
    assertEquals(List.of(PBKDF2 + ": 16 + 10"), digests, "the cache only ever says yes");
  }

  @Test
  void authenticateWhenSecretRotatedAfterCachingThenOldSecretRefused() {
    apps.save(shortSecretApp(SHORT_SECRET));
    authenticateCounted("7777777", SHORT_SECRET);
    digests.clear();
    apps.save(shortSecretApp("new-dev-secret"));

    OAuthException e =
        assertThrows(OAuthException.class, () -> authenticateCounted("7777777", SHORT_SECRET));

    assertEquals(OAuthError.INVALID_CLIENT, e.error());
    assertEquals(List.of(PBKDF2 + ": 16 + 10"), digests, "checked against the new hash");
    assertEquals(0, verified.size(), "the entry for the old hash is dropped");
  }

  @Test
  void authenticateWhenSameSecretHashedAgainThenVerifiedAgainstTheNewHash() {
    // Every start-up re-hashes bootstrap secrets with a new salt: a new stored hash.
    apps.save(shortSecretApp(SHORT_SECRET));
    authenticateCounted("7777777", SHORT_SECRET);
    digests.clear();
    App rehashed = shortSecretApp(SHORT_SECRET);
    apps.save(rehashed);

    assertEquals(rehashed, authenticateCounted("7777777", SHORT_SECRET));
    assertEquals(List.of(PBKDF2 + ": 16 + 10"), digests, "not served from the old entry");
    digests.clear();
    authenticateCounted("7777777", SHORT_SECRET);
    assertEquals(List.of(), digests, "remembered against the new hash");
  }

  @Test
  void authenticateWhenShortSecretStoredAsSha256BeforePbkdf2ThenVerifiesWithOneSha256() {
    App beforeUpgrade =
        withSecretHash(shortSecretApp(SHORT_SECRET), SecretHasher.hash(new Secret(SHORT_SECRET)));
    apps.save(beforeUpgrade);

    assertEquals(beforeUpgrade, authenticateCounted("7777777", SHORT_SECRET));
    assertEquals(List.of("SHA256×1: 16 + 10"), digests);
    assertEquals(0, verified.size(), "a fast hash is not worth remembering");
  }

  @Test
  void authenticateWhenUnknownIdThenOneSha256NeverPbkdf2() {
    apps.save(shortSecretApp(SHORT_SECRET));

    assertThrows(OAuthException.class, () -> authenticateCounted("7654321", SHORT_SECRET));

    assertEquals(List.of("SHA256×1: 16 + 10"), digests, "an unknown id costs a real digest");
  }

  @Test
  void authenticateWhenRightSecretOfOneAppCachedThenNotServedForAnother() {
    apps.save(shortSecretApp(SHORT_SECRET));
    authenticateCounted("7777777", SHORT_SECRET);
    App other =
        withSecretHash(
            TestApps.app().clientId("8888888").build(),
            SecretHasher.hashChosen(new Secret("other-secret")));
    apps.save(other);
    digests.clear();

    assertThrows(OAuthException.class, () -> authenticateCounted("8888888", SHORT_SECRET));

    assertEquals(List.of(PBKDF2 + ": 16 + 10"), digests);
  }

  @Test
  void authenticateWhenUnknownIdPresentsTheStandInsOwnSecretThenInvalidClient() {
    OAuthException e =
        assertThrows(
            OAuthException.class,
            () ->
                authenticator.authenticate(
                    new ClientCredentials("7654321", new Secret("unknown-client-timing-equalizer")),
                    ADDRESS));

    assertEquals(OAuthError.INVALID_CLIENT, e.error());
  }
}
