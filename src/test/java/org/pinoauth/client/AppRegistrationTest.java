package org.pinoauth.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pinoauth.scope.ScopeCatalog;
import org.pinoauth.scope.Scopes;
import org.pinoauth.token.GrantType;

class AppRegistrationTest {
  private static final java.time.Instant CREATED_AT =
      java.time.Instant.parse("2026-01-01T00:00:00Z");

  private static final ScopeCatalog CATALOG = ScopeCatalog.pinterest();

  /** A valid registration; each test changes the one field it is about. */
  private static final class Registration {
    String name = "Demo app";
    List<String> redirectUris = new ArrayList<>(List.of("https://app.example.com/callback"));
    List<String> scopes = new ArrayList<>(List.of("boards:read", "pins:read"));
    List<String> grantTypes;
    String refreshMode;
    String owner;
    Boolean allowPlainPkce;

    Registration redirectUris(String... values) {
      redirectUris = List.of(values);
      return this;
    }

    AppRegistration build() {
      return new AppRegistration(
          null, null, name, redirectUris, scopes, grantTypes, refreshMode, owner, allowPlainPkce);
    }

    App toApp() {
      return build().toApp("1234567", "sha256:salt:hash", CATALOG, CREATED_AT);
    }
  }

  private static AppRegistration.InvalidFieldException assertInvalidField(
      String field, Registration registration) {
    AppRegistration.InvalidFieldException e =
        assertThrows(AppRegistration.InvalidFieldException.class, registration::toApp);
    assertEquals(field, e.field());
    assertTrue(e.getMessage().startsWith(field + ":"), e.getMessage());
    return e;
  }

  @Test
  void toAppWhenValidThenDefaults() {
    App app = new Registration().toApp();

    assertEquals("1234567", app.clientId());
    assertEquals("Demo app", app.name());
    assertEquals("sha256:salt:hash", app.secretHash());
    assertEquals(List.of("https://app.example.com/callback"), app.redirectUris());
    assertEquals(Scopes.parse("boards:read pins:read"), app.scopes());
    assertEquals(Set.of(GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN), app.grantTypes());
    assertEquals(RefreshMode.CONTINUOUS, app.refreshMode());
    assertFalse(app.allowPlainPkce());
  }

  @Test
  void toAppWhenEveryFieldSetThenKept() {
    Registration registration = new Registration();
    registration.grantTypes = List.of("client_credentials", "authorization_code");
    registration.refreshMode = "legacy";
    registration.owner = " pinner ";
    registration.allowPlainPkce = true;

    App app = registration.toApp();

    assertEquals(
        Set.of(GrantType.CLIENT_CREDENTIALS, GrantType.AUTHORIZATION_CODE), app.grantTypes());
    assertEquals(RefreshMode.LEGACY, app.refreshMode());
    assertEquals("pinner", app.owner());
    assertTrue(app.allowPlainPkce());
  }

  @Test
  void toAppWhenNameMissingThenNameRejected() {
    Registration registration = new Registration();
    registration.name = null;

    assertInvalidField("name", registration);
  }

  @Test
  void toAppWhenNameBlankThenNameRejected() {
    Registration registration = new Registration();
    registration.name = "   ";

    assertInvalidField("name", registration);
  }

  @Test
  void toAppWhenNameLongerThan200ThenNameRejected() {
    Registration registration = new Registration();
    registration.name = "n".repeat(201);

    assertInvalidField("name", registration);
  }

  @Test
  void toAppWhenRedirectUriLongerThan2048ThenRedirectUrisRejected() {
    String uri = "https://app.example.com/" + "a".repeat(2048);

    assertInvalidField("redirect_uris", new Registration().redirectUris(uri));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/callback",
        "callback",
        "//app.example.com/callback",
        "https://app.example.com/callback#frag",
        "https://app.example.com/callback#",
        "http://app.example.com/callback",
        "http://localhost.example.com/callback",
        "http://127.0.0.1.example.com/callback",
        "ftp://app.example.com/callback",
        "https://app.example.com/call back",
        ""
      })
  void toAppWhenRedirectUriInvalidThenRedirectUrisRejected(String uri) {
    assertInvalidField("redirect_uris", new Registration().redirectUris(uri));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://localhost/",
        "http://localhost:8085/",
        "http://127.0.0.1/",
        "http://127.0.0.1:9000/callback?x=1",
        "http://[::1]:8085/",
        "https://app.example.com/callback",
        "https://app.example.com:8443/cb?state=fixed"
      })
  void toAppWhenRedirectUriAllowedThenKept(String uri) {
    App app = new Registration().redirectUris(uri).toApp();

    assertEquals(List.of(uri), app.redirectUris());
  }

  @Test
  void toAppWhenSecondRedirectUriInvalidThenRedirectUrisRejected() {
    assertInvalidField(
        "redirect_uris",
        new Registration().redirectUris("https://app.example.com/ok", "http://evil.example/"));
  }

  @Test
  void toAppWhenScopeUnknownThenScopesRejected() {
    Registration registration = new Registration();
    registration.scopes = List.of("pins:read", "pins:delete");

    AppRegistration.InvalidFieldException e = assertInvalidField("scopes", registration);
    assertTrue(e.getMessage().contains("pins:delete"), e.getMessage());
  }

  @Test
  void toAppWhenScopesMissingThenScopesRejected() {
    Registration registration = new Registration();
    registration.scopes = null;

    assertInvalidField("scopes", registration);
  }

  @Test
  void toAppWhenGrantTypeUnknownThenGrantTypesRejected() {
    Registration registration = new Registration();
    registration.grantTypes = List.of("authorization_code", "password");

    AppRegistration.InvalidFieldException e = assertInvalidField("grant_types", registration);
    assertTrue(e.getMessage().contains("password"), e.getMessage());
  }

  @Test
  void toAppWhenGrantTypesEmptyThenGrantTypesRejected() {
    Registration registration = new Registration();
    registration.grantTypes = List.of();

    assertInvalidField("grant_types", registration);
  }

  @ParameterizedTest
  @ValueSource(strings = {"everlasting", "CONTINUOUS", ""})
  void toAppWhenRefreshModeUnknownThenRefreshModeRejected(String mode) {
    Registration registration = new Registration();
    registration.refreshMode = mode;

    assertInvalidField("refresh_mode", registration);
  }

  @Test
  void toAppWhenClientCredentialsWithoutOwnerThenOwnerRejected() {
    Registration registration = new Registration();
    registration.grantTypes = List.of("client_credentials");

    assertInvalidField("owner", registration);
  }

  @Test
  void toAppWhenClientCredentialsWithBlankOwnerThenOwnerRejected() {
    Registration registration = new Registration();
    registration.grantTypes = List.of("client_credentials");
    registration.owner = "  ";

    assertInvalidField("owner", registration);
  }

  @Test
  void toStringNeverShowsSecret() {
    AppRegistration registration =
        new AppRegistration(
            "1234567",
            "dev-secret",
            "Demo",
            List.of(),
            List.of("pins:read"),
            null,
            null,
            null,
            null);

    assertFalse(registration.toString().contains("dev-secret"), registration.toString());
  }
}
