package org.pinoauth.metadata;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.util.List;

/** The RFC 8414 §2 authorization server metadata document. */
@JsonbPropertyOrder({
  "issuer",
  "authorizationEndpoint",
  "tokenEndpoint",
  "revocationEndpoint",
  "introspectionEndpoint",
  "responseTypesSupported",
  "responseModesSupported",
  "grantTypesSupported",
  "scopesSupported",
  "tokenEndpointAuthMethodsSupported",
  "revocationEndpointAuthMethodsSupported",
  "introspectionEndpointAuthMethodsSupported",
  "codeChallengeMethodsSupported",
  "authorizationResponseIssParameterSupported"
})
public record ServerMetadata(
    String issuer,
    String authorizationEndpoint,
    String tokenEndpoint,
    String revocationEndpoint,
    String introspectionEndpoint,
    List<String> responseTypesSupported,
    List<String> responseModesSupported,
    List<String> grantTypesSupported,
    List<String> scopesSupported,
    List<String> tokenEndpointAuthMethodsSupported,
    List<String> revocationEndpointAuthMethodsSupported,
    List<String> introspectionEndpointAuthMethodsSupported,
    List<String> codeChallengeMethodsSupported,
    boolean authorizationResponseIssParameterSupported) {

  private static final List<String> CLIENT_AUTH =
      List.of("client_secret_basic", "client_secret_post");

  /** Where a public app may send its client_id alone (CONTRACT §9); not introspection. */
  private static final List<String> CLIENT_AUTH_OR_PUBLIC =
      List.of("client_secret_basic", "client_secret_post", "none");

  /**
   * The document for a server whose endpoints live under {@code issuer}; {@code issOnRedirects}
   * says whether its authorization responses carry {@code iss} (RFC 9207 §3).
   */
  public static ServerMetadata of(String issuer, List<String> scopes, boolean issOnRedirects) {
    return new ServerMetadata(
        issuer,
        issuer + "/oauth/",
        issuer + "/v5/oauth/token",
        issuer + "/v5/oauth/token/revoke",
        issuer + "/v5/oauth/introspect",
        List.of("code"),
        List.of("query"),
        List.of("authorization_code", "refresh_token", "client_credentials"),
        scopes,
        CLIENT_AUTH_OR_PUBLIC,
        CLIENT_AUTH_OR_PUBLIC,
        CLIENT_AUTH,
        List.of("S256", "plain"),
        issOnRedirects);
  }
}
