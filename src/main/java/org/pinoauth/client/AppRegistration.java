package org.pinoauth.client;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.pinoauth.scope.ScopeCatalog;
import org.pinoauth.scope.Scopes;

/**
 * An app as an operator describes it: the JSON of the admin API's {@code POST /admin/apps} and of
 * each entry of the {@code bootstrap} file (CONTRACT §6, §7), which adds a fixed {@code client_id}
 * and {@code client_secret}. {@link #toApp} validates every field and names the first bad one.
 */
public record AppRegistration(
    String clientId,
    String clientSecret,
    String name,
    List<String> redirectUris,
    List<String> scopes,
    List<String> grantTypes,
    String refreshMode,
    String owner,
    Boolean allowPlainPkce,
    String tokenEndpointAuthMethod,
    List<String> allowedOrigins) {

  /** A registration that leaves {@code token_endpoint_auth_method} and the origins unset. */
  public AppRegistration(
      String clientId,
      String clientSecret,
      String name,
      List<String> redirectUris,
      List<String> scopes,
      List<String> grantTypes,
      String refreshMode,
      String owner,
      Boolean allowPlainPkce) {
    this(
        clientId,
        clientSecret,
        name,
        redirectUris,
        scopes,
        grantTypes,
        refreshMode,
        owner,
        allowPlainPkce,
        null,
        null);
  }

  /** A rejected field, named so the operator can fix it. */
  public static final class InvalidFieldException extends IllegalArgumentException {
    private final String field;

    public InvalidFieldException(String field, String message) {
      super(field + ": " + message);
      this.field = field;
    }

    public String field() {
      return field;
    }
  }

  /** Never prints the secret; records print their fields by default. */
  @Override
  public String toString() {
    return "AppRegistration[clientId=" + clientId + ", name=" + name + "]";
  }

  /**
   * The app this registration describes, with the given id and secret hash, registered at {@code
   * createdAt} (an existing app keeps its own when saved).
   *
   * @throws InvalidFieldException naming the first field that is missing or invalid
   */
  public App toApp(String id, String secretHash, ScopeCatalog catalog, Instant createdAt) {
    if (name == null || name.isBlank() || name.length() > 200) {
      throw new InvalidFieldException("name", "required, at most 200 characters");
    }
    TokenEndpointAuthMethod authMethod = authMethod();
    List<String> uris = redirectUris == null ? List.of() : redirectUris;
    Set<String> seen = new HashSet<>();
    for (String uri : uris) {
      validateRedirectUri(uri, authMethod.isPublic());
      if (!seen.add(uri)) {
        throw new InvalidFieldException("redirect_uris", "listed twice: " + shown(uri));
      }
    }
    if (scopes == null || scopes.isEmpty()) {
      throw new InvalidFieldException("scopes", "required: the scopes the app may request");
    }
    Scopes appScopes = Scopes.of(scopes);
    for (String scope : appScopes.names()) {
      if (!catalog.knows(scope)) {
        throw new InvalidFieldException(
            "scopes",
            ScopeCatalog.looksLikeAScope(scope)
                ? "unknown scope " + quoted(scope)
                : "a name that is not a scope (a scope looks like boards:read)");
      }
    }
    Set<GrantType> grants = validGrantTypes();
    if (grants.contains(GrantType.AUTHORIZATION_CODE) && uris.isEmpty()) {
      // /oauth/ only redirects to a registered URI, so such an app could never get a code.
      throw new InvalidFieldException(
          "redirect_uris", "at least one is required with the authorization_code grant");
    }
    RefreshMode mode =
        refreshMode == null
            ? RefreshMode.CONTINUOUS
            : RefreshMode.fromWireName(refreshMode)
                .orElseThrow(
                    () -> new InvalidFieldException("refresh_mode", "continuous or legacy"));
    if (authMethod.isPublic()) {
      requireFitForPublicApp(grants, mode, Boolean.TRUE.equals(allowPlainPkce));
    }
    String appOwner = owner == null ? "" : owner.strip();
    if (grants.contains(GrantType.CLIENT_CREDENTIALS) && appOwner.isEmpty()) {
      throw new InvalidFieldException(
          "owner", "required with client_credentials: the account an app token acts for");
    }
    if (appOwner.length() > 200) {
      throw new InvalidFieldException("owner", "at most 200 characters");
    }
    return new App(
        id,
        name.strip(),
        secretHash,
        uris,
        appScopes,
        grants,
        mode,
        appOwner,
        Boolean.TRUE.equals(allowPlainPkce),
        createdAt,
        authMethod,
        validAllowedOrigins());
  }

  /** The registered method; absent means {@code client_secret_basic}, as every app was before. */
  public TokenEndpointAuthMethod authMethod() {
    if (tokenEndpointAuthMethod == null) {
      return TokenEndpointAuthMethod.CLIENT_SECRET_BASIC;
    }
    return TokenEndpointAuthMethod.fromWireName(tokenEndpointAuthMethod)
        .orElseThrow(
            () ->
                new InvalidFieldException(
                    "token_endpoint_auth_method",
                    "client_secret_basic, client_secret_post or none"));
  }

  /**
   * A public app cannot prove it is itself, so no grant may rest on that (RFC 6749 §4.4), a refresh
   * token it holds must rotate so that a stolen one shows itself (RFC 9700 §4.14.2), and only S256
   * PKCE binds its code to it (a plain challenge is readable where the code is).
   */
  private static void requireFitForPublicApp(
      Set<GrantType> grants, RefreshMode mode, boolean plainPkce) {
    if (grants.contains(GrantType.CLIENT_CREDENTIALS)) {
      throw new InvalidFieldException(
          "grant_types", "client_credentials needs a secret: not for a public app");
    }
    if (mode != RefreshMode.CONTINUOUS) {
      throw new InvalidFieldException(
          "refresh_mode", "a public app gets rotating refresh tokens: continuous only");
    }
    if (plainPkce) {
      throw new InvalidFieldException(
          "allow_plain_pkce", "a public app must use PKCE with S256: plain is not for it");
    }
  }

  /** Each in its canonical spelling; two spellings of one origin are a mistake, as for URIs. */
  private List<String> validAllowedOrigins() {
    if (allowedOrigins == null) {
      return List.of();
    }
    Set<String> origins = new LinkedHashSet<>();
    for (String origin : allowedOrigins) {
      String canonical;
      try {
        canonical = AllowedOrigin.normalize(origin);
      } catch (IllegalArgumentException e) {
        // user@ may hold a password: such a value is not quoted back.
        String shown = origin == null || origin.contains("@") ? "" : ": " + quoted(origin);
        throw new InvalidFieldException("allowed_origins", e.getMessage() + shown);
      }
      if (!origins.add(canonical)) {
        throw new InvalidFieldException("allowed_origins", "listed twice: " + quoted(canonical));
      }
    }
    return List.copyOf(origins);
  }

  private Set<GrantType> validGrantTypes() {
    if (grantTypes == null) {
      return EnumSet.of(GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN);
    }
    if (grantTypes.isEmpty()) {
      throw new InvalidFieldException("grant_types", "at least one grant type");
    }
    Set<GrantType> grants = EnumSet.noneOf(GrantType.class);
    for (String grant : grantTypes) {
      grants.add(
          GrantType.fromWireName(grant)
              .orElseThrow(
                  () ->
                      new InvalidFieldException(
                          "grant_types", "unknown grant type " + quoted(grant))));
    }
    return grants;
  }

  /** {@link #validateRedirectUri(String, boolean)} for a confidential app. */
  static void validateRedirectUri(String uri) {
    validateRedirectUri(uri, false);
  }

  /**
   * Absolute, no fragment (RFC 6749 §3.1.2), no user information, a host {@link URI} can read, and
   * {@code https} unless the host is loopback (RFC 8252 §7.3, RFC 9700 §2.6). A public app may also
   * register a private-use scheme in reverse-DNS form, {@code com.example.app:/callback} (RFC 8252
   * §7.1); a confidential app may not, since such a scheme proves nothing about who receives it.
   */
  static void validateRedirectUri(String uri, boolean publicApp) {
    if (uri == null || uri.isEmpty() || uri.length() > 2048) {
      throw new InvalidFieldException("redirect_uris", "each must be 1 to 2048 characters");
    }
    URI parsed;
    try {
      parsed = new URI(uri);
    } catch (URISyntaxException | IllegalArgumentException e) {
      // IllegalArgumentException: the JDK 17 parser throws NumberFormatException, undeclared, for
      // an over-long IPv4 part of an IPv6 literal, https://[::ffff:99999999999.0.0.1]/.
      throw new InvalidFieldException("redirect_uris", "not a valid URI: " + shown(uri));
    }
    if (!parsed.isAbsolute()) {
      throw new InvalidFieldException(
          "redirect_uris", "must be absolute, with a scheme and a host: " + shown(uri));
    }
    if (isPrivateUse(parsed.getScheme())) {
      validatePrivateUse(uri, parsed, publicApp);
      return;
    }
    if (parsed.getRawAuthority() == null) {
      throw new InvalidFieldException(
          "redirect_uris", "must have a host (scheme://host/...): " + shown(uri));
    }
    if (parsed.getRawAuthority().contains("@")) {
      // https://app.example@evil.example/ goes to evil.example (RFC 3986 §7.6).
      throw new InvalidFieldException(
          "redirect_uris", "must not contain user information (user:password@): " + shown(uri));
    }
    if (parsed.getHost() == null) {
      // URI reads an authority it cannot take as host[:port] as registry-based, without a host:
      // '_' or a leading '-' in a name, a port that is not a number. Refused rather than guessed
      // at, since the loopback rule below needs the host.
      throw new InvalidFieldException(
          "redirect_uris",
          "the host must be a name of letters, digits, '-' and '.' (no '_'), or an IP address,"
              + " and the port a number: "
              + shown(uri));
    }
    if (parsed.getRawFragment() != null) {
      throw new InvalidFieldException("redirect_uris", "must not have a fragment: " + shown(uri));
    }
    String scheme = parsed.getScheme().toLowerCase(Locale.ROOT);
    boolean loopback = isLoopback(parsed.getHost());
    if (!scheme.equals("https") && !(scheme.equals("http") && loopback)) {
      throw new InvalidFieldException(
          "redirect_uris", "must be https, or http on a loopback host: " + shown(uri));
    }
  }

  /** A scheme that is not a web one and has a dot: what a native app claims (RFC 8252 §7.1). */
  private static boolean isPrivateUse(String scheme) {
    String lower = scheme.toLowerCase(Locale.ROOT);
    return !lower.equals("http") && !lower.equals("https") && lower.contains(".");
  }

  private static void validatePrivateUse(String uri, URI parsed, boolean publicApp) {
    if (!publicApp) {
      throw new InvalidFieldException(
          "redirect_uris",
          "a private-use scheme is for public apps (token_endpoint_auth_method none) only: "
              + shown(uri));
    }
    if (!parsed.getScheme().matches("[a-z][a-z0-9-]*(\\.[a-z0-9-]+)+")) {
      throw new InvalidFieldException(
          "redirect_uris",
          "a private-use scheme must be a reverse domain name in lower case, like"
              + " com.example.app: "
              + shown(uri));
    }
    if (parsed.isOpaque()) {
      throw new InvalidFieldException(
          "redirect_uris",
          "a private-use redirect has a path after the scheme, like com.example.app:/callback: "
              + shown(uri));
    }
    if (parsed.getRawAuthority() != null && parsed.getRawAuthority().contains("@")) {
      throw new InvalidFieldException(
          "redirect_uris", "must not contain user information (user:password@): " + shown(uri));
    }
    if (parsed.getRawFragment() != null) {
      throw new InvalidFieldException("redirect_uris", "must not have a fragment: " + shown(uri));
    }
  }

  /**
   * A redirect URI quoted back in an error, with anything before an '@' in its authority masked: it
   * may be a password, and error messages reach the access log.
   */
  private static String shown(String uri) {
    int authority = uri.indexOf("//");
    if (authority < 0) {
      return quoted(uri);
    }
    int end = authority + 2;
    // Up to the query, not the path: in "https://user:pa/ss@host/" the password holds a slash.
    while (end < uri.length() && "?#".indexOf(uri.charAt(end)) < 0) {
      end++;
    }
    int at = uri.lastIndexOf('@', end - 1);
    return at < authority + 2
        ? quoted(uri)
        : quoted(uri.substring(0, authority + 2) + "***" + uri.substring(at));
  }

  private static boolean isLoopback(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    return h.equals("localhost") || h.equals("[::1]") || h.matches("127(\\.\\d{1,3}){3}");
  }

  /** A value quoted back in an error: at most 100 characters, markup and controls replaced. */
  private static String quoted(String value) {
    StringBuilder shown = new StringBuilder("'");
    for (int i = 0; i < value.length() && i < 100; i++) {
      char c = value.charAt(i);
      shown.append(c > 0x20 && c < 0x7f && "<>&\"'\\`".indexOf(c) < 0 ? c : '?');
    }
    return shown.append(value.length() > 100 ? "…'" : "'").toString();
  }
}
