package org.pinoauth.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pinoauth.scope.ScopeCatalog;

/** {@code token_endpoint_auth_method} in a registration, and what a public app may register. */
class PublicAppRegistrationTest {
  private static final ScopeCatalog CATALOG = ScopeCatalog.pinterest();

  private static AppRegistration registration(
      String method, List<String> uris, List<String> grants, String refreshMode, Boolean plain) {
    return new AppRegistration(
        null,
        null,
        "Native app",
        uris,
        List.of("boards:read"),
        grants,
        refreshMode,
        null,
        plain,
        method,
        null);
  }

  private static App publicApp(String... uris) {
    return registration("none", List.of(uris), null, null, null)
        .toApp("1234567", "", CATALOG, Instant.EPOCH);
  }

  private static void assertInvalidField(String field, AppRegistration registration) {
    AppRegistration.InvalidFieldException e =
        assertThrows(
            AppRegistration.InvalidFieldException.class,
            () -> registration.toApp("1234567", "", CATALOG, Instant.EPOCH));
    assertEquals(field, e.field(), e.getMessage());
  }

  @Test
  void toAppWhenMethodAbsentThenClientSecretBasic() {
    App app =
        registration(null, List.of("https://app.example/cb"), null, null, null)
            .toApp("1234567", "hash", CATALOG, Instant.EPOCH);

    assertEquals(TokenEndpointAuthMethod.CLIENT_SECRET_BASIC, app.authMethod());
    assertFalse(app.isPublic());
  }

  @ParameterizedTest
  @ValueSource(strings = {"client_secret_basic", "client_secret_post", "none"})
  void toAppWhenMethodKnownThenKept(String method) {
    App app =
        registration(method, List.of("https://app.example/cb"), null, null, null)
            .toApp("1234567", "", CATALOG, Instant.EPOCH);

    assertEquals(method, app.authMethod().wireName());
    assertEquals(method.equals("none"), app.isPublic());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "NONE", "private_key_jwt", "client_secret_jwt", "none "})
  void toAppWhenMethodUnknownThenTokenEndpointAuthMethodRejected(String method) {
    assertInvalidField(
        "token_endpoint_auth_method",
        registration(method, List.of("https://app.example/cb"), null, null, null));
  }

  @Test
  void toAppWhenPublicWithClientCredentialsThenGrantTypesRejected() {
    assertInvalidField(
        "grant_types",
        registration(
            "none",
            List.of("http://127.0.0.1/cb"),
            List.of("authorization_code", "client_credentials"),
            null,
            null));
  }

  @Test
  void toAppWhenPublicWithLegacyRefreshThenRefreshModeRejected() {
    assertInvalidField(
        "refresh_mode", registration("none", List.of("http://127.0.0.1/cb"), null, "legacy", null));
  }

  @Test
  void toAppWhenPublicWithPlainPkceThenAllowPlainPkceRejected() {
    assertInvalidField(
        "allow_plain_pkce", registration("none", List.of("http://127.0.0.1/cb"), null, null, true));
  }

  @Test
  void toAppWhenPublicWithDefaultsThenCodeAndRefreshContinuous() {
    App app = publicApp("http://127.0.0.1/cb");

    assertEquals(Set.of(GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN), app.grantTypes());
    assertEquals(RefreshMode.CONTINUOUS, app.refreshMode());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "com.example.app:/callback",
        "com.example.app:/oauth2redirect/example-provider",
        "io.github.some-one.app:/cb?x=1",
        "com.example.app://callback"
      })
  void toAppWhenPublicWithPrivateUseSchemeThenKept(String uri) {
    assertEquals(List.of(uri), publicApp(uri).redirectUris());
  }

  @ParameterizedTest
  @ValueSource(strings = {"com.example.app:/callback", "com.example.app://callback"})
  void toAppWhenConfidentialWithPrivateUseSchemeThenRedirectUrisRejected(String uri) {
    for (String method : new String[] {null, "client_secret_basic", "client_secret_post"}) {
      assertInvalidField("redirect_uris", registration(method, List.of(uri), null, null, null));
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "myapp:/callback", // not reverse DNS: no dot
        "Com.Example.App:/callback", // upper case would make exact matching case-sensitive
        "com.example.app:callback", // opaque, no path
        "com.example.app:/callback#frag",
        "com.example.app://user:pw@host/cb",
        "com..example:/cb",
        "com.example.:/cb",
        "javascript:alert(1)",
        "data:text/html,x",
        "com.example.app"
      })
  void toAppWhenPublicWithBadCustomSchemeThenRedirectUrisRejected(String uri) {
    assertInvalidField("redirect_uris", registration("none", List.of(uri), null, null, null));
  }

  @Test
  void toAppWhenPublicWithUserInfoInPrivateUseThenNotShown() {
    AppRegistration.InvalidFieldException e =
        assertThrows(
            AppRegistration.InvalidFieldException.class,
            () -> publicApp("com.example.app://user:s3cret@host/cb"));

    assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
  }

  @Test
  void toAppWhenPublicWithHttpsAndLoopbackThenKept() {
    App app = publicApp("http://127.0.0.1/cb", "http://[::1]/cb", "https://app.example/cb");

    assertEquals(3, app.redirectUris().size());
    assertTrue(app.acceptsRedirectUri("http://127.0.0.1:49152/cb"));
  }

  @Test
  void allowsWhenPublicAppRowHoldsClientCredentialsThenStillRefused() {
    // A row edited by hand past the registration rules still gets no app token.
    App app =
        new App(
            "1",
            "n",
            "",
            List.of(),
            CATALOG.all(),
            Set.of(GrantType.CLIENT_CREDENTIALS),
            RefreshMode.CONTINUOUS,
            "owner",
            false,
            Instant.EPOCH,
            TokenEndpointAuthMethod.NONE,
            List.of());

    assertFalse(app.allows(GrantType.CLIENT_CREDENTIALS));
  }
}
