package org.pinoauth.authorize;

import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.pinoauth.audit.AuditLog;
import org.pinoauth.config.Config;
import org.pinoauth.error.OAuthException;
import org.pinoauth.http.Collaborators;
import org.pinoauth.http.Form;
import org.pinoauth.http.FormFilter;
import org.pinoauth.http.FormParser;
import org.pinoauth.http.RequestBody;
import org.pinoauth.http.RequestDelays;
import org.pinoauth.limit.Lockouts;
import org.pinoauth.limit.SignInSlowdown;
import org.pinoauth.store.Grant;
import org.pinoauth.store.GrantRemoval;
import org.pinoauth.store.GrantStore;
import org.pinoauth.token.TokenMinter;

/**
 * The connected-apps page {@code /oauth/apps} (CONTRACT §9): a signed-in person's apps, each with a
 * "Remove access" button. Signing in works as at /oauth/ ({@link SignIn}: the same lockouts and
 * slowdown, a {@link SignInCsrf} before sign-in, the session's {@link Csrf} after). Remove access
 * is {@link GrantStore#remove}, the admin API's DELETE, with the person as the audit line's
 * operator; every POST answers 303 back here, so a reload never posts again.
 */
public final class ConnectedAppsServlet extends HttpServlet {
  /** The most apps one page lists; a person with more sees a note (CONTRACT §9). */
  static final int MAX_LISTED = 500;

  private static final int PAGE = 100;

  /** What the sign-in form's token is bound to: no authorization request's canonical query. */
  private static final String SIGN_IN_BINDING = "/oauth/apps";

  /** The name of the app just removed, shown once by the GET the 303 leads to. */
  private static final String REMOVED = "org.pinoauth.authorize.removedApp";

  private SignIn signIn;
  private SignInCsrf signInCsrf;
  private Csrf csrf;
  private GrantStore grants;
  private AuditLog audit;
  private ConnectedAppsPages pages;
  private OutcomeWriter errors;

  @Override
  public void init() {
    ServletContext context = getServletContext();
    Config config = Collaborators.get(context, Config.class);
    audit = Collaborators.get(context, AuditLog.class);
    csrf = new Csrf(Collaborators.get(context, TokenMinter.class));
    signInCsrf = Collaborators.get(context, SignInCsrf.class);
    signIn =
        new SignIn(
            Collaborators.get(context, Lockouts.class),
            Collaborators.get(context, SignInSlowdown.class),
            Collaborators.get(context, RequestDelays.class),
            audit,
            csrf,
            signInCsrf);
    grants = Collaborators.get(context, GrantStore.class);
    pages = new ConnectedAppsPages(context, config.scopes());
    errors =
        new OutcomeWriter(
            new Pages(context, config.scopes()), csrf, signInCsrf, context.getContextPath());
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException, jakarta.servlet.ServletException {
    String method = request.getMethod();
    if (!method.equals("GET") && !method.equals("POST")) {
      response.setHeader("Allow", "GET, POST");
      write(request, response, new Outcome.ErrorPage(405, "This page only answers GET and POST."));
      return;
    }
    super.service(request, response);
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    HttpSession session = request.getSession(false);
    Optional<String> user = SignIn.user(session);
    write(
        request,
        response,
        user.isPresent()
            ? new Outcome.AppsPage(user.get())
            : new Outcome.AppsSignInPage(200, "", Optional.empty(), Optional.empty()));
  }

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    Optional<Form> waited = SignIn.waitingForm(request);
    if (waited.isPresent()) {
      write(request, response, answerForm(request, response, waited.get()));
      return;
    }
    if (!FormFilter.isFormContentType(request.getHeader("Content-Type"))) {
      Outcome unsupported =
          new Outcome.ErrorPage(415, "Forms must be sent as application/x-www-form-urlencoded.");
      RequestBody.answerWithoutReading(
          request, response, () -> write(request, response, unsupported));
      return;
    }
    Form form;
    try {
      form = FormParser.parse(RequestBody.read(request, FormFilter.MAX_BODY_BYTES));
    } catch (OAuthException unreadable) {
      Outcome refused = new Outcome.ErrorPage(unreadable.error().status(), unreadable.getMessage());
      RequestBody.answerWithoutReading(request, response, () -> write(request, response, refused));
      return;
    }
    write(request, response, answerForm(request, response, form));
  }

  private Outcome answerForm(HttpServletRequest request, HttpServletResponse response, Form form) {
    HttpSession session = request.getSession(false);
    Optional<String> user = SignIn.user(session);
    String action = FormFields.single(form, "action").orElse("");
    boolean signInForm = action.equals("sign_in");
    Optional<String> presented = FormFields.single(form, Csrf.FIELD);
    boolean carriesItsToken =
        signInForm
            ? signInCsrf.matches(request, presented, SIGN_IN_BINDING)
            : user.isPresent() && Csrf.matches(session, presented);
    if (!carriesItsToken) {
      return new Outcome.ErrorPage(
          403,
          "This form has expired or did not come from this site. Open your connected apps again.",
          "CSRF token missing or wrong");
    }
    return switch (action) {
      case "sign_in" -> signIn.attempt(request, response, form, SIGN_IN_ANSWERS);
      case "sign_out" -> signOut(session);
      case "remove" -> remove(request, session, user.get(), form);
      default -> new Outcome.ErrorPage(400, "The form did not say what to do.");
    };
  }

  private static final SignIn.Answers SIGN_IN_ANSWERS =
      new SignIn.Answers() {
        @Override
        public Outcome failed(
            int status, String username, String failure, Optional<Duration> retryAfter) {
          return new Outcome.AppsSignInPage(status, username, Optional.of(failure), retryAfter);
        }

        @Override
        public Outcome succeeded() {
          return new Outcome.BackToApps();
        }
      };

  private static Outcome signOut(HttpSession session) {
    try {
      session.invalidate();
    } catch (IllegalStateException alreadyInvalidated) {
      // A concurrent request ended it first: signed out either way.
    }
    return new Outcome.BackToApps();
  }

  /**
   * Removes the user's grant of the form's app. 404 when the user has none of it, whether the app
   * exists or another user authorized it: the page tells nothing of anyone else's grants.
   */
  private Outcome remove(HttpServletRequest request, HttpSession session, String user, Form form) {
    Optional<String> clientId = FormFields.single(form, "client_id");
    Optional<Grant> grant =
        clientId.filter(id -> !id.isEmpty()).flatMap(id -> grants.find(user, id));
    if (grant.isEmpty()) {
      return new Outcome.ErrorPage(
          404, "You have not authorized that app.", "no grant of that app for the user");
    }
    GrantRemoval removal = grants.remove(user, grant.get().clientId());
    if (!removal.isEmpty()) {
      audit.grantRemoved(
          request.getRemoteAddr(), user, user, grant.get().clientId(), removal.families());
    }
    session.setAttribute(REMOVED, grant.get().appName());
    return new Outcome.BackToApps();
  }

  private void write(HttpServletRequest request, HttpServletResponse response, Outcome outcome)
      throws IOException {
    if (outcome instanceof Outcome.AppsSignInPage page) {
      page.retryAfter()
          .ifPresent(
              remaining ->
                  response.setHeader(
                      "Retry-After", Long.toString(Math.max(1, remaining.toSeconds()))));
      Pages.write(
          response,
          page.status(),
          pages.signIn(
              signInCsrf.token(request, response, SIGN_IN_BINDING),
              page.username(),
              page.failure()));
    } else if (outcome instanceof Outcome.AppsPage page) {
      appsPage(request, response, page.user());
    } else if (outcome instanceof Outcome.BackToApps) {
      response.setStatus(HttpServletResponse.SC_SEE_OTHER);
      response.setHeader("Location", request.getContextPath() + "/oauth/apps");
      Pages.securityHeaders(response);
    } else {
      errors.write(request, response, outcome);
    }
  }

  private void appsPage(HttpServletRequest request, HttpServletResponse response, String user)
      throws IOException {
    HttpSession session = request.getSession(false);
    List<Grant> listed = new ArrayList<>();
    Optional<String> after = Optional.empty();
    boolean more = false;
    while (true) {
      List<Grant> page = grants.ofUser(user, after, PAGE);
      for (Grant grant : page) {
        if (listed.size() == MAX_LISTED) {
          more = true;
          break;
        }
        listed.add(grant);
      }
      if (more || page.size() < PAGE) {
        break;
      }
      after = Optional.of(page.get(page.size() - 1).clientId());
    }
    Optional<String> removed = Optional.ofNullable((String) session.getAttribute(REMOVED));
    removed.ifPresent(name -> session.removeAttribute(REMOVED));
    Pages.write(response, 200, pages.apps(csrf.token(session), user, listed, more, removed));
  }
}
