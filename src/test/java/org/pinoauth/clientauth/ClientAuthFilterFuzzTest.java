package org.pinoauth.clientauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.pinoauth.client.BasicCredentials;
import org.pinoauth.client.BasicCredentialsFuzzTest;
import org.pinoauth.client.ClientCredentials;
import org.pinoauth.client.Secret;
import org.pinoauth.error.OAuthError;
import org.pinoauth.error.OAuthException;
import org.pinoauth.http.Form;
import org.pinoauth.http.FormParser;

/**
 * A coverage-guided fuzz test of how {@link ClientAuthFilter#credentials} picks the one
 * authentication method of a request (CONTRACT §2.1). In {@code mvn verify} it replays the seeds in
 * {@code src/test/resources/org/pinoauth/clientauth/ClientAuthFilterFuzzTestInputs/}; {@code
 * JAZZER_FUZZ=1} fuzzes it (CONTRIBUTING.md).
 */
class ClientAuthFilterFuzzTest {

  /**
   * Whatever the Authorization headers and the body, the request presents exactly one method or is
   * refused: {@code invalid_client}, or {@code invalid_request} only for a repeated {@code
   * client_id} or {@code client_secret}. The input is UTF-8 text: one Authorization header a line,
   * an empty line, then the form body, as on the wire.
   */
  @FuzzTest
  void credentialsWhenArbitraryHeadersAndBodyThenExactlyOneMethodOrRefused(byte[] data) {
    String text = new String(data, StandardCharsets.UTF_8);
    int blank = text.indexOf("\n\n");
    List<String> headers =
        blank <= 0 ? List.of() : Arrays.asList(text.substring(0, blank).split("\n", -1));
    byte[] body = (blank < 0 ? text : text.substring(blank + 2)).getBytes(StandardCharsets.UTF_8);
    Form form;
    try {
      form = FormParser.parse(body);
    } catch (OAuthException malformedBody) {
      return; // FormFilter answers these before the client is authenticated.
    }
    List<String> ids = form.parameters().getOrDefault("client_id", List.of());
    List<String> secrets = form.parameters().getOrDefault("client_secret", List.of());

    ClientCredentials credentials;
    try {
      credentials = ClientAuthFilter.credentials(headers, form);
    } catch (OAuthException refused) {
      if (refused.error() == OAuthError.INVALID_REQUEST) {
        assertTrue(ids.size() > 1 || secrets.size() > 1, "invalid_request without a repeat");
      } else {
        BasicCredentialsFuzzTest.assertInvalidClient(refused);
      }
      return;
    }

    assertTrue(headers.size() <= 1, "accepted two Authorization headers");
    assertFalse(credentials.clientId().isEmpty(), "accepted an empty client id");
    if (headers.size() == 1) {
      assertTrue(secrets.isEmpty(), "accepted Basic and client_secret together");
      ClientCredentials basic = BasicCredentials.parse(headers.get(0));
      assertEquals(basic.clientId(), credentials.clientId());
      assertEquals(basic.secret(), credentials.secret());
      if (!ids.isEmpty()) {
        assertEquals(List.of(basic.clientId()), ids, "a body client_id naming another app");
      }
    } else if (ids.size() == 1 && secrets.size() == 1) {
      assertEquals(ids.get(0), credentials.clientId());
      assertEquals(new Secret(secrets.get(0)), credentials.secret());
    } else {
      fail("accepted a request with no single method: " + headers + " " + ids + " " + secrets);
    }
  }
}
