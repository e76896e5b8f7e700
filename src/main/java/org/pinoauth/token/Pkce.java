package org.pinoauth.token;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;
import org.pinoauth.crypto.ConstantTime;
import org.pinoauth.crypto.Sha256;
import org.pinoauth.error.OAuthError;
import org.pinoauth.store.AuthorizationCode;

/**
 * Proof Key for Code Exchange (RFC 7636): checks a {@code code_verifier} against the challenge the
 * authorization request bound to the code. {@code S256} always; {@code plain} only for apps
 * registered to allow it. A verifier for a code without a challenge is refused too (RFC 9700
 * §2.1.1), so a PKCE downgrade cannot pass unnoticed.
 */
public final class Pkce {
  public static final String S256 = "S256";
  public static final String PLAIN = "plain";

  /** RFC 7636 §4.1: 43 to 128 unreserved characters; a challenge has the same alphabet. */
  private static final Pattern VALUE = Pattern.compile("[A-Za-z0-9._~-]{43,128}");

  private Pkce() {}

  public static boolean isWellFormed(String verifierOrChallenge) {
    return VALUE.matcher(verifierOrChallenge).matches();
  }

  /**
   * @throws org.pinoauth.error.OAuthException {@code invalid_grant} when the verifier is missing,
   *     malformed, wrong, or sent for a code that had no challenge
   */
  public static void verify(AuthorizationCode code, Optional<String> verifier, boolean allowPlain) {
    if (code.codeChallenge().isEmpty()) {
      if (verifier.isPresent()) {
        throw OAuthError.INVALID_GRANT.exception(
            "code_verifier was sent, but the authorization request had no code_challenge.");
      }
      return;
    }
    String challenge = code.codeChallenge().get();
    String presented =
        verifier.orElseThrow(
            () ->
                OAuthError.INVALID_GRANT.exception(
                    "code_verifier is required: the authorization request had a code_challenge."));
    if (!isWellFormed(presented)) {
      throw OAuthError.INVALID_GRANT.exception(
          "code_verifier must be 43 to 128 characters of A-Z, a-z, 0-9, '-', '.', '_' or '~'.");
    }
    String method = code.codeChallengeMethod().orElse(PLAIN);
    boolean plainAllowed = PLAIN.equals(method) && allowPlain;
    if (!S256.equals(method) && !plainAllowed) {
      throw OAuthError.INVALID_GRANT.exception("The code_challenge_method is not allowed.");
    }
    String derived = S256.equals(method) ? s256(presented) : presented;
    if (!ConstantTime.isEqual(challenge, derived)) {
      throw OAuthError.INVALID_GRANT.exception("code_verifier does not match the code_challenge.");
    }
  }

  /** BASE64URL(SHA256(ASCII(verifier))), RFC 7636 §4.2. */
  public static String s256(String verifier) {
    byte[] digest = Sha256.digest(verifier.getBytes(StandardCharsets.US_ASCII));
    return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
  }
}
