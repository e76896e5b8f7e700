package org.pinoauth.authorize;

import java.time.Duration;
import java.util.Optional;
import org.pinoauth.http.Form;
import org.pinoauth.scope.Scopes;

/**
 * How {@code /oauth/} answers one request, decided before anything is written: the sign-in and
 * authorization parts return one, {@link OutcomeWriter} writes it. A value instead of a response
 * written deep inside, so no caller has to guess whether the answer has gone out already.
 */
sealed interface Outcome {

  /**
   * An error page; its log line and metrics carry {@code invalid_request}, the error of every fault
   * /oauth/ answers with a page. {@code message} is the client-safe text the page shows, {@code
   * logged} what the log line says.
   */
  record ErrorPage(int status, String message, String logged) implements Outcome {
    ErrorPage(int status, String message) {
      this(status, message, message);
    }
  }

  /**
   * The sign-in form for {@code authorization}, with {@code username} filled in and {@code failure}
   * shown above it; {@code retryAfter} becomes a {@code Retry-After} header (a lockout's 429).
   */
  record SignInPage(
      int status,
      AuthorizationRequest authorization,
      Form form,
      String username,
      Optional<String> failure,
      Optional<Duration> retryAfter)
      implements Outcome {

    /** The form as a visitor first sees it. */
    static SignInPage blank(AuthorizationRequest authorization, Form form) {
      return new SignInPage(200, authorization, form, "", Optional.empty(), Optional.empty());
    }
  }

  /** The consent page of the signed-in {@code user}, marking the scopes already approved. */
  record ConsentPage(
      AuthorizationRequest authorization, Form form, String user, Scopes alreadyApproved)
      implements Outcome {}

  /** 302 to the app: an authorization response, a code or an error (RFC 6749 §4.1.2). */
  record ToApp(String location) implements Outcome {}

  /**
   * 303 to the GET of the authorization request whose canonical query is {@code query}: after
   * sign-in and sign-out, so that a reload does not post the form again.
   */
  record BackToRequest(String query) implements Outcome {}

  /**
   * The sign-in form of the connected-apps page {@code /oauth/apps}, as {@link SignInPage} is that
   * of an authorization request.
   */
  record AppsSignInPage(
      int status, String username, Optional<String> failure, Optional<Duration> retryAfter)
      implements Outcome {}

  /** The connected-apps page of the signed-in {@code user}. */
  record AppsPage(String user) implements Outcome {}

  /** 303 to {@code GET /oauth/apps}: after its sign-in, sign-out and Remove access. */
  record BackToApps() implements Outcome {}

  /**
   * The request waits without its thread ({@link org.pinoauth.web.RequestDelays}) and comes back as
   * a dispatch of its own; nothing is written now.
   */
  record PutAside() implements Outcome {}
}
