package org.pinoauth.scope;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.pinoauth.error.OAuthError;
import org.pinoauth.error.OAuthException;

/**
 * A coverage-guided fuzz test of {@link Scopes#parse} and {@link ScopeCatalog#requireKnown}
 * (CONTRACT §2.1, RFC 6749 §3.3). In {@code mvn verify} it replays the seeds in {@code
 * src/test/resources/org/pinoauth/scope/ScopesFuzzTestInputs/}; {@code JAZZER_FUZZ=1} fuzzes it
 * (CONTRIBUTING.md).
 */
class ScopesFuzzTest {
  private static final ScopeCatalog PINTEREST = ScopeCatalog.pinterest();

  /** A comma and the characters a regular expression's {@code \s} matches. */
  private static final String SEPARATORS = ", \t\n\u000B\f\r";

  /**
   * Any list parses into sorted, distinct, non-empty names without separators, each taken from the
   * list, whose space-separated form parses back to the same scopes (the stores keep that form);
   * the catalog accepts exactly the lists of names it knows, and refuses the others with {@code
   * invalid_scope} and a message that quotes nothing but a name of a scope's shape.
   */
  @FuzzTest
  void parseWhenArbitraryListThenCanonicalScopes(byte[] data) {
    String list = new String(data, StandardCharsets.UTF_8);
    Scopes scopes = Scopes.parse(list);

    List<String> names = new ArrayList<>(scopes.names());
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      assertFalse(name.isEmpty(), "an empty scope name");
      assertTrue(list.contains(name), () -> "a name that is not in the list: " + name);
      assertFalse(name.chars().anyMatch(c -> SEPARATORS.indexOf(c) >= 0), "a separator in a name");
      assertTrue(scopes.contains(name));
      if (i > 0) {
        assertTrue(names.get(i - 1).compareTo(name) < 0, "names not sorted or not distinct");
      }
    }
    assertEquals(names.isEmpty(), scopes.isEmpty());
    assertEquals(
        scopes,
        Scopes.parse(scopes.toString()),
        () -> "toString() does not parse back: " + codePoints(scopes.toString()));
    assertEquals(scopes, Scopes.of(names));
    assertEquals(scopes, Scopes.parse(String.join(",", names)));

    boolean allKnown = names.stream().allMatch(PINTEREST::knows);
    try {
      PINTEREST.requireKnown(scopes);
      assertTrue(allKnown, "requireKnown accepted an unknown scope");
    } catch (OAuthException refused) {
      assertFalse(allKnown, "requireKnown refused known scopes");
      assertEquals(OAuthError.INVALID_SCOPE, refused.error());
      String message = refused.getMessage();
      int open = message.indexOf('\'');
      if (open >= 0) {
        int close = message.indexOf('\'', open + 1);
        assertTrue(close > open, message);
        String quoted = message.substring(open + 1, close);
        assertTrue(
            quoted.matches("[a-z_]{1,32}:[a-z_]{1,32}"),
            () -> "quotes more than a name: " + message);
        assertTrue(names.contains(quoted), "quotes a name that is not in the list");
      }
    }
    ScopeCatalog.of(scopes).requireKnown(scopes);
  }

  private static List<Integer> codePoints(String text) {
    return text.codePoints().boxed().toList();
  }
}
