package org.pinoauth.authorize;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.pinoauth.http.RequestLog;

/**
 * Writes an {@link Outcome}: the pages with the CSRF token of their form (a {@link SignInCsrf}
 * before sign-in, the session's {@link Csrf} after), and the redirects with the headers every
 * answer of /oauth/ carries.
 */
final class OutcomeWriter {
  private final Pages pages;
  private final Csrf csrf;
  private final SignInCsrf signInCsrf;
  private final String contextPath;

  OutcomeWriter(Pages pages, Csrf csrf, SignInCsrf signInCsrf, String contextPath) {
    this.pages = pages;
    this.csrf = csrf;
    this.signInCsrf = signInCsrf;
    this.contextPath = contextPath;
  }

  void write(HttpServletRequest request, HttpServletResponse response, Outcome outcome)
      throws IOException {
    if (outcome instanceof Outcome.ErrorPage page) {
      RequestLog.recordError(request, "invalid_request", page.logged());
      pages.error(response, page.status(), page.message());
    } else if (outcome instanceof Outcome.SignInPage page) {
      signIn(request, response, page);
    } else if (outcome instanceof Outcome.ConsentPage page) {
      pages.consent(
          response,
          page.authorization(),
          page.form(),
          csrf.token(request.getSession(false)),
          page.user(),
          page.alreadyApproved());
    } else if (outcome instanceof Outcome.ToApp toApp) {
      redirect(response, HttpServletResponse.SC_FOUND, toApp.location());
    } else if (outcome instanceof Outcome.BackToRequest back) {
      redirect(response, HttpServletResponse.SC_SEE_OTHER, contextPath + "/oauth/?" + back.query());
    } else if (!(outcome instanceof Outcome.PutAside)) {
      throw new IllegalStateException("No way to write " + outcome);
    }
  }

  private void signIn(
      HttpServletRequest request, HttpServletResponse response, Outcome.SignInPage page)
      throws IOException {
    page.retryAfter()
        .ifPresent(
            remaining ->
                response.setHeader(
                    "Retry-After", Long.toString(Math.max(1, remaining.toSeconds()))));
    pages.signIn(
        response,
        page.status(),
        page.authorization(),
        page.form(),
        signInCsrf.token(request, response, AuthorizationRequest.canonicalQuery(page.form())),
        page.username(),
        page.failure().orElse(null));
  }

  private static void redirect(HttpServletResponse response, int status, String location) {
    response.setStatus(status);
    response.setHeader("Location", location);
    Pages.securityHeaders(response);
  }
}
