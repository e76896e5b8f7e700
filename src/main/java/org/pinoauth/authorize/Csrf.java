package org.pinoauth.authorize;

import jakarta.servlet.http.HttpSession;
import java.util.Optional;
import org.pinoauth.crypto.ConstantTime;
import org.pinoauth.token.TokenMinter;

/**
 * Synchronizer tokens against cross-site request forgery: one random token per signed-in session,
 * put in the consent form and compared in constant time on Allow and Deny. (Before sign-in there is
 * no session; see {@link SignInCsrf}.)
 */
final class Csrf {
  static final String FIELD = "csrf";
  private static final String ATTRIBUTE = "org.pinoauth.authorize.csrf";

  private final TokenMinter minter;

  Csrf(TokenMinter minter) {
    this.minter = minter;
  }

  /** The session's token, made on first use. */
  String token(HttpSession session) {
    String token = (String) session.getAttribute(ATTRIBUTE);
    if (token == null) {
      token = renew(session);
    }
    return token;
  }

  /** A new token, for a session whose privileges just changed (sign-in). */
  String renew(HttpSession session) {
    String token = minter.mint("");
    session.setAttribute(ATTRIBUTE, token);
    return token;
  }

  /** Whether {@code presented} is this session's token. */
  static boolean matches(HttpSession session, Optional<String> presented) {
    if (session == null || presented.isEmpty()) {
      return false;
    }
    Object expected = session.getAttribute(ATTRIBUTE);
    return expected instanceof String token && ConstantTime.isEqual(token, presented.get());
  }
}
