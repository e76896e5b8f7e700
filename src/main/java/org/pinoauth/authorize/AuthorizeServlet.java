package org.pinoauth.authorize;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
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
import org.pinoauth.store.AppStore;
import org.pinoauth.store.CodeStore;
import org.pinoauth.store.ConsentStore;
import org.pinoauth.token.TokenMinter;

/**
 * The authorization endpoint {@code /oauth/} (CONTRACT §5, RFC 6749 §4.1.1–4.1.2). {@code GET}
 * validates the request and shows the sign-in form or, to a signed-in user, the consent page.
 * {@code POST} takes those forms: sign-in against the container's realm ({@link SignIn}), Allow or
 * Deny ({@link Authorization}) or sign-out ("Not you? Switch account"). Every form carries the
 * request's own parameters and a CSRF token, so each POST is validated again from scratch. No HTTP
 * session exists until a sign-in succeeds: the sign-in form's token is a {@link SignInCsrf}, the
 * consent form's a {@link Csrf} of the signed-in session. This class parses, dispatches and has the
 * {@link Outcome} written; the parts decide.
 */
public final class AuthorizeServlet extends HttpServlet {
  private SignIn signIn;
  private Authorization authorization;
  private SignInCsrf signInCsrf;
  private OutcomeWriter writer;

  @Override
  public void init() {
    ServletContext context = getServletContext();
    Config config = Collaborators.get(context, Config.class);
    TokenMinter minter = Collaborators.get(context, TokenMinter.class);
    AuditLog audit = Collaborators.get(context, AuditLog.class);
    Csrf csrf = new Csrf(minter);
    signInCsrf = Collaborators.get(context, SignInCsrf.class);
    signIn =
        new SignIn(
            Collaborators.get(context, Lockouts.class),
            Collaborators.get(context, SignInSlowdown.class),
            Collaborators.get(context, RequestDelays.class),
            audit,
            csrf,
            signInCsrf);
    authorization =
        new Authorization(
            Collaborators.get(context, AppStore.class)::find,
            config.scopes(),
            Collaborators.get(context, CodeStore.class),
            Collaborators.get(context, ConsentStore.class),
            minter,
            Collaborators.get(context, Clock.class),
            config.codeTtl(),
            audit,
            new AuthorizationResponse(config.issuer(), config.authorizationIss()));
    writer =
        new OutcomeWriter(
            new Pages(context, config.scopes()), csrf, signInCsrf, context.getContextPath());
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws ServletException, IOException {
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
    write(request, response, answerQuery(request));
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
    Optional<Form> parsed;
    try {
      parsed = parse(RequestBody.read(request, FormFilter.MAX_BODY_BYTES));
    } catch (OAuthException unreadable) {
      Outcome refused = new Outcome.ErrorPage(unreadable.error().status(), unreadable.getMessage());
      RequestBody.answerWithoutReading(request, response, () -> write(request, response, refused));
      return;
    }
    Outcome outcome =
        parsed.isEmpty()
            ? new Outcome.ErrorPage(400, "The form is malformed.")
            : answerForm(request, response, parsed.get());
    write(request, response, outcome);
  }

  /** A GET: the request in the query, then the sign-in form or the consent page. */
  private Outcome answerQuery(HttpServletRequest request) {
    String query = request.getQueryString();
    Optional<Form> form =
        isPrintableAscii(query)
            ? parse(query == null ? new byte[0] : query.getBytes(StandardCharsets.UTF_8))
            : Optional.empty();
    if (form.isEmpty()) {
      return new Outcome.ErrorPage(400, "The request's parameters are malformed.");
    }
    try {
      AuthorizationRequest valid = authorization.validate(form.get(), request);
      // No session before sign-in: an anonymous visitor must cost the server no memory.
      return authorization.show(valid, form.get(), SignIn.user(request.getSession(false)));
    } catch (AuthorizationException refusal) {
      return authorization.refused(refusal, request);
    }
  }

  /** A posted form: its CSRF token, the authorization request, then its action. */
  private Outcome answerForm(HttpServletRequest request, HttpServletResponse response, Form form) {
    HttpSession session = request.getSession(false);
    Optional<String> user = SignIn.user(session);
    String action = FormFields.single(form, "action").orElse("");
    boolean signOut = action.equals("sign_out");
    // Sign-out and Allow/Deny come from a signed-in session's page; sign-in from the sign-in form.
    boolean signedInForm = signOut || (user.isPresent() && !action.equals("sign_in"));
    if (!carriesItsToken(request, form, session, signedInForm)) {
      return new Outcome.ErrorPage(
          403,
          "This form has expired or did not come from this site. Start the sign-in again from"
              + " the app.",
          "CSRF token missing or wrong");
    }
    if (signOut) {
      // Before validation: signing out must work even if the request has since become invalid.
      return signIn.signOut(session, form);
    }
    try {
      AuthorizationRequest valid = authorization.validate(form, request);
      return switch (action) {
        case "sign_in" -> signIn.attempt(request, response, valid, form);
        case "allow" -> authorization.decide(request, valid, form, user, true);
        case "deny" -> authorization.decide(request, valid, form, user, false);
        default -> new Outcome.ErrorPage(400, "The form did not say what to do.");
      };
    } catch (AuthorizationException refusal) {
      return authorization.refused(refusal, request);
    }
  }

  /**
   * Whether {@code form} carries the CSRF token it was shown with. A signed-in user's forms
   * (sign-out included) take the session's token; the sign-in form's is bound to a cookie and to
   * the request it was shown for, because no session exists before sign-in.
   */
  private boolean carriesItsToken(
      HttpServletRequest request, Form form, HttpSession session, boolean signedInForm) {
    Optional<String> presented = FormFields.single(form, Csrf.FIELD);
    return signedInForm
        ? Csrf.matches(session, presented)
        : signInCsrf.matches(request, presented, AuthorizationRequest.canonicalQuery(form));
  }

  private void write(HttpServletRequest request, HttpServletResponse response, Outcome outcome)
      throws IOException {
    writer.write(request, response, outcome);
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
}
