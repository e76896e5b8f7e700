package org.pinoauth.dev;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The curl of {@code /dev/callback}, read by a real {@code /bin/sh} as a person's paste would be:
 * {@code curl} is a shell function there that prints the arguments it got, one per line.
 */
class ExchangeCurlTest {
  private static final String BASE = "http://localhost:8080";
  private static final String REDIRECT_URI = BASE + "/dev/callback";

  @Test
  void ofWhenPlainCodeThenReadableCommandWithThePinoauthVariable() {
    String command = ExchangeCurl.of(BASE, "1234567", "dev-secret", "AbC-12_x", REDIRECT_URI);

    assertEquals(
        """
        PINOAUTH=http://localhost:8080
        curl -u 1234567:dev-secret "$PINOAUTH/v5/oauth/token" \\
          -d grant_type=authorization_code \\
          --data-urlencode code=AbC-12_x \\
          --data-urlencode redirect_uri=http://localhost:8080/dev/callback""",
        command);
  }

  @Test
  void ofWhenPastedIntoShellThenCurlGetsTheTokenRequest() throws Exception {
    String command = ExchangeCurl.of(BASE, "1234567", "dev-secret", "AbC-12_x", REDIRECT_URI);

    assertEquals(
        List.of(
            "-u",
            "1234567:dev-secret",
            "http://localhost:8080/v5/oauth/token",
            "-d",
            "grant_type=authorization_code",
            "--data-urlencode",
            "code=AbC-12_x",
            "--data-urlencode",
            "redirect_uri=http://localhost:8080/dev/callback"),
        curlArguments(command));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "$(touch /tmp/pinoauth-pwned)",
        "`id`",
        "a'b",
        "'; rm -rf ~; '",
        "a\"b $HOME \\ *",
        "line\nbreak; id",
        "&& id || id | id > /dev/null"
      })
  void ofWhenCodeHostileThenCurlGetsItAsOneArgumentAndNothingRuns(String code) throws Exception {
    String command = ExchangeCurl.of(BASE, "1234567", "dev-secret", code, REDIRECT_URI);

    List<String> arguments = curlArguments(command);

    assertEquals("code=" + code, arguments.get(6));
    assertEquals(9, arguments.size(), arguments.toString());
  }

  @Test
  void shellQuoteWhenPlainThenUnchangedElseSingleQuoted() {
    assertEquals("code=abc-_.:/", ExchangeCurl.shellQuote("code=abc-_.:/"));
    assertEquals("'a b'", ExchangeCurl.shellQuote("a b"));
    assertEquals("'it'\\''s'", ExchangeCurl.shellQuote("it's"));
    assertEquals("''", ExchangeCurl.shellQuote(""));
  }

  /**
   * Runs {@code command} in {@code /bin/sh} with {@code curl} defined as a function that prints
   * each argument NUL-terminated, and returns the arguments; fails if the shell wrote anything
   * else.
   */
  private static List<String> curlArguments(String command)
      throws IOException, InterruptedException {
    Process shell =
        new ProcessBuilder("/bin/sh", "-c", "curl() { printf '%s\\0' \"$@\"; }\n" + command)
            .redirectErrorStream(true)
            .start();
    byte[] output = shell.getInputStream().readAllBytes();
    assertEquals(true, shell.waitFor(10, TimeUnit.SECONDS));
    assertEquals(0, shell.exitValue(), new String(output, StandardCharsets.UTF_8));
    String text = new String(output, StandardCharsets.UTF_8);
    return List.of(text.substring(0, text.length() - 1).split("\0", -1));
  }
}
