package org.pinoauth.authorize;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.time.Duration;
import java.util.Optional;
import org.pinoauth.audit.AuditLog;
import org.pinoauth.http.Form;
import org.pinoauth.http.RequestDelays;
import org.pinoauth.http.RequestLog;
import org.pinoauth.limit.Lockouts;
import org.pinoauth.limit.SignInSlowdown;

/**
 * The sign-in part of /oauth/: checks a username and password against the container's realm and
 * keeps the signed-in user in a new session of pinoauth's own. Before the check come the {@link
 * Lockouts} (429 while an address or account may not try) and the {@link SignInSlowdown}, whose
 * wait puts the request aside without its thread ({@link RequestDelays}); it comes back as an
 * {@code ASYNC} dispatch of the same POST, which takes the form kept in {@link #waitingForm} (a
 * body cannot be read twice). Every attempt, refused or not, is an audit line.
 */
final class SignIn {
  /** The role a realm user needs to sign in here. */
  static final String USER_ROLE = "pinoauth-user";

  private static final String USER = "org.pinoauth.authorize.user";

  /** The form of a POST put aside to wait, for its dispatch after the wait. */
  private static final String WAITING_FORM = "org.pinoauth.authorize.waitingForm";

  private static final String FAILED =
      "Sign-in failed. Check your username and password and try again.";

  private final Lockouts lockouts;
  private final SignInSlowdown slowdown;
  private final RequestDelays delays;
  private final AuditLog audit;
  private final Csrf csrf;
  private final SignInCsrf signInCsrf;

  SignIn(
      Lockouts lockouts,
      SignInSlowdown slowdown,
      RequestDelays delays,
      AuditLog audit,
      Csrf csrf,
      SignInCsrf signInCsrf) {
    this.lockouts = lockouts;
    this.slowdown = slowdown;
    this.delays = delays;
    this.audit = audit;
    this.csrf = csrf;
    this.signInCsrf = signInCsrf;
  }

  /** The user signed in to {@code session}, if any. */
  static Optional<String> user(HttpSession session) {
    return session == null
        ? Optional.empty()
        : Optional.ofNullable((String) session.getAttribute(USER));
  }

  /** The form of a sign-in that was put aside, when this request is its dispatch after the wait. */
  static Optional<Form> waitingForm(HttpServletRequest request) {
    return request.getAttribute(WAITING_FORM) instanceof Form waited
        ? Optional.of(waited)
        : Optional.empty();
  }

  /**
   * Signs in with the username and password of {@code form}: back to the request on success, the
   * form again with a message on failure, 429 while locked out, or put aside to wait first.
   */
  Outcome attempt(
      HttpServletRequest request,
      HttpServletResponse response,
      AuthorizationRequest authorization,
      Form form) {
    return attempt(
        request,
        response,
        form,
        new Answers() {
          @Override
          public Outcome failed(
              int status, String username, String failure, Optional<Duration> retryAfter) {
            return new Outcome.SignInPage(
                status, authorization, form, username, Optional.of(failure), retryAfter);
          }

          @Override
          public Outcome succeeded() {
            return new Outcome.BackToRequest(AuthorizationRequest.canonicalQuery(form));
          }
        });
  }

  /**
   * How the page a sign-in came from answers it: the form again with {@code failure} (and {@code
   * retryAfter} for a lockout's 429), or where to go once signed in. /oauth/ and /oauth/apps share
   * every check of {@link #attempt(HttpServletRequest, HttpServletResponse, Form, Answers)}.
   */
  interface Answers {
    Outcome failed(int status, String username, String failure, Optional<Duration> retryAfter);

    Outcome succeeded();
  }

  /** Signs in with the username and password of {@code form}, answering as {@code answers} say. */
  Outcome attempt(
      HttpServletRequest request, HttpServletResponse response, Form form, Answers answers) {
    String username = FormFields.single(form, "username").orElse("");
    String password = FormFields.single(form, "password").orElse("");
    String address = request.getRemoteAddr();
    String account = username.isEmpty() ? null : username;
    Optional<Duration> locked = lockouts.lockedFor(account, address);
    if (locked.isPresent()) {
      return lockedOut(request, answers, username, locked.get());
    }
    // Before the check: a delay after it would cost a parallel guesser nothing.
    Duration wait = slowdown.delayFor(account, address);
    if (!wait.isZero()) {
      request.setAttribute(WAITING_FORM, form);
      if (delays.putAside(request, response, wait)) {
        return new Outcome.PutAside();
      }
    }
    // Parallel guesses get no more tries than sequential ones; an address this user signed in
    // from before is not held to it.
    boolean bounded = account != null && !slowdown.isKnown(account, address);
    if (bounded) {
      Optional<Duration> busy = lockouts.beginCheck(account, address);
      if (busy.isPresent()) {
        return lockedOut(request, answers, username, busy.get());
      }
    }
    boolean authenticated = false;
    try {
      authenticated = authenticate(request, username, password);
    } finally {
      if (bounded) {
        lockouts.endCheck(account, address, !authenticated);
      }
    }
    if (!authenticated) {
      if (!bounded) {
        lockouts.recordFailure(account, address);
      }
      slowdown.recordFailure(account);
      RequestLog.recordError(request, "access_denied", "sign-in failed");
      audit.signInFailed(address, username, "credentials");
      return answers.failed(200, username, FAILED, Optional.empty());
    }
    String user = request.getRemoteUser();
    audit.signInSucceeded(address, user);
    slowdown.recordSuccess(username, address);
    startSession(request, user);
    signInCsrf.clear(request, response);
    return answers.succeeded();
  }

  /**
   * Ends the signed-in session ("Not you? Switch account") and goes back to the same request, which
   * then shows the sign-in form. The container's login was dropped at sign-in already.
   */
  Outcome signOut(HttpSession session, Form form) {
    try {
      session.invalidate();
    } catch (IllegalStateException alreadyInvalidated) {
      // A concurrent request ended it first: signed out either way.
    }
    return new Outcome.BackToRequest(AuthorizationRequest.canonicalQuery(form));
  }

  /** Keeps {@code user} in a session with a new id and a new CSRF token. */
  private void startSession(HttpServletRequest request, String user) {
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
  }

  /** The sign-in form again, 429 with {@code Retry-After}: this address may not try now. */
  private Outcome lockedOut(
      HttpServletRequest request, Answers answers, String username, Duration remaining) {
    long minutes = Math.max(1, (remaining.toSeconds() + 59) / 60);
    RequestLog.recordError(request, "slow_down", "sign-in locked out");
    audit.signInFailed(request.getRemoteAddr(), username, "locked");
    return answers.failed(
        429,
        username,
        "Too many failed sign-ins. Try again in " + minutes + " minute(s).",
        Optional.of(remaining));
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

  private static void logoutQuietly(HttpServletRequest request) {
    try {
      request.logout();
    } catch (ServletException ignored) {
      // Nothing was established worth undoing.
    }
  }
}
