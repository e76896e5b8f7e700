package org.pinoauth.admin;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.pinoauth.audit.AuditLog;
import org.pinoauth.client.App;
import org.pinoauth.client.AppJson;
import org.pinoauth.client.AppRegistration;
import org.pinoauth.client.Secret;
import org.pinoauth.client.SecretHasher;
import org.pinoauth.client.TokenEndpointAuthMethod;
import org.pinoauth.config.Config;
import org.pinoauth.error.OAuthError;
import org.pinoauth.error.OAuthException;
import org.pinoauth.http.BaseUrl;
import org.pinoauth.http.Collaborators;
import org.pinoauth.http.Json;
import org.pinoauth.http.NoStore;
import org.pinoauth.http.RequestBody;
import org.pinoauth.scope.ScopeCatalog;
import org.pinoauth.store.AppStore;
import org.pinoauth.store.Grant;
import org.pinoauth.store.GrantStore;
import org.pinoauth.token.TokenMinter;

/**
 * The admin API for apps (CONTRACT §6). It is guarded by {@link AdminAuthFilter}, mapped to {@code
 * /admin/*} in {@code web.xml}: HTTP Basic against the container's realm, role {@code
 * pinoauth-admin}. A filter and not a {@code security-constraint}, because Jetty's constraint
 * answered a malformed Basic header with a 500 and every refusal must be pinoauth's JSON. JSON in
 * and out; a bad field answers 400 naming it. Client ids and secrets come from the application's
 * {@link TokenMinter}. Every change is written to the audit log, with the operator who made it.
 *
 * <pre>
 * POST   /admin/apps              create; 201 with client_id and client_secret (shown only here;
 *                                 a public app, token_endpoint_auth_method none, has no secret)
 * GET    /admin/apps              list
 * GET    /admin/apps/{id}         one app, never its secret
 * PATCH  /admin/apps/{id}         change the fields sent
 * DELETE /admin/apps/{id}         delete, with every token and code issued to it
 * POST   /admin/apps/{id}/secret  a new secret, shown once; the old one stops working at once
 *                                 (400 for a public app)
 * GET    /admin/apps/{id}/grants  the people who authorized it, paged
 * </pre>
 *
 * <p>{@code GET /admin/apps} is paged ({@link Paging}) only when it is sent {@code limit} or {@code
 * cursor}; without them it answers the whole list, as it always did.
 */
public final class AppsServlet extends HttpServlet {
  private static final int MAX_BODY_BYTES = 64 * 1024;
  private static final int CREATE_ATTEMPTS = 5;
  private static final String APPS = "apps";
  private static final String APP_GRANTS = "app-grants";

  private AppStore apps;
  private ScopeCatalog catalog;
  private TokenMinter minter;
  private Clock clock;
  private AuditLog audit;
  private GrantStore grants;
  private Optional<String> issuer;

  @Override
  public void init() {
    grants = Collaborators.get(getServletContext(), GrantStore.class);
    issuer = Collaborators.get(getServletContext(), Config.class).issuer();
    apps = Collaborators.get(getServletContext(), AppStore.class);
    catalog = Collaborators.get(getServletContext(), Config.class).scopes();
    minter = Collaborators.get(getServletContext(), TokenMinter.class);
    clock = Collaborators.get(getServletContext(), Clock.class);
    audit = Collaborators.get(getServletContext(), AuditLog.class);
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws ServletException, IOException {
    String[] path = path(request);
    String method = request.getMethod();
    if (path.length == 0) {
      switch (method) {
        case "GET" -> list(request, response);
        case "POST" -> create(request, response);
        default -> throw notAllowed("GET, POST");
      }
    } else if (path.length == 1) {
      switch (method) {
        case "GET" -> Json.write(response, 200, AppView.of(existing(path[0])));
        case "PATCH" -> update(request, response, existing(path[0]));
        case "DELETE" -> delete(request, response, path[0]);
        default -> throw notAllowed("GET, PATCH, DELETE");
      }
    } else if (path.length == 2 && path[1].equals("grants")) {
      if (!method.equals("GET")) {
        throw notAllowed("GET");
      }
      listGrants(request, response, existing(path[0]));
    } else if (path.length == 2 && path[1].equals("secret")) {
      if (!method.equals("POST")) {
        throw notAllowed("POST");
      }
      rotateSecret(request, response, existing(path[0]));
    } else {
      throw OAuthError.NOT_FOUND.exception();
    }
  }

  private void list(HttpServletRequest request, HttpServletResponse response) throws IOException {
    String[] limits = request.getParameterValues("limit");
    String[] cursors = request.getParameterValues("cursor");
    if (limits == null && cursors == null) {
      Json.write(response, 200, apps.list().stream().map(AppView::of).toList());
      return;
    }
    Paging paging = Paging.parse(APPS, limits, cursors);
    PageWriter.write(
        response,
        apps.page(paging.after(), paging.limit() + 1),
        paging,
        APPS,
        BaseUrl.of(request, issuer) + "/admin/apps",
        App::clientId,
        AppView::of);
  }

  private void listGrants(HttpServletRequest request, HttpServletResponse response, App app)
      throws IOException {
    Paging paging =
        Paging.parse(
            APP_GRANTS, request.getParameterValues("limit"), request.getParameterValues("cursor"));
    PageWriter.write(
        response,
        grants.ofApp(app.clientId(), paging.after(), paging.limit() + 1),
        paging,
        APP_GRANTS,
        BaseUrl.of(request, issuer)
            + "/admin/apps/"
            + UserGrantsServlet.segment(app.clientId())
            + "/grants",
        Grant::username,
        GrantView::of);
  }

  private void create(HttpServletRequest request, HttpServletResponse response) throws IOException {
    AppRegistration registration = readRegistration(request);
    if (registration.clientId() != null || registration.clientSecret() != null) {
      throw OAuthError.INVALID_REQUEST
          .exception("client_id and client_secret are assigned by the server.")
          .withField(registration.clientId() != null ? "client_id" : "client_secret");
    }
    boolean publicApp = authMethod(registration).isPublic();
    // A public app has no secret at all: nothing to show, nothing stored to check.
    String secret = publicApp ? null : newSecret();
    String hash = publicApp ? "" : SecretHasher.hash(new Secret(secret));
    for (int attempt = 0; attempt < CREATE_ATTEMPTS; attempt++) {
      App app = toApp(registration, newClientId(), hash, clock.instant());
      if (apps.create(app)) {
        audit.appCreated(
            request.getRemoteAddr(),
            request.getRemoteUser(),
            app.clientId(),
            fieldsSent(registration));
        response.setHeader("Location", request.getContextPath() + "/admin/apps/" + app.clientId());
        Json.write(response, HttpServletResponse.SC_CREATED, AppView.withSecret(app, secret));
        return;
      }
    }
    throw new IllegalStateException("No free client id after " + CREATE_ATTEMPTS + " tries");
  }

  private void update(HttpServletRequest request, HttpServletResponse response, App current)
      throws IOException {
    AppRegistration patch = readRegistration(request);
    if (patch.clientId() != null || patch.clientSecret() != null) {
      throw OAuthError.INVALID_REQUEST
          .exception("client_id cannot change; rotate the secret at /secret.")
          .withField(patch.clientId() != null ? "client_id" : "client_secret");
    }
    if (patch.tokenEndpointAuthMethod() != null) {
      // A secret would have to appear or vanish with it; register a new app instead.
      throw OAuthError.INVALID_REQUEST
          .exception("token_endpoint_auth_method cannot change; register a new app.")
          .withField("token_endpoint_auth_method");
    }
    AppRegistration merged =
        new AppRegistration(
            null,
            null,
            patch.name() != null ? patch.name() : current.name(),
            patch.redirectUris() != null ? patch.redirectUris() : current.redirectUris(),
            patch.scopes() != null ? patch.scopes() : current.scopes().names().stream().toList(),
            patch.grantTypes() != null ? patch.grantTypes() : AppView.of(current).grantTypes(),
            patch.refreshMode() != null ? patch.refreshMode() : current.refreshMode().wireName(),
            patch.owner() != null ? patch.owner() : current.owner(),
            patch.allowPlainPkce() != null ? patch.allowPlainPkce() : current.allowPlainPkce(),
            current.authMethod().wireName(),
            patch.allowedOrigins() != null ? patch.allowedOrigins() : current.allowedOrigins());
    App updated = toApp(merged, current.clientId(), current.secretHash(), current.createdAt());
    if (!apps.update(updated)) {
      throw OAuthError.NOT_FOUND.exception("No app has that client_id.");
    }
    audit.appUpdated(
        request.getRemoteAddr(), request.getRemoteUser(), updated.clientId(), fieldsSent(patch));
    Json.write(response, 200, AppView.of(updated));
  }

  private void delete(HttpServletRequest request, HttpServletResponse response, String clientId) {
    if (!apps.delete(clientId)) {
      throw OAuthError.NOT_FOUND.exception("No app has that client_id.");
    }
    audit.appDeleted(request.getRemoteAddr(), request.getRemoteUser(), clientId);
    response.setStatus(HttpServletResponse.SC_NO_CONTENT);
    NoStore.set(response);
  }

  private void rotateSecret(HttpServletRequest request, HttpServletResponse response, App app)
      throws IOException {
    if (app.isPublic()) {
      throw OAuthError.INVALID_REQUEST
          .exception("A public app (token_endpoint_auth_method none) has no secret.")
          .withField("token_endpoint_auth_method");
    }
    String secret = newSecret();
    if (!apps.replaceSecret(app.clientId(), SecretHasher.hash(new Secret(secret)))) {
      throw OAuthError.NOT_FOUND.exception("No app has that client_id.");
    }
    audit.secretRotated(request.getRemoteAddr(), request.getRemoteUser(), app.clientId());
    Json.write(response, 200, AppView.withSecret(app, secret));
  }

  private App existing(String clientId) {
    return apps.find(clientId)
        .orElseThrow(() -> OAuthError.NOT_FOUND.exception("No app has that client_id."));
  }

  private App toApp(
      AppRegistration registration, String clientId, String secretHash, Instant createdAt) {
    try {
      return registration.toApp(clientId, secretHash, catalog, createdAt);
    } catch (AppRegistration.InvalidFieldException e) {
      throw OAuthError.INVALID_REQUEST.exception(e.getMessage()).withField(e.field());
    }
  }

  private static TokenEndpointAuthMethod authMethod(AppRegistration registration) {
    try {
      return registration.authMethod();
    } catch (AppRegistration.InvalidFieldException e) {
      throw OAuthError.INVALID_REQUEST.exception(e.getMessage()).withField(e.field());
    }
  }

  private static AppRegistration readRegistration(HttpServletRequest request) throws IOException {
    String type = request.getHeader("Content-Type");
    if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
      throw OAuthError.UNSUPPORTED_MEDIA_TYPE.exception("The body must be application/json.");
    }
    byte[] body = RequestBody.read(request, MAX_BODY_BYTES);
    try {
      return AppJson.readObject(body);
    } catch (AppRegistration.InvalidFieldException e) {
      OAuthException invalid = OAuthError.INVALID_REQUEST.exception(e.getMessage());
      return throwWithField(invalid, e.field());
    }
  }

  private static AppRegistration throwWithField(OAuthException invalid, String field) {
    throw field.equals("body") ? invalid : invalid.withField(field);
  }

  /** The names of the fields a request's JSON set, for the audit log (never their values). */
  private static List<String> fieldsSent(AppRegistration registration) {
    List<String> fields = new ArrayList<>();
    addIf(fields, registration.name() != null, "name");
    addIf(fields, registration.redirectUris() != null, "redirect_uris");
    addIf(fields, registration.scopes() != null, "scopes");
    addIf(fields, registration.grantTypes() != null, "grant_types");
    addIf(fields, registration.refreshMode() != null, "refresh_mode");
    addIf(fields, registration.owner() != null, "owner");
    addIf(fields, registration.allowPlainPkce() != null, "allow_plain_pkce");
    addIf(fields, registration.tokenEndpointAuthMethod() != null, "token_endpoint_auth_method");
    addIf(fields, registration.allowedOrigins() != null, "allowed_origins");
    return fields;
  }

  private static void addIf(List<String> fields, boolean sent, String name) {
    if (sent) {
      fields.add(name);
    }
  }

  private static String[] path(HttpServletRequest request) {
    String info = request.getPathInfo();
    if (info == null || info.equals("/")) {
      return new String[0];
    }
    String trimmed = info.startsWith("/") ? info.substring(1) : info;
    return trimmed.endsWith("/")
        ? trimmed.substring(0, trimmed.length() - 1).split("/", -1)
        : trimmed.split("/", -1);
  }

  private static OAuthException notAllowed(String allow) {
    return OAuthError.METHOD_NOT_ALLOWED
        .exception("This address answers " + allow + ".")
        .withHeader("Allow", allow);
  }

  /** A numeric id like Pinterest's app ids: ten digits, not starting with zero. */
  private String newClientId() {
    return Long.toString(1_000_000_000L + minter.number(9_000_000_000L));
  }

  private String newSecret() {
    return minter.mint("");
  }
}
