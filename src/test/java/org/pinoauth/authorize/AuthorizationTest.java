package org.pinoauth.authorize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.pinoauth.audit.AuditLog;
import org.pinoauth.client.App;
import org.pinoauth.http.Form;
import org.pinoauth.scope.ScopeCatalog;
import org.pinoauth.scope.Scopes;
import org.pinoauth.store.AuthorizationCode;
import org.pinoauth.store.CodeStore;
import org.pinoauth.store.StoredCode;
import org.pinoauth.testing.TestApps;
import org.pinoauth.token.TokenMinter;

/**
 * The decisions of {@link Authorization} that need no request: which page a visitor sees, how a
 * refusal is answered, and that a form posted after the session ended issues nothing.
 */
class AuthorizationTest {
  private static final App APP =
      TestApps.app()
          .clientId("1234567")
          .redirectUris("http://localhost:8085/")
          .scopes("boards:read pins:read")
          .build();
  private static final AuthorizationRequest REQUEST =
      new AuthorizationRequest(
          APP,
          "http://localhost:8085/",
          Scopes.parse("boards:read pins:read"),
          Optional.of("xyz"),
          Optional.empty(),
          Optional.empty());
  private static final Form FORM = new Form(Map.of("client_id", List.of("1234567")));

  private final List<AuthorizationCode> issued = new ArrayList<>();
  private final Authorization authorization =
      new Authorization(
          clientId -> Optional.of(APP),
          ScopeCatalog.pinterest(),
          new CodeStore() {
            @Override
            public void issue(AuthorizationCode code) {
              issued.add(code);
            }

            @Override
            public Optional<StoredCode> find(String codeHash) {
              return Optional.empty();
            }
          },
          (username, clientId) ->
              username.equals("alice") ? Scopes.parse("boards:read") : Scopes.NONE,
          new TokenMinter(),
          Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC),
          Duration.ofMinutes(10),
          new AuditLog(new byte[32]),
          new AuthorizationResponse(Optional.empty(), false));

  @Test
  void aVisitorWhoIsNotSignedInSeesTheBlankSignInForm() {
    Outcome outcome = authorization.show(REQUEST, FORM, Optional.empty());

    Outcome.SignInPage page = assertInstanceOf(Outcome.SignInPage.class, outcome);
    assertEquals(200, page.status());
    assertSame(REQUEST, page.authorization());
    assertSame(FORM, page.form());
    assertEquals("", page.username());
    assertTrue(page.failure().isEmpty());
    assertTrue(page.retryAfter().isEmpty());
  }

  @Test
  void aSignedInUserSeesTheConsentPageWithWhatTheyApprovedBefore() {
    Outcome outcome = authorization.show(REQUEST, FORM, Optional.of("alice"));

    Outcome.ConsentPage page = assertInstanceOf(Outcome.ConsentPage.class, outcome);
    assertEquals("alice", page.user());
    assertEquals(Scopes.parse("boards:read"), page.alreadyApproved());
  }

  @Test
  void anAllowPostedAfterTheSessionEndedGetsTheSignInFormAndNoCode() {
    Outcome outcome = authorization.decide(null, REQUEST, FORM, Optional.empty(), true);

    assertEquals(Outcome.SignInPage.blank(REQUEST, FORM), outcome);
    assertTrue(issued.isEmpty());
  }

  @Test
  void aRequestWhoseRedirectUriIsNotTrustedIsRefusedOnAPageNeverRedirected() {
    Outcome outcome =
        authorization.refused(AuthorizationException.page("redirect_uri is not registered."), null);

    assertEquals(new Outcome.ErrorPage(400, "redirect_uri is not registered."), outcome);
  }
}
