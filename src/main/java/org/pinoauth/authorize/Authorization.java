package org.pinoauth.authorize;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.pinoauth.audit.AuditLog;
import org.pinoauth.client.App;
import org.pinoauth.crypto.TokenHasher;
import org.pinoauth.http.Form;
import org.pinoauth.http.RequestLog;
import org.pinoauth.scope.ScopeCatalog;
import org.pinoauth.store.AuthorizationCode;
import org.pinoauth.store.CodeStore;
import org.pinoauth.store.ConsentStore;
import org.pinoauth.token.TokenMinter;

/**
 * The authorization part of /oauth/ (CONTRACT §5, RFC 6749 §4.1): validates a request, shows a
 * signed-in user the consent page, and turns the user's decision into a code or {@code
 * access_denied} redirected to the app. Each method returns the {@link Outcome} to write.
 */
final class Authorization {
  private final AuthorizationRequest.Apps apps;
  private final ScopeCatalog catalog;
  private final CodeStore codes;
  private final ConsentStore consents;
  private final TokenMinter minter;
  private final Clock clock;
  private final Duration codeTtl;
  private final AuditLog audit;
  private final AuthorizationResponse responses;

  Authorization(
      AuthorizationRequest.Apps apps,
      ScopeCatalog catalog,
      CodeStore codes,
      ConsentStore consents,
      TokenMinter minter,
      Clock clock,
      Duration codeTtl,
      AuditLog audit,
      AuthorizationResponse responses) {
    this.apps = apps;
    this.catalog = catalog;
    this.codes = codes;
    this.consents = consents;
    this.minter = minter;
    this.clock = clock;
    this.codeTtl = codeTtl;
    this.audit = audit;
    this.responses = responses;
  }

  /**
   * The request {@code form} carries. The log line names the app as soon as the request names a
   * registered one, faults included (an unregistered redirect URI is the app's operator's to fix).
   *
   * @throws AuthorizationException when invalid; {@link #refused} says how to answer
   */
  AuthorizationRequest validate(Form form, HttpServletRequest request) {
    AuthorizationRequest.Apps logged =
        clientId -> {
          Optional<App> app = apps.find(clientId);
          app.ifPresent(found -> RequestLog.recordAppId(request, found.clientId()));
          return app;
        };
    return AuthorizationRequest.parse(form, logged, catalog);
  }

  /**
   * A refused request: an error page while the app or its redirect URI is not trusted (no open
   * redirector), else the error redirected to the app.
   */
  Outcome refused(AuthorizationException refusal, HttpServletRequest request) {
    return refusal
        .redirectTo()
        .map(redirectTo -> error(request, redirectTo, refusal.error(), refusal.getMessage()))
        .orElseGet(() -> new Outcome.ErrorPage(400, refusal.getMessage()));
  }

  /** The consent page to a signed-in user, the sign-in form to anyone else. */
  Outcome show(AuthorizationRequest authorization, Form form, Optional<String> user) {
    if (user.isEmpty()) {
      return Outcome.SignInPage.blank(authorization, form);
    }
    return new Outcome.ConsentPage(
        authorization,
        form,
        user.get(),
        consents.approved(user.get(), authorization.app().clientId()));
  }

  /**
   * Allow (a code, redirected to the app) or Deny ({@code access_denied}); a form posted after the
   * session ended gets the sign-in form.
   */
  Outcome decide(
      HttpServletRequest request,
      AuthorizationRequest authorization,
      Form form,
      Optional<String> user,
      boolean allowed) {
    if (user.isEmpty()) {
      return Outcome.SignInPage.blank(authorization, form);
    }
    if (!allowed) {
      auditConsent(request, authorization, user.get(), false);
      return error(request, authorization, "access_denied", "The user denied the request.");
    }
    String code = issueCode(authorization, user.get());
    auditConsent(request, authorization, user.get(), true);
    return new Outcome.ToApp(responses.location(request, authorization, List.of("code", code)));
  }

  /** A new authorization code; only its hash is stored. */
  private String issueCode(AuthorizationRequest authorization, String user) {
    String code = minter.mint("");
    Instant now = clock.instant();
    codes.issue(
        new AuthorizationCode(
            TokenHasher.hash(code),
            authorization.app().clientId(),
            user,
            authorization.redirectUri(),
            authorization.scopes(),
            authorization.codeChallenge(),
            authorization.codeChallengeMethod(),
            now,
            now.plus(codeTtl)));
    return code;
  }

  private void auditConsent(
      HttpServletRequest request,
      AuthorizationRequest authorization,
      String user,
      boolean allowed) {
    audit.consent(
        allowed,
        request.getRemoteAddr(),
        user,
        authorization.app().clientId(),
        authorization.scopes().names());
  }

  /** An OAuth error redirected to the app (RFC 6749 §4.1.2.1), noted for the log and metrics. */
  private Outcome error(
      HttpServletRequest request,
      AuthorizationRequest authorization,
      String error,
      String description) {
    RequestLog.recordError(request, error, description);
    return new Outcome.ToApp(
        responses.location(
            request, authorization, List.of("error", error, "error_description", description)));
  }
}
