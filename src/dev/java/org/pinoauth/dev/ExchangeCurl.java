package org.pinoauth.dev;

import java.util.regex.Pattern;

/**
 * The {@code curl} command that exchanges a code at the token endpoint, as the development page
 * shows it: it sets {@code PINOAUTH} (the server's address, the variable every doc's example uses)
 * and then calls {@code "$PINOAUTH/v5/oauth/token"}, so it works when pasted into a POSIX shell as
 * it is. The code and the redirect URI reached the page in its query, which anyone can write: each
 * value is shell-quoted, so a crafted link cannot make the pasted command run anything else.
 */
final class ExchangeCurl {
  /** Characters a shell word may hold unquoted (as Python's {@code shlex.quote} allows). */
  private static final Pattern PLAIN_WORD = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

  private ExchangeCurl() {}

  static String of(
      String baseUrl, String clientId, String clientSecret, String code, String redirectUri) {
    return "PINOAUTH="
        + shellQuote(baseUrl)
        + "\ncurl -u "
        + shellQuote(clientId + ":" + clientSecret)
        + " \"$PINOAUTH/v5/oauth/token\" \\\n"
        + "  -d grant_type=authorization_code \\\n"
        + "  --data-urlencode "
        + shellQuote("code=" + code)
        + " \\\n"
        + "  --data-urlencode "
        + shellQuote("redirect_uri=" + redirectUri);
  }

  /**
   * {@code word} as one shell word: unchanged when it holds only plain characters, else in single
   * quotes, inside which a shell expands nothing; a single quote becomes {@code '\''}.
   */
  static String shellQuote(String word) {
    if (PLAIN_WORD.matcher(word).matches()) {
      return word;
    }
    return "'" + word.replace("'", "'\\''") + "'";
  }
}
