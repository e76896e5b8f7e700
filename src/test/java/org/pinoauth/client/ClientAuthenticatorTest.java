package org.pinoauth.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pinoauth.error.OAuthError;
import org.pinoauth.error.OAuthException;
import org.pinoauth.store.AppStore;
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
    public boolean create(App app) {
      return apps.putIfAbsent(app.clientId(), app) == null;
    }

    @Override
    public boolean replaceSecret(String clientId, String secretHash) {
      throw new UnsupportedOperationException("not used by the authenticator");
    }

    @Override
    public boolean delete(String clientId) {
      return apps.remove(clientId) != null;
    }
  }

  private final FakeAppStore apps = new FakeAppStore();
  private final ClientAuthenticator authenticator = new ClientAuthenticator(apps);
  private final App app = TestApps.app().clientId("1234567").secret("a:b%c+d/e").build();

  @BeforeEach
  void registerApp() {
    apps.save(app);
  }

  @Test
  void authenticateWhenRightSecretThenApp() {
    App authenticated =
        authenticator.authenticate(new ClientCredentials("1234567", new Secret("a:b%c+d/e")));

    assertEquals(app, authenticated);
  }

  @Test
  void authenticateWhenWrongSecretThenInvalidClient() {
    OAuthException e =
        assertThrows(
            OAuthException.class,
            () -> authenticator.authenticate(new ClientCredentials("1234567", new Secret("x"))));

    assertEquals(OAuthError.INVALID_CLIENT, e.error());
  }

  @Test
  void authenticateWhenUnknownIdThenInvalidClient() {
    OAuthException e =
        assertThrows(
            OAuthException.class,
            () ->
                authenticator.authenticate(
                    new ClientCredentials("7654321", new Secret("a:b%c+d/e"))));

    assertEquals(OAuthError.INVALID_CLIENT, e.error());
  }

  @Test
  void authenticateWhenUnknownIdOrWrongSecretThenSameMessage() {
    OAuthException unknown =
        assertThrows(
            OAuthException.class,
            () -> authenticator.authenticate(new ClientCredentials("nope", new Secret("x"))));
    OAuthException wrongSecret =
        assertThrows(
            OAuthException.class,
            () -> authenticator.authenticate(new ClientCredentials("1234567", new Secret("x"))));

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
                    new ClientCredentials("1234567", new Secret("guessed-secret"))));

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
                    new ClientCredentials("1234567", new Secret("other-secret"))));

    assertEquals(OAuthError.INVALID_CLIENT, e.error());
  }
}
