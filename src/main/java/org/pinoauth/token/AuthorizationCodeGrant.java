package org.pinoauth.token;

import java.time.Clock;
import java.util.Optional;
import java.util.OptionalLong;
import org.pinoauth.audit.AuditLog;
import org.pinoauth.client.App;
import org.pinoauth.client.GrantType;
import org.pinoauth.client.RefreshMode;
import org.pinoauth.crypto.TokenHasher;
import org.pinoauth.error.OAuthError;
import org.pinoauth.http.Form;
import org.pinoauth.scope.Scopes;
import org.pinoauth.store.AuthorizationCode;
import org.pinoauth.store.CodeStore;
import org.pinoauth.store.StoredCode;
import org.pinoauth.store.TokenStore;

/**
 * {@code grant_type=authorization_code} (RFC 6749 §4.1.3, CONTRACT §2.2): exchanges a code, once,
 * for an access token and a refresh token. A code presented again revokes everything issued from it
 * (RFC 6749 §4.1.2), and is written to the audit log.
 */
public final class AuthorizationCodeGrant implements GrantHandler {
  private final CodeStore codes;
  private final TokenStore tokens;
  private final TokenFactory factory;
  private final Clock clock;
  private final AuditLog audit;

  public AuthorizationCodeGrant(
      CodeStore codes, TokenStore tokens, TokenFactory factory, Clock clock, AuditLog audit) {
    this.codes = codes;
    this.tokens = tokens;
    this.factory = factory;
    this.clock = clock;
    this.audit = audit;
  }

  @Override
  public GrantType grantType() {
    return GrantType.AUTHORIZATION_CODE;
  }

  @Override
  public TokenResponse handle(TokenRequest request, App app) {
    Form form = request.form();
    String codeValue = form.required("code");
    String redirectUri = form.required("redirect_uri");
    Optional<String> verifier = form.optional("code_verifier");
    boolean continuousAsked = form.flag("continuous_refresh");

    String codeHash = TokenHasher.hash(codeValue);
    StoredCode stored =
        codes
            .find(codeHash)
            .filter(found -> found.code().clientId().equals(app.clientId()))
            .orElseThrow(
                () ->
                    OAuthError.INVALID_GRANT.exception(
                        "The authorization code is invalid or was not issued to this app."));
    AuthorizationCode code = stored.code();
    if (stored.redeemed()) {
      throw replayed(codeHash, code);
    }
    if (code.isExpiredAt(clock.instant())) {
      throw OAuthError.INVALID_GRANT.exception("The authorization code has expired.");
    }
    if (!redirectUri.equals(code.redirectUri())) {
      throw OAuthError.INVALID_GRANT.exception(
          "redirect_uri does not match the one in the authorization request.");
    }
    if (app.isPublic() && code.codeChallenge().isEmpty()) {
      // Defence in depth: /oauth/ never issues a public app a code without a PKCE challenge.
      throw OAuthError.INVALID_GRANT.exception("A public app's code must carry a PKCE challenge.");
    }
    Pkce.verify(code, verifier, app.allowPlainPkce());

    Scopes scopes = UserGrantScopes.of(stored.approved(), app, code.scopes());
    boolean rotating = app.refreshMode() == RefreshMode.CONTINUOUS || continuousAsked;
    IssuedTokens.Refresh refresh =
        factory.refresh(app.clientId(), code.username(), scopes, rotating);
    OptionalLong familyId = tokens.redeemCode(codeHash, refresh.token());
    if (familyId.isEmpty()) {
      throw replayed(codeHash, code); // A concurrent exchange of the same code won.
    }
    IssuedTokens.Access access = factory.access(familyId.getAsLong(), app, code.username(), scopes);
    return TokenResponse.of(ResponseType.AUTHORIZATION_CODE, new IssuedTokens(access, refresh));
  }

  private RuntimeException replayed(String codeHash, AuthorizationCode code) {
    tokens.revokeFamilyOfCode(codeHash);
    audit.codeReplayed(code.clientId(), code.username());
    return OAuthError.INVALID_GRANT.exception(
        "The authorization code was already used; the tokens issued from it are revoked.");
  }
}
