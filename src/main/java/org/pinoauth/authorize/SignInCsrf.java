package org.pinoauth.authorize;

import jakarta.servlet.ServletContext;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.pinoauth.crypto.ConstantTime;
import org.pinoauth.crypto.HmacSha256;
import org.pinoauth.token.TokenMinter;

/**
 * Signed double-submit tokens for the sign-in form, so that no HTTP session exists before a
 * successful sign-in (an anonymous visitor costs the server no memory). The browser holds a random
 * value in the cookie {@value #COOKIE}; the form carries {@code <issued>.<mac>}, the time it was
 * shown (epoch seconds) and an HMAC of that cookie value, that time and the canonical query of the
 * authorization request the form was shown for, under a key derived from the token key, which every
 * node shares, so any node can take a form another node showed. A forger can neither read the
 * cookie nor compute the HMAC of a cookie it set; a stolen (cookie, token) pair signs in only for
 * that one request, and only until the container's session timeout has passed.
 */
public final class SignInCsrf {
  static final String COOKIE = "pinoauth_signin";

  /** The lifetime of a token when the container names no session timeout (Servlet's default). */
  static final Duration FALLBACK_LIFETIME = Duration.ofMinutes(30);

  /** How far ahead of this node's clock another node's clock may have dated a token. */
  static final Duration CLOCK_SKEW = Duration.ofMinutes(1);

  // What TokenMinter.mint("") makes: 256 bits in base64url.
  private static final Pattern VALUE = Pattern.compile("[A-Za-z0-9_-]{43}");
  private static final Pattern TOKEN = Pattern.compile("([0-9]{1,12})\\.([A-Za-z0-9_-]{43})");
  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  private final byte[] key;
  private final TokenMinter minter;
  private final Clock clock;

  /**
   * @param tokenKey the token key material every node loads alike; only a key derived from it is
   *     kept
   */
  public SignInCsrf(byte[] tokenKey, TokenMinter minter, Clock clock) {
    // v2: the MAC covers the issue time and the request too; v1 tokens match nothing.
    this.key = HmacSha256.deriveKey(tokenKey, "pinoauth sign-in csrf v2");
    this.minter = minter;
    this.clock = clock;
  }

  /**
   * The token for the sign-in form this browser is shown for the authorization request {@code
   * canonicalQuery}, issued now; the cookie is set first when the browser has none (or one this
   * server did not make).
   */
  String token(HttpServletRequest request, HttpServletResponse response, String canonicalQuery) {
    Optional<String> value = cookie(request);
    if (value.isEmpty()) {
      value = Optional.of(minter.mint(""));
      response.addCookie(cookie(request, value.get(), -1));
    }
    long issued = clock.instant().getEpochSecond();
    return issued + "." + sign(value.get(), issued, canonicalQuery);
  }

  /**
   * Whether {@code presented} is a token of the cookie this request carries, for the request {@code
   * canonicalQuery}, issued no longer ago than the session timeout of this context.
   */
  boolean matches(HttpServletRequest request, Optional<String> presented, String canonicalQuery) {
    Optional<String> value = cookie(request);
    if (value.isEmpty() || presented.isEmpty()) {
      return false;
    }
    Matcher token = TOKEN.matcher(presented.get());
    if (!token.matches()) {
      return false;
    }
    long issued = Long.parseLong(token.group(1));
    long now = clock.instant().getEpochSecond();
    long lifetime = lifetime(request.getServletContext()).toSeconds();
    boolean fresh = issued <= now + CLOCK_SKEW.toSeconds() && now - issued < lifetime;
    // The MAC is compared whether or not the token is fresh: the time taken tells nothing.
    boolean signed =
        ConstantTime.isEqual(sign(value.get(), issued, canonicalQuery), token.group(2));
    return signed & fresh;
  }

  /** Removes the cookie, once it has served (at sign-in). */
  void clear(HttpServletRequest request, HttpServletResponse response) {
    if (cookie(request).isPresent()) {
      response.addCookie(cookie(request, "", 0));
    }
  }

  /**
   * How long a token is taken: the container's session timeout for this context (a form older than
   * a session would be has expired either way), or {@link #FALLBACK_LIFETIME} when sessions never
   * time out or the container does not say.
   */
  static Duration lifetime(ServletContext context) {
    int minutes;
    try {
      minutes = context.getSessionTimeout();
    } catch (UnsupportedOperationException notSaid) {
      return FALLBACK_LIFETIME;
    }
    return minutes > 0 ? Duration.ofMinutes(minutes) : FALLBACK_LIFETIME;
  }

  /** The MAC of the three, each on a line of its own: no value holds a line break. */
  private String sign(String cookieValue, long issued, String canonicalQuery) {
    String message = cookieValue + "\n" + issued + "\n" + canonicalQuery;
    byte[] mac = HmacSha256.newMac(key).doFinal(message.getBytes(StandardCharsets.UTF_8));
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
    // Secure over HTTPS, also behind a TLS-terminating proxy the container was told to trust
    // (Tomcat's RemoteIpValve, Jetty's ForwardedRequestCustomizer, Payara's scheme-mapping).
    cookie.setSecure(request.isSecure());
    // Strict: a cross-site POST arrives without it, so only this site can submit the form.
    cookie.setAttribute("SameSite", "Strict");
    cookie.setMaxAge(maxAge);
    return cookie;
  }
}
