package org.pinoauth.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import org.pinoauth.error.OAuthError;
import org.pinoauth.error.OAuthException;
import org.pinoauth.testing.Http;

/**
 * Coverage-guided fuzz tests of {@link BasicCredentials} (CONTRACT §2.1, RFC 6749 §2.3.1, STYLE 5).
 * In {@code mvn verify} they replay the seeds in {@code
 * src/test/resources/org/pinoauth/client/BasicCredentialsFuzzTestInputs/}; {@code JAZZER_FUZZ=1}
 * fuzzes one of them (CONTRIBUTING.md).
 */
public class BasicCredentialsFuzzTest {

  /**
   * Any header value either yields a non-empty client id and a secret, both free of control
   * characters, that a client encoding them as RFC 6749 §2.3.1 says gets back unchanged, or is
   * refused with {@code invalid_client} and a fixed message; nothing else is ever thrown.
   */
  @FuzzTest
  void parseWhenArbitraryHeaderThenCredentialsOrInvalidClient(byte[] data) {
    String header = new String(data, StandardCharsets.UTF_8);
    ClientCredentials credentials;
    try {
      credentials = BasicCredentials.parse(header);
    } catch (OAuthException refused) {
      assertInvalidClient(refused);
      return;
    }
    String id = credentials.clientId();
    String secret = credentials.secret().reveal();
    assertFalse(id.isEmpty(), "an empty client id was accepted");
    assertFalse(hasControlCharacter(id), "a control character in the client id");
    assertFalse(hasControlCharacter(secret), "a control character in the secret");

    ClientCredentials again = BasicCredentials.parse(basic("Basic", id, secret));
    assertEquals(id, again.clientId());
    assertEquals(secret, again.secret().reveal());
  }

  /**
   * A client id and secret that a client form-url-encodes and Base64-encodes, under the scheme in
   * any letter case, decode back to themselves; an empty id, or a control character in either, is
   * {@code invalid_client}. The input is UTF-8 text: the scheme, the id and the secret on three
   * lines, so the seeds stay readable.
   */
  @FuzzTest
  void parseWhenClientEncodedIdAndSecretThenSameIdAndSecret(byte[] data) {
    String[] lines = new String(data, StandardCharsets.UTF_8).split("\n", 3);
    if (lines.length < 3 || !lines[0].equalsIgnoreCase("basic")) {
      return;
    }
    String id = lines[1];
    String secret = lines[2];
    String header = basic(lines[0], id, secret);

    if (id.isEmpty() || hasControlCharacter(id) || hasControlCharacter(secret)) {
      assertInvalidClient(assertThrows(OAuthException.class, () -> BasicCredentials.parse(header)));
    } else {
      ClientCredentials credentials = BasicCredentials.parse(header);
      assertEquals(id, credentials.clientId());
      assertEquals(new Secret(secret), credentials.secret());
    }
  }

  public static String basic(String scheme, String id, String secret) {
    return scheme + " " + Http.basicCredentials(id, secret);
  }

  public static boolean hasControlCharacter(String text) {
    return text.chars().anyMatch(Character::isISOControl);
  }

  /**
   * {@code invalid_client} with a fixed, client-safe sentence (STYLE 7): non-empty printable ASCII,
   * which a message echoing the fuzzed credentials would soon stop being.
   */
  public static void assertInvalidClient(OAuthException refused) {
    assertEquals(OAuthError.INVALID_CLIENT, refused.error());
    String message = refused.getMessage();
    assertTrue(
        message != null
            && !message.isEmpty()
            && message.chars().allMatch(c -> c >= 0x20 && c < 0x7f),
        () -> "not a fixed client-safe message: " + message);
  }
}
