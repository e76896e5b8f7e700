package org.pinoauth.authorize;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.pinoauth.audit.AuditLog;
import org.pinoauth.client.App;
import org.pinoauth.config.Config;
import org.pinoauth.crypto.TokenHasher;
import org.pinoauth.error.OAuthException;
import org.pinoauth.http.BaseUrl;
import org.pinoauth.http.Collaborators;
import org.pinoauth.http.Form;
import org.pinoauth.http.FormFilter;
import org.pinoauth.http.FormParser;
import org.pinoauth.http.RequestBody;
import org.pinoauth.http.RequestDelays;
import org.pinoauth.http.RequestLog;
import org.pinoauth.limit.Lockouts;
import org.pinoauth.limit.SignInSlowdown;
import org.pinoauth.scope.ScopeCatalog;
import org.pinoauth.store.AppStore;
import org.pinoauth.store.AuthorizationCode;
import org.pinoauth.store.CodeStore;
import org.pinoauth.store.ConsentStore;
import org.pinoauth.token.TokenMinter;

/**
 * The authorization endpoint {@code /oauth/} (CONTRACT §5, RFC 6749 §4.1.1–4.1.2). {@code GET}
 * validates the request and shows the sign-in form or, to a signed-in user, the consent page.
 * {@code POST} takes those forms: sign-in against the container's realm, Allow (a code, redirected
 * to the app), Deny ({@code access_denied}) or sign-out ("Not you? Switch account"). Every form
 * carries the request's own parameters and a CSRF token, so each POST is validated again from
 * scratch. No HTTP session exists until a sign-in succeeds: the sign-in form's token is a {@link
 * SignInCsrf}, the consent form's a {@link Csrf} of the signed-in session. A sign-in the {@link
 * SignInSlowdown} makes wait is put aside without its thread ({@link RequestDelays}) and comes back
 * as an {@code ASYNC} dispatch of the same POST, which takes the form parsed the first time (a body
 * cannot be read twice).
 */
public final class AuthorizeServlet extends HttpServlet {
  static final String USER_ROLE = "pinoauth-user";
  private static final String USER = "org.pinoauth.authorize.user";

  /** The form of a POST put aside to wait, for its dispatch after the wait. */
  private static final String WAITING_FORM = "org.pinoauth.authorize.waitingForm";

  private static final String SIGN_IN_FAILED =
      "Sign-in failed. Check your username and password and try again.";

  private AuthorizationRequest.Apps apps;
  private ScopeCatalog scopes;
  private CodeStore codes;
  private ConsentStore consents;
  private TokenMinter minter;
  private Clock clock;
  private Duration codeTtl;
  private Csrf csrf;
  private SignInCsrf signInCsrf;
  private Lockouts signInLockouts;
  private SignInSlowdown signInSlowdown;
  private RequestDelays requestDelays;
  private Pages pages;
  private AuditLog audit;
  private Optional<String> configuredIssuer;
  private boolean issOnRedirects;

  @Override
  public void init() {
    ServletContext context = getServletContext();
    Config config = Collaborators.get(context, Config.class);
    apps = Collaborators.get(context, AppStore.class)::find;
    codes = Collaborators.get(context, CodeStore.class);
    consents = Collaborators.get(context, ConsentStore.class);
    minter = Collaborators.get(context, TokenMinter.class);
    clock = Collaborators.get(context, Clock.class);
    codeTtl = config.codeTtl();
    csrf = new Csrf(minter);
    signInCsrf = Collaborators.get(context, SignInCsrf.class);
    signInLockouts = Collaborators.get(context, Lockouts.class);
    signInSlowdown = Collaborators.get(context, SignInSlowdown.class);
    requestDelays = Collaborators.get(context, RequestDelays.class);
    scopes = config.scopes();
    pages = new Pages(context, scopes);
    audit = Collaborators.get(context, AuditLog.class);
    configuredIssuer = config.issuer();
    issOnRedirects = config.authorizationIss();
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws ServletException, IOException {
    String method = request.getMethod();
    if (!method.equals("GET") && !method.equals("POST")) {
      response.setHeader("Allow", "GET, POST");
      errorPage(request, response, 405, "This page only answers GET and POST.");
      return;
    }
    super.service(request, response);
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String query = request.getQueryString();
    Optional<Form> form =
        isPrintableAscii(query)
            ? parse(query == null ? new byte[0] : query.getBytes(StandardCharsets.UTF_8))
            : Optional.empty();
    if (form.isEmpty()) {
      errorPage(request, response, 400, "The request's parameters are malformed.");
      return;
    }
    AuthorizationRequest authorization = validate(form.get(), request, response);
    if (authorization == null) {
      return;
    }
    // No session before sign-in: an anonymous visitor must cost the server no memory.
    HttpSession session = request.getSession(false);
    String user = signedInUser(session);
    if (user == null) {
      showSignIn(request, response, 200, authorization, form.get(), "", null);
    } else {
      showConsent(response, authorization, form.get(), session, user);
    }
  }

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    if (request.getAttribute(WAITING_FORM) instanceof Form waited) {
      answerForm(request, response, waited);
      return;
    }
    if (!FormFilter.isFormContentType(request.getHeader("Content-Type"))) {
      RequestBody.answerWithoutReading(
          request,
          response,
          () ->
              errorPage(
                  request,
                  response,
                  415,
                  "Forms must be sent as application/x-www-form-urlencoded."));
      return;
    }
    Optional<Form> parsed;
    try {
      parsed = parse(RequestBody.read(request, FormFilter.MAX_BODY_BYTES));
    } catch (OAuthException unreadable) {
      RequestBody.answerWithoutReading(
          request,
          response,
          () -> errorPage(request, response, unreadable.error().status(), unreadable.getMessage()));
      return;
    }
    if (parsed.isEmpty()) {
      errorPage(request, response, 400, "The form is malformed.");
      return;
    }
    answerForm(request, response, parsed.get());
  }

  /** Answers a posted form: its CSRF token, the authorization request, then its action. */
  private void answerForm(HttpServletRequest request, HttpServletResponse response, Form form)
      throws IOException {
    HttpSession session = request.getSession(false);
    String action = optional(form, "action").orElse("");
    boolean signOut = action.equals("sign_out");
    // A signed-in user's forms (sign-out included) take the session's token; the sign-in form's is
    // bound to a cookie and to the request it was shown for, because no session exists before
    // sign-in.
    boolean signInForm = !signOut && (signedInUser(session) == null || action.equals("sign_in"));
    Optional<String> presented = optional(form, Csrf.FIELD);
    boolean csrfMatches =
        signInForm
            ? signInCsrf.matches(request, presented, AuthorizationRequest.canonicalQuery(form))
            : Csrf.matches(session, presented);
    if (!csrfMatches) {
      RequestLog.recordError(request, "invalid_request", "CSRF token missing or wrong");
      pages.error(
          response,
          403,
          "This form has expired or did not come from this site. Start the sign-in again from"
              + " the app.");
      return;
    }
    if (signOut) {
      // Before validation: signing out must work even if the request has since become invalid.
      signOut(response, form, session);
      return;
    }
    AuthorizationRequest authorization = validate(form, request, response);
    if (authorization == null) {
      return;
    }
    switch (action) {
      case "sign_in" -> signIn(request, response, authorization, form);
      case "allow" -> decide(request, response, authorization, form, session, true);
      case "deny" -> decide(request, response, authorization, form, session, false);
      default -> errorPage(request, response, 400, "The form did not say what to do.");
    }
  }

  private void signIn(
      HttpServletRequest request,
      HttpServletResponse response,
      AuthorizationRequest authorization,
      Form form)
      throws IOException {
    String username = optional(form, "username").orElse("");
    String password = optional(form, "password").orElse("");
    String address = request.getRemoteAddr();
    String account = username.isEmpty() ? null : username;
    Optional<Duration> locked = signInLockouts.lockedFor(account, address);
    if (locked.isPresent()) {
      showLockedOut(request, response, authorization, form, username, locked.get());
      return;
    }
    // Before the check: a delay after it would cost a parallel guesser nothing.
    Duration wait = signInSlowdown.delayFor(account, address);
    if (!wait.isZero()) {
      request.setAttribute(WAITING_FORM, form);
      if (requestDelays.putAside(request, response, wait)) {
        return;
      }
    }
    // Parallel guesses get no more tries than sequential ones; an address this user signed in
    // from before is not held to it.
    boolean bounded = account != null && !signInSlowdown.isKnown(account, address);
    if (bounded) {
      Optional<Duration> busy = signInLockouts.beginCheck(account, address);
      if (busy.isPresent()) {
        showLockedOut(request, response, authorization, form, username, busy.get());
        return;
      }
    }
    boolean authenticated = false;
    try {
      authenticated = authenticate(request, username, password);
    } finally {
      if (bounded) {
        signInLockouts.endCheck(account, address, !authenticated);
      }
    }
    if (!authenticated) {
      if (!bounded) {
        signInLockouts.recordFailure(account, address);
      }
      signInSlowdown.recordFailure(account);
      RequestLog.recordError(request, "access_denied", "sign-in failed");
      audit.signInFailed(address, username, "credentials");
      showSignIn(request, response, 200, authorization, form, username, SIGN_IN_FAILED);
      return;
    }
    String user = request.getRemoteUser();
    audit.signInSucceeded(address, user);
    signInSlowdown.recordSuccess(username, address);
    // pinoauth keeps its own sign-in in the session; the container must not keep one too, or on
    // Tomcat and Payara the session cookie alone would authenticate to anything it protects.
    logoutQuietly(request);
    // A new session id on sign-in, whether a session existed or not: no session fixation.
    HttpSession signedIn = request.getSession(false);
    if (signedIn == null) {
      signedIn = request.getSession(true);
    } else {
      request.changeSessionId();
    }
    signedIn.setAttribute(USER, user);
    csrf.renew(signedIn);
    signInCsrf.clear(request, response);
    backToRequest(response, form);
  }

  /**
   * Ends the signed-in session ("Not you? Switch account") and goes back to the same request, which
   * then shows the sign-in form. The container's login was dropped at sign-in already.
   */
  private void signOut(HttpServletResponse response, Form form, HttpSession session) {
    try {
      session.invalidate();
    } catch (IllegalStateException alreadyInvalidated) {
      // A concurrent request ended it first: signed out either way.
    }
    backToRequest(response, form);
  }

  /** 303 to the GET of the authorization request {@code form} carries, by its canonical query. */
  private void backToRequest(HttpServletResponse response, Form form) {
    response.setStatus(HttpServletResponse.SC_SEE_OTHER);
    response.setHeader(
        "Location",
        getServletContext().getContextPath()
            + "/oauth/?"
            + AuthorizationRequest.canonicalQuery(form));
    Pages.securityHeaders(response);
  }

  /** The sign-in form again, 429 with {@code Retry-After}: this address may not try now. */
  private void showLockedOut(
      HttpServletRequest request,
      HttpServletResponse response,
      AuthorizationRequest authorization,
      Form form,
      String username,
      Duration remaining)
      throws IOException {
    long minutes = Math.max(1, (remaining.toSeconds() + 59) / 60);
    RequestLog.recordError(request, "slow_down", "sign-in locked out");
    audit.signInFailed(request.getRemoteAddr(), username, "locked");
    response.setHeader("Retry-After", Long.toString(Math.max(1, remaining.toSeconds())));
    showSignIn(
        request,
        response,
        429,
        authorization,
        form,
        username,
        "Too many failed sign-ins. Try again in " + minutes + " minute(s).");
  }

  /** Checks the credentials against the container's realm and the user's role. */
  private static boolean authenticate(
      HttpServletRequest request, String username, String password) {
    if (username.isEmpty() || password.isEmpty()) {
      return false;
    }
    try {
      if (request.getRemoteUser() != null) {
        request.logout();
      }
      request.login(username, password);
    } catch (ServletException e) {
      return false;
    }
    if (!request.isUserInRole(USER_ROLE)) {
      logoutQuietly(request);
      return false;
    }
    return true;
  }

  private void decide(
      HttpServletRequest request,
      HttpServletResponse response,
      AuthorizationRequest authorization,
      Form form,
      HttpSession session,
      boolean allowed)
      throws IOException {
    String user = signedInUser(session);
    if (user == null) {
      showSignIn(request, response, 200, authorization, form, "", null);
      return;
    }
    if (!allowed) {
      audit.consent(
          false,
          request.getRemoteAddr(),
          user,
          authorization.app().clientId(),
          authorization.scopes().names());
      redirectError(
          request, response, authorization, "access_denied", "The user denied the request.");
      return;
    }
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
    audit.consent(
        true,
        request.getRemoteAddr(),
        user,
        authorization.app().clientId(),
        authorization.scopes().names());
    redirect(request, response, authorization, List.of("code", code));
  }

  private void showSignIn(
      HttpServletRequest request,
      HttpServletResponse response,
      int status,
      AuthorizationRequest authorization,
      Form form,
      String username,
      String failure)
      throws IOException {
    pages.signIn(
        response,
        status,
        authorization,
        form,
        signInCsrf.token(request, response, AuthorizationRequest.canonicalQuery(form)),
        username,
        failure);
  }

  private void showConsent(
      HttpServletResponse response,
      AuthorizationRequest authorization,
      Form form,
      HttpSession session,
      String user)
      throws IOException {
    pages.consent(
        response,
        authorization,
        form,
        csrf.token(session),
        user,
        consents.approved(user, authorization.app().clientId()));
  }

  /**
   * Validates, answering the fault itself (page or redirect) and returning null when invalid. The
   * log line names the app as soon as the request names a registered one, faults included (an
   * unregistered redirect URI is the app's operator's to fix).
   */
  private AuthorizationRequest validate(
      Form form, HttpServletRequest request, HttpServletResponse response) throws IOException {
    AuthorizationRequest.Apps logged =
        clientId -> {
          Optional<App> app = apps.find(clientId);
          app.ifPresent(found -> RequestLog.recordAppId(request, found.clientId()));
          return app;
        };
    try {
      return AuthorizationRequest.parse(form, logged, scopes);
    } catch (AuthorizationException e) {
      if (e.redirectTo() == null) {
        errorPage(request, response, 400, e.getMessage());
      } else {
        redirectError(request, response, e.redirectTo(), e.error(), e.getMessage());
      }
      return null;
    }
  }

  /**
   * An error page; its log line and metrics carry {@code invalid_request}, the error of every fault
   * /oauth/ answers with a page. {@code message} is the client-safe text the page shows.
   */
  private void errorPage(
      HttpServletRequest request, HttpServletResponse response, int status, String message)
      throws IOException {
    RequestLog.recordError(request, "invalid_request", message);
    pages.error(response, status, message);
  }

  /** An OAuth error redirected to the app (RFC 6749 §4.1.2.1), noted for the log and metrics. */
  private void redirectError(
      HttpServletRequest request,
      HttpServletResponse response,
      AuthorizationRequest authorization,
      String error,
      String description) {
    RequestLog.recordError(request, error, description);
    redirect(
        request,
        response,
        authorization,
        List.of("error", error, "error_description", description));
  }

  /**
   * 302 to the app's redirect URI with {@code parameters}, the request's state and, when {@code
   * authorization.iss} is on, {@code iss} (RFC 9207): the metadata's issuer for this request. The
   * first parameter stays first and nothing follows the state unasked: Pinterest's bash quickstart
   * takes the code as the text between the first and second {@code =}.
   */
  private void redirect(
      HttpServletRequest request,
      HttpServletResponse response,
      AuthorizationRequest authorization,
      List<String> parameters) {
    List<String> all = new ArrayList<>(parameters);
    authorization
        .state()
        .ifPresent(
            state -> {
              all.add("state");
              all.add(state);
            });
    if (issOnRedirects) {
      all.add("iss");
      all.add(BaseUrl.of(request, configuredIssuer)); // as MetadataServlet computes "issuer"
    }
    String uri = authorization.redirectUri();
    StringBuilder location = new StringBuilder(uri).append(uri.contains("?") ? '&' : '?');
    for (int i = 0; i < all.size(); i += 2) {
      if (i > 0) {
        location.append('&');
      }
      location.append(encode(all.get(i))).append('=').append(encode(all.get(i + 1)));
    }
    response.setStatus(HttpServletResponse.SC_FOUND);
    response.setHeader("Location", location.toString());
    Pages.securityHeaders(response);
  }

  private static String signedInUser(HttpSession session) {
    return session == null ? null : (String) session.getAttribute(USER);
  }

  /**
   * Whether a raw query holds only what RFC 3986 allows unencoded. The container turns a byte it
   * cannot decode into U+FFFD, so a value read from such a query is not the one the client sent.
   */
  private static boolean isPrintableAscii(String query) {
    if (query == null) {
      return true;
    }
    for (int i = 0; i < query.length(); i++) {
      char c = query.charAt(i);
      if (c < 0x21 || c > 0x7E) {
        return false;
      }
    }
    return true;
  }

  private static Optional<Form> parse(byte[] bytes) {
    try {
      return Optional.of(FormParser.parse(bytes));
    } catch (OAuthException malformed) {
      return Optional.empty();
    }
  }

  /** A single value; a repeated CSRF or action field counts as absent. */
  private static Optional<String> optional(Form form, String name) {
    try {
      return form.optional(name);
    } catch (OAuthException repeated) {
      return Optional.empty();
    }
  }

  private static void logoutQuietly(HttpServletRequest request) {
    try {
      request.logout();
    } catch (ServletException ignored) {
      // Nothing was established worth undoing.
    }
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
