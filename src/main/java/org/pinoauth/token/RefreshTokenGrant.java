package org.pinoauth.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.pinoauth.audit.AuditLog;
import org.pinoauth.client.App;
import org.pinoauth.client.GrantType;
import org.pinoauth.crypto.TokenHasher;
import org.pinoauth.error.OAuthError;
import org.pinoauth.http.Form;
import org.pinoauth.scope.ScopeCatalog;
import org.pinoauth.scope.Scopes;
import org.pinoauth.store.RefreshToken;
import org.pinoauth.store.StoredRefreshToken;
import org.pinoauth.store.TokenStore;

/**
 * {@code grant_type=refresh_token} (RFC 6749 §6, CONTRACT §2.2–2.3). A rotating (continuous)
 * refresh token is replaced on every use; a legacy one is kept unless the client sends {@code
 * refresh_on} or {@code continuous_refresh}. A token that is already rotated when the request reads
 * it is taken, after the grace window, for theft and revokes its whole family (RFC 9700 §4.14.2);
 * within the window it is answered again. A request that read the token live but lost its rotation
 * to a concurrent one is refused and revokes nothing, so that of any number of concurrent refreshes
 * exactly one wins and its tokens stay valid. Theft is written to the audit log.
 */
public final class RefreshTokenGrant implements GrantHandler {
  private final TokenStore tokens;
  private final TokenFactory factory;
  private final ScopeCatalog catalog;
  private final Clock clock;
  private final Duration reuseGrace;
  private final AuditLog audit;

  public RefreshTokenGrant(
      TokenStore tokens,
      TokenFactory factory,
      ScopeCatalog catalog,
      Clock clock,
      Duration reuseGrace,
      AuditLog audit) {
    this.tokens = tokens;
    this.factory = factory;
    this.catalog = catalog;
    this.clock = clock;
    this.reuseGrace = reuseGrace;
    this.audit = audit;
  }

  @Override
  public GrantType grantType() {
    return GrantType.REFRESH_TOKEN;
  }

  @Override
  public TokenResponse handle(TokenRequest request, App app) {
    Form form = request.form();
    String value = form.required("refresh_token");
    // Evaluate both flags, so a bogus value in either is refused.
    boolean refreshOn = form.flag("refresh_on");
    boolean continuousAsked = form.flag("continuous_refresh") || refreshOn;
    Optional<Scopes> narrowed = requestedScopes(form);
    String hash = TokenHasher.hash(value);

    StoredRefreshToken stored = findUnrevoked(hash, app);
    // Reuse is checked before expiry: a rotated token is kept past its expiry (store.Purge)
    // so that presenting it then still reveals the theft.
    if (stored.rotatedAt().isPresent() && !withinGrace(stored.rotatedAt().get())) {
      tokens.revokeFamily(stored.familyId());
      audit.refreshTokenReused(app.clientId(), stored.token().username(), stored.familyId());
      throw invalid(
          "The refresh token was already used; every token of this authorization is revoked.");
    }
    if (stored.isExpiredAt(clock.instant())) {
      throw invalid("The refresh token has expired.");
    }
    Scopes granted = UserGrantScopes.of(stored.approved(), app, stored.token().scopes());
    Scopes accessScopes = narrowed.orElse(granted);
    if (!granted.containsAll(accessScopes)) {
      throw OAuthError.INVALID_SCOPE.exception(
          "The requested scope is wider than what the refresh token grants this app.");
    }
    if (stored.rotatedAt().isPresent()) {
      return answerAgain(stored, app, accessScopes, granted);
    }
    if (!stored.token().rotating() && !continuousAsked) {
      // The token stays; the new access token joins its family and needs no write but the
      // grant's last use, at most once an hour.
      tokens.noteUse(stored);
      return TokenResponse.of(
          ResponseType.REFRESH_TOKEN, IssuedTokens.of(access(stored, app, accessScopes)));
    }
    IssuedTokens.Refresh successor =
        factory.refresh(app.clientId(), stored.token().username(), granted, true);
    if (!tokens.rotate(stored, successor.token())) {
      return afterLostRace(hash, app, accessScopes, granted);
    }
    return TokenResponse.of(
        ResponseType.EVERLASTING_REFRESH,
        new IssuedTokens(access(stored, app, accessScopes), successor));
  }

  /**
   * A concurrent refresh rotated the token between this request's read and its rotation. This
   * request read the token live, so it was sent before any rotation was answered: no sign of theft,
   * and revoking would end the tokens the winner just received. Within the grace window it is
   * answered as a presented rotated token is (CONTRACT §2.3: the window exists for clients that
   * refresh twice); outside it, refused.
   */
  private TokenResponse afterLostRace(String hash, App app, Scopes accessScopes, Scopes granted) {
    Optional<StoredRefreshToken> rotated =
        tokens
            .findRefreshToken(hash)
            .filter(found -> !found.revoked())
            .filter(found -> found.rotatedAt().map(this::withinGrace).orElse(false));
    if (rotated.isPresent()) {
      return answerAgain(rotated.get(), app, accessScopes, granted);
    }
    throw invalid("The refresh token was just used, or revoked, by a concurrent request.");
  }

  private Optional<Scopes> requestedScopes(Form form) {
    Optional<String> scope = form.optional("scope");
    if (scope.isEmpty()) {
      return Optional.empty();
    }
    Scopes requested = Scopes.parse(scope.get());
    if (requested.isEmpty()) {
      throw OAuthError.INVALID_SCOPE.exception("The scope parameter names no scope.");
    }
    catalog.requireKnown(requested);
    return Optional.of(requested);
  }

  private StoredRefreshToken findUnrevoked(String hash, App app) {
    StoredRefreshToken stored =
        tokens
            .findRefreshToken(hash)
            .filter(found -> found.token().clientId().equals(app.clientId()))
            .orElseThrow(
                () -> invalid("The refresh token is invalid or was not issued to this app."));
    if (stored.revoked()) {
      throw invalid("The refresh token has been revoked.");
    }
    return stored;
  }

  private boolean withinGrace(Instant rotatedAt) {
    Duration since = Duration.between(rotatedAt, clock.instant());
    return !reuseGrace.isZero() && since.compareTo(reuseGrace) <= 0;
  }

  /** A rotated token within the grace window: new tokens in its family, nothing revoked. */
  private TokenResponse answerAgain(
      StoredRefreshToken stored, App app, Scopes accessScopes, Scopes granted) {
    RefreshToken token = stored.token();
    IssuedTokens.Refresh successor =
        factory.refresh(token.clientId(), token.username(), granted, true);
    if (!tokens.addToFamily(stored.familyId(), successor.token())) {
      throw invalid("The refresh token has been revoked.");
    }
    return TokenResponse.of(
        ResponseType.EVERLASTING_REFRESH,
        new IssuedTokens(access(stored, app, accessScopes), successor));
  }

  private IssuedTokens.Access access(StoredRefreshToken stored, App app, Scopes scopes) {
    return factory.access(stored.familyId(), app, stored.token().username(), scopes);
  }

  private static RuntimeException invalid(String message) {
    return OAuthError.INVALID_GRANT.exception(message);
  }
}
