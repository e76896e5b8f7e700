package org.pinoauth.scope;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.pinoauth.error.OAuthError;

/**
 * The scopes this server knows, each with the words the consent page shows. The default is
 * Pinterest's v5 catalog (descriptions from its OpenAPI description); the {@code scopes} setting
 * replaces it with the operator's own list.
 */
public final class ScopeCatalog {
  /**
   * What a scope name looks like ({@code boards:read}): only such a name is quoted back in an
   * error, which also goes to the access log. Anything else (a token or a secret sent as a scope by
   * mistake) is not repeated.
   */
  private static final Pattern SCOPE_SHAPE = Pattern.compile("[a-z_]{1,32}:[a-z_]{1,32}");

  private static final Map<String, String> PINTEREST_V5 = pinterestV5();

  private final Map<String, String> descriptions;

  private ScopeCatalog(Map<String, String> descriptions) {
    this.descriptions = Collections.unmodifiableMap(descriptions);
  }

  public static ScopeCatalog pinterest() {
    return new ScopeCatalog(PINTEREST_V5);
  }

  /**
   * A catalog of the listed names; a name Pinterest knows keeps Pinterest's description, another
   * one is described by its own name.
   */
  public static ScopeCatalog of(Scopes names) {
    Map<String, String> descriptions = new LinkedHashMap<>();
    for (String name : names.names()) {
      descriptions.put(name, PINTEREST_V5.getOrDefault(name, name));
    }
    return new ScopeCatalog(descriptions);
  }

  public Scopes all() {
    return Scopes.of(descriptions.keySet());
  }

  public boolean knows(String scope) {
    return descriptions.containsKey(scope);
  }

  public Optional<String> describe(String scope) {
    return Optional.ofNullable(descriptions.get(scope));
  }

  /**
   * Checks that every scope is known.
   *
   * @throws org.pinoauth.error.OAuthException {@code invalid_scope} naming the first unknown one
   */
  public void requireKnown(Scopes scopes) {
    for (String scope : scopes.names()) {
      if (!knows(scope)) {
        throw OAuthError.INVALID_SCOPE.exception(
            looksLikeAScope(scope)
                ? "The scope '" + scope + "' is not a scope this server knows."
                : "A scope in the list is not a scope this server knows.");
      }
    }
  }

  /** Whether an unknown name may be quoted back in an error: only one shaped like a scope. */
  public static boolean looksLikeAScope(String name) {
    return SCOPE_SHAPE.matcher(name).matches();
  }

  private static Map<String, String> pinterestV5() {
    Map<String, String> scopes = new LinkedHashMap<>();
    scopes.put(
        "ads:read", "See all of your advertising data, including ads, ad groups, campaigns etc.");
    scopes.put("ads:write", "Create, update, or delete ads, ad groups, campaigns etc.");
    scopes.put("billing:read", "See all of your billing data, billing profile, etc.");
    scopes.put("billing:write", "Create, update, or delete billing data, billing profiles, etc.");
    scopes.put("biz_access:read", "See business access data");
    scopes.put("biz_access:write", "Create, update, or delete business access data");
    scopes.put("boards:read", "See your public boards, including group boards you join");
    scopes.put("boards:read_secret", "See your secret boards");
    scopes.put("boards:write", "Create, update, or delete your public boards");
    scopes.put("boards:write_secret", "Create, update, or delete your secret boards");
    scopes.put("catalogs:read", "See all of your catalogs data");
    scopes.put("catalogs:write", "Create, update, or delete your catalogs data");
    scopes.put("pins:read", "See your public Pins");
    scopes.put("pins:read_secret", "See your secret Pins");
    scopes.put("pins:write", "Create, update, or delete your public Pins");
    scopes.put("pins:write_secret", "Create, update, or delete your secret Pins");
    scopes.put("user_accounts:read", "See your user accounts and followers");
    scopes.put("user_accounts:write", "Update your user accounts and followers");
    return Collections.unmodifiableMap(scopes);
  }
}
