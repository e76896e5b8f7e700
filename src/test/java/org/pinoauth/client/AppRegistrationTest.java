package org.pinoauth.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pinoauth.scope.ScopeCatalog;
import org.pinoauth.scope.Scopes;

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
    List<String> allowedOrigins;

    Registration redirectUris(String... values) {
      redirectUris = List.of(values);
      return this;
    }

    AppRegistration build() {
      return new AppRegistration(
          null,
          null,
          name,
          redirectUris,
          scopes,
          grantTypes,
          refreshMode,
          owner,
          allowPlainPkce,
          null,
          allowedOrigins);
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
        "javascript:alert(1)",
        "https:/callback",
        "https:///callback",
        "https://app.example.com:port/callback",
        "https://[::ffff:99999999999.0.0.1]/callback",
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
  void toAppWhenRedirectUriRelativeThenMessageSaysAbsolute() {
    AppRegistration.InvalidFieldException e =
        assertInvalidField("redirect_uris", new Registration().redirectUris("//app.example/cb"));

    assertTrue(e.getMessage().contains("must be absolute"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"javascript:alert(1)", "https:/callback"})
  void toAppWhenRedirectUriHasNoAuthorityThenMessageSaysHost(String uri) {
    AppRegistration.InvalidFieldException e =
        assertInvalidField("redirect_uris", new Registration().redirectUris(uri));

    assertTrue(e.getMessage().contains("must have a host"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://ops:s3cret@app.example.com/callback",
        "https://app.example.com@evil.example/callback",
        "https://ops:s3cret@my_host.example/callback",
        "http://ops:s3cret@localhost:8085/",
        "https://@app.example.com/callback"
      })
  void toAppWhenRedirectUriHasUserInfoThenRejectedWithoutShowingIt(String uri) {
    AppRegistration.InvalidFieldException e =
        assertInvalidField("redirect_uris", new Registration().redirectUris(uri));

    assertTrue(e.getMessage().contains("must not contain user information"), e.getMessage());
    assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
    assertFalse(e.getMessage().contains("app.example.com@"), e.getMessage());
  }

  @Test
  void toAppWhenPasswordInRedirectUriHoldsASlashThenNoPartOfItShown() {
    AppRegistration.InvalidFieldException e =
        assertInvalidField(
            "redirect_uris", new Registration().redirectUris("https://ops:s3c/ret@app.example/cb"));

    assertFalse(e.getMessage().contains("s3c"), e.getMessage());
    assertFalse(e.getMessage().contains("ret@"), e.getMessage());
  }

  @Test
  void toAppWhenRedirectUriListedTwiceThenRedirectUrisRejected() {
    AppRegistration.InvalidFieldException e =
        assertInvalidField(
            "redirect_uris",
            new Registration()
                .redirectUris("https://app.example.com/cb", "https://app.example.com/cb"));

    assertTrue(e.getMessage().contains("listed twice"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://my_app.example.com/callback",
        "https://-app.example.com/callback",
        "http://local_host:8085/"
      })
  void toAppWhenRedirectUriHostIsNotAHostNameThenMessageNamesTheHost(String uri) {
    AppRegistration.InvalidFieldException e =
        assertInvalidField("redirect_uris", new Registration().redirectUris(uri));

    assertTrue(e.getMessage().contains("the host must be a name"), e.getMessage());
    assertFalse(e.getMessage().contains("absolute"), e.getMessage());
  }

  @Test
  void toAppWhenDefaultGrantsAndNoRedirectUrisThenRedirectUrisRejected() {
    Registration registration = new Registration();
    registration.redirectUris = null;

    AppRegistration.InvalidFieldException e = assertInvalidField("redirect_uris", registration);
    assertTrue(e.getMessage().contains("authorization_code"), e.getMessage());
  }

  @Test
  void toAppWhenAuthorizationCodeAndEmptyRedirectUrisThenRedirectUrisRejected() {
    Registration registration = new Registration().redirectUris();
    registration.grantTypes = List.of("authorization_code");

    assertInvalidField("redirect_uris", registration);
  }

  @Test
  void toAppWhenOnlyClientCredentialsAndNoRedirectUrisThenKept() {
    Registration registration = new Registration().redirectUris();
    registration.grantTypes = List.of("client_credentials");
    registration.owner = "pinner";

    App app = registration.toApp();

    assertEquals(List.of(), app.redirectUris());
    assertEquals(Set.of(GrantType.CLIENT_CREDENTIALS), app.grantTypes());
  }

  @ParameterizedTest
  @ValueSource(strings = {"src/dev/bootstrap.json", "bench/bootstrap.json"})
  void toAppWhenBootstrapFileOfThisRepositoryThenEveryAppValid(String file) throws IOException {
    List<AppRegistration> apps;
    try (InputStream in = Files.newInputStream(Path.of(file))) {
      apps = AppJson.readArray(in);
    }

    assertFalse(apps.isEmpty());
    for (AppRegistration registration : apps) {
      App app =
          registration.toApp(registration.clientId(), "sha256:salt:hash", CATALOG, CREATED_AT);
      assertTrue(app.allows(GrantType.AUTHORIZATION_CODE), app.clientId());
      assertFalse(app.redirectUris().isEmpty(), app.clientId());
    }
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
  void toAppWhenAllowedOriginsThenStoredInCanonicalSpelling() {
    Registration registration = new Registration();
    registration.allowedOrigins = List.of("HTTPS://App.Example.com:443", "http://localhost:3000");

    assertEquals(
        List.of("https://app.example.com", "http://localhost:3000"),
        registration.toApp().allowedOrigins());
  }

  @Test
  void toAppWhenNoAllowedOriginsThenNone() {
    assertEquals(List.of(), new Registration().toApp().allowedOrigins());
  }

  @Test
  void toAppWhenAllowedOriginHasAPathThenAllowedOriginsRejected() {
    Registration registration = new Registration();
    registration.allowedOrigins = List.of("https://app.example.com/");

    AppRegistration.InvalidFieldException e = assertInvalidField("allowed_origins", registration);
    assertTrue(e.getMessage().contains("'https://app.example.com/'"), e.getMessage());
  }

  @Test
  void toAppWhenAllowedOriginHttpOnAPublicHostThenAllowedOriginsRejected() {
    Registration registration = new Registration();
    registration.allowedOrigins = List.of("http://example.com");

    assertInvalidField("allowed_origins", registration);
  }

  @Test
  void toAppWhenOneOriginListedInTwoSpellingsThenAllowedOriginsRejected() {
    Registration registration = new Registration();
    registration.allowedOrigins = List.of("https://app.example.com", "https://APP.example.com:443");

    assertInvalidField("allowed_origins", registration);
  }

  @Test
  void toAppWhenAllowedOriginHasUserInformationThenPasswordNotQuotedBack() {
    Registration registration = new Registration();
    registration.allowedOrigins = List.of("https://user:s3cret@app.example.com");

    AppRegistration.InvalidFieldException e = assertInvalidField("allowed_origins", registration);
    assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
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
            null,
            null,
            null);

    assertFalse(registration.toString().contains("dev-secret"), registration.toString());
  }
}
