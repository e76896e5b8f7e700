package org.pinoauth.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.pinoauth.client.App;
import org.pinoauth.config.Config;
import org.pinoauth.config.Settings;
import org.pinoauth.http.Json;
import org.pinoauth.scope.Scopes;
import org.pinoauth.testing.TestApps;

class TokenResponseTest {
  private static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");
  private static final Config CONFIG =
      Config.from(new Settings(key -> null, Map.of(), key -> null));
  private final TokenFactory factory =
      new TokenFactory(
          new TokenMinter(),
          new AccessTokenSealer(new byte[32]),
          Clock.fixed(NOW, ZoneOffset.UTC),
          CONFIG);

  private static final App APP = TestApps.app().clientId("1234567").build();

  private IssuedTokens accessAndRefresh(String scope, boolean rotating) {
    Scopes scopes = Scopes.parse(scope);
    return new IssuedTokens(
        factory.access(7, APP, "pinner", scopes),
        factory.refresh("1234567", "pinner", scopes, rotating));
  }

  private IssuedTokens accessOnly(String username, String scope) {
    return IssuedTokens.of(
        factory.access(AccessToken.NO_FAMILY, APP, username, Scopes.parse(scope)));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> json(TokenResponse response) {
    return Json.fromJson(Json.toJson(response), Map.class);
  }

  @Test
  void ofWhenRefreshTokenIssuedThenEverySnakeCaseField() {
    IssuedTokens issued = accessAndRefresh("pins:read", true);

    Map<String, Object> body = json(TokenResponse.of(ResponseType.AUTHORIZATION_CODE, issued));

    assertEquals(
        Set.of(
            "access_token",
            "token_type",
            "expires_in",
            "scope",
            "response_type",
            "refresh_token",
            "refresh_token_expires_in",
            "refresh_token_expires_at"),
        body.keySet());
    assertEquals(issued.access().value(), body.get("access_token"));
    assertEquals("bearer", body.get("token_type"));
    assertEquals(new BigDecimal(2_592_000), body.get("expires_in"));
    assertEquals("pins:read", body.get("scope"));
    assertEquals("authorization_code", body.get("response_type"));
    assertEquals(issued.refresh().value(), body.get("refresh_token"));
    assertEquals(new BigDecimal(5_184_000), body.get("refresh_token_expires_in"));
    assertEquals(
        new BigDecimal(NOW.getEpochSecond() + 5_184_000), body.get("refresh_token_expires_at"));
  }

  @Test
  void ofWhenNoRefreshTokenThenNoRefreshFieldsAndNoNulls() {
    IssuedTokens issued = accessOnly("app-owner", "pins:read");

    String text = Json.toJson(TokenResponse.of(ResponseType.CLIENT_CREDENTIALS, issued));
    Map<String, Object> body = json(TokenResponse.of(ResponseType.CLIENT_CREDENTIALS, issued));

    assertEquals(
        Set.of("access_token", "token_type", "expires_in", "scope", "response_type"),
        body.keySet());
    assertEquals("client_credentials", body.get("response_type"));
    assertFalse(text.contains("null"), text);
  }

  @Test
  void ofWhenSeveralScopesThenSpaceSeparated() {
    IssuedTokens issued = accessOnly("pinner", "pins:read,boards:read");

    TokenResponse response = TokenResponse.of(ResponseType.REFRESH_TOKEN, issued);

    assertEquals("boards:read pins:read", response.scope());
    assertEquals("refresh_token", response.responseType());
    assertNull(response.refreshToken());
    assertNull(response.refreshTokenExpiresIn());
    assertNull(response.refreshTokenExpiresAt());
  }

  @Test
  void ofWhenLegacyRefreshTokenThenItsLifetime() {
    IssuedTokens issued = accessAndRefresh("pins:read", false);

    TokenResponse response = TokenResponse.of(ResponseType.AUTHORIZATION_CODE, issued);

    assertEquals(31_536_000L, response.refreshTokenExpiresIn());
    assertEquals(NOW.getEpochSecond() + 31_536_000L, response.refreshTokenExpiresAt());
  }

  @Test
  void toStringNeverShowsTokens() {
    IssuedTokens issued = accessAndRefresh("pins:read", true);

    String text = TokenResponse.of(ResponseType.AUTHORIZATION_CODE, issued).toString();

    assertFalse(text.contains(issued.access().value()), text);
    assertFalse(text.contains(issued.refresh().value()), text);
    assertTrue(text.contains("pins:read"), text);
  }
}
