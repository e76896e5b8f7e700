package org.pinoauth.admin;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.util.List;
import org.pinoauth.client.App;
import org.pinoauth.client.GrantType;

/**
 * An app as the admin API shows it (CONTRACT §6). {@code clientSecret} is present only in the
 * answers that create one (a new app, a rotated secret); it is never stored or shown again. A
 * public app ({@code token_endpoint_auth_method} {@code none}) has none to show.
 */
@JsonbPropertyOrder({
  "clientId",
  "clientSecret",
  "name",
  "redirectUris",
  "scopes",
  "grantTypes",
  "refreshMode",
  "owner",
  "allowPlainPkce",
  "tokenEndpointAuthMethod",
  "allowedOrigins"
})
public record AppView(
    String clientId,
    String clientSecret,
    String name,
    List<String> redirectUris,
    List<String> scopes,
    List<String> grantTypes,
    String refreshMode,
    String owner,
    boolean allowPlainPkce,
    String tokenEndpointAuthMethod,
    List<String> allowedOrigins) {

  static AppView of(App app) {
    return withSecret(app, null);
  }

  static AppView withSecret(App app, String secret) {
    return new AppView(
        app.clientId(),
        secret,
        app.name(),
        app.redirectUris().stream().sorted().toList(),
        List.copyOf(app.scopes().names()),
        app.grantTypes().stream().sorted().map(GrantType::wireName).toList(),
        app.refreshMode().wireName(),
        app.owner(),
        app.allowPlainPkce(),
        app.authMethod().wireName(),
        app.allowedOrigins().stream().sorted().toList());
  }

  @Override
  public String toString() {
    return "AppView[" + clientId + "]";
  }
}
