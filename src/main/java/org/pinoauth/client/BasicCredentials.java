package org.pinoauth.client;

import java.util.Base64;
import org.pinoauth.error.OAuthError;
import org.pinoauth.error.OAuthException;
import org.pinoauth.http.FormParser;
import org.pinoauth.http.StrictUtf8;

/**
 * Decodes {@code Authorization: Basic base64(client_id ":" client_secret)} strictly: the scheme in
 * any letter case (RFC 7617 §2), standard Base64, UTF-8, split at the first colon, and both halves
 * form-url-decoded as RFC 6749 §2.3.1 requires of clients. Anything else is {@code invalid_client}.
 */
public final class BasicCredentials {

  private BasicCredentials() {}

  /** Client credentials: both halves form-url-decoded (RFC 6749 §2.3.1). */
  public static ClientCredentials parse(String header) {
    String[] pair = userPass(header);
    String clientId = formDecode(pair[0]);
    String secret = formDecode(pair[1]);
    if (clientId.isEmpty()) {
      throw invalid("client_id must not be empty.");
    }
    return new ClientCredentials(clientId, new Secret(secret));
  }

  /**
   * A person's username and password, as RFC 7617 sends them: decoded from Base64 and split at the
   * first colon, nothing more (a password may hold {@code %} and {@code +}).
   */
  public static ClientCredentials parseUser(String header) {
    String[] pair = userPass(header);
    if (pair[0].isEmpty()) {
      throw invalid("The username must not be empty.");
    }
    return new ClientCredentials(pair[0], new Secret(pair[1]));
  }

  private static String[] userPass(String header) {
    String[] schemeAndToken = header.strip().split(" +", 2);
    if (schemeAndToken.length != 2 || !schemeAndToken[0].equalsIgnoreCase("basic")) {
      throw invalid("The Authorization header must use the Basic scheme.");
    }
    String decoded = utf8(base64(schemeAndToken[1].strip()));
    int colon = decoded.indexOf(':');
    if (colon < 0) {
      throw invalid("Basic credentials must be id:secret.");
    }
    return new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
  }

  private static byte[] base64(String token) {
    try {
      return Base64.getDecoder().decode(token);
    } catch (IllegalArgumentException e) {
      throw invalid("Basic credentials are not valid Base64.");
    }
  }

  private static String utf8(byte[] bytes) {
    return StrictUtf8.decode(bytes).orElseThrow(() -> invalid("Basic credentials must be UTF-8."));
  }

  private static String formDecode(String component) {
    try {
      return FormParser.decode(component);
    } catch (OAuthException e) {
      throw invalid("Basic credentials have a malformed percent-encoding.");
    }
  }

  private static OAuthException invalid(String message) {
    return OAuthError.INVALID_CLIENT.exception(message);
  }
}
