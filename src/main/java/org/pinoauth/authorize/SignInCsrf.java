package org.pinoauth.authorize;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;
import org.pinoauth.crypto.ConstantTime;
import org.pinoauth.crypto.HmacSha256;
import org.pinoauth.token.TokenMinter;

/**
 * Signed double-submit tokens for the sign-in form, so that no HTTP session exists before a
 * successful sign-in (an anonymous visitor costs the server no memory). The browser holds a random
 * value in the cookie {@value #COOKIE}; the form carries its HMAC under a key derived from the
 * token key, which every node shares, so any node can take a form another node showed. A forger can
 * neither read the cookie nor compute the HMAC of a cookie it set.
 */
public final class SignInCsrf {
  static final String COOKIE = "pinoauth_signin";
  // What TokenMinter.mint("") makes: 256 bits in base64url.
  private static final Pattern VALUE = Pattern.compile("[A-Za-z0-9_-]{43}");
  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  private final byte[] key;
  private final TokenMinter minter;

  /**
   * @param tokenKey the token key material every node loads alike; only a key derived from it is
   *     kept
   */
  public SignInCsrf(byte[] tokenKey, TokenMinter minter) {
    this.key = HmacSha256.deriveKey(tokenKey, "pinoauth sign-in csrf v1");
    this.minter = minter;
  }

  /**
   * The token for the sign-in form of this browser: the HMAC of its cookie, which is set first when
   * the browser has none (or one this server did not make).
   */
  String token(HttpServletRequest request, HttpServletResponse response) {
    Optional<String> value = cookie(request);
    if (value.isEmpty()) {
      value = Optional.of(minter.mint(""));
      response.addCookie(cookie(request, value.get(), -1));
    }
    return sign(value.get());
  }

  /** Whether {@code presented} is the token of the cookie this request carries. */
  boolean matches(HttpServletRequest request, Optional<String> presented) {
    Optional<String> value = cookie(request);
    if (value.isEmpty() || presented.isEmpty()) {
      return false;
    }
    return ConstantTime.isEqual(sign(value.get()), presented.get());
  }

  /** Removes the cookie, once it has served (at sign-in). */
  void clear(HttpServletRequest request, HttpServletResponse response) {
    if (cookie(request).isPresent()) {
      response.addCookie(cookie(request, "", 0));
    }
  }

  private String sign(String value) {
    byte[] mac = HmacSha256.newMac(key).doFinal(value.getBytes(StandardCharsets.US_ASCII));
    return BASE64URL.encodeToString(mac);
  }

  /** The first well-formed {@value #COOKIE} of the request. */
  private static Optional<String> cookie(HttpServletRequest request) {
    Cookie[] cookies = request.getCookies();
    if (cookies == null) {
      return Optional.empty();
    }
    for (Cookie cookie : cookies) {
      if (cookie.getName().equals(COOKIE) && VALUE.matcher(cookie.getValue()).matches()) {
        return Optional.of(cookie.getValue());
      }
    }
    return Optional.empty();
  }

  /** A session cookie (no Max-Age) unless {@code maxAge} is 0, which deletes it. */
  private static Cookie cookie(HttpServletRequest request, String value, int maxAge) {
    Cookie cookie = new Cookie(COOKIE, value);
    // "/oauth" covers both addresses of the endpoint, /oauth and /oauth/, and nothing else.
    cookie.setPath(request.getContextPath() + "/oauth");
    cookie.setHttpOnly(true);
    cookie.setSecure(request.isSecure());
    // Strict: a cross-site POST arrives without it, so only this site can submit the form.
    cookie.setAttribute("SameSite", "Strict");
    cookie.setMaxAge(maxAge);
    return cookie;
  }
}
