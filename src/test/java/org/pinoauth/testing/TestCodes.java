package org.pinoauth.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.pinoauth.crypto.TokenHasher;
import org.pinoauth.scope.Scopes;
import org.pinoauth.store.AuthorizationCode;
import org.pinoauth.token.TokenMinter;

/**
 * Issues authorization codes through the store, as the authorization endpoint does once a user
 * allows: {@code TestCodes.code(app).scopes("pins:read").issueOn(server)} returns the code value.
 */
public final class TestCodes {
  private final TestApps.TestApp app;
  private String username = "pinner";
  private String redirectUri = "http://localhost:8085/";
  private Scopes scopes = Scopes.parse("boards:read pins:read");
  private String challenge;
  private String method;
  private Instant issuedAt = Instant.now();
  private Duration ttl = Duration.ofMinutes(10);

  private TestCodes(TestApps.TestApp app) {
    this.app = app;
  }

  public static TestCodes code(TestApps.TestApp app) {
    return new TestCodes(app);
  }

  public TestCodes username(String value) {
    username = value;
    return this;
  }

  public TestCodes redirectUri(String value) {
    redirectUri = value;
    return this;
  }

  public TestCodes scopes(String list) {
    scopes = Scopes.parse(list);
    return this;
  }

  public TestCodes challenge(String value, String challengeMethod) {
    challenge = value;
    method = challengeMethod;
    return this;
  }

  /** A code issued {@code age} ago, so one older than 10 minutes has expired. */
  public TestCodes issuedAgo(Duration age) {
    issuedAt = Instant.now().minus(age);
    return this;
  }

  /** Stores the code and returns its value. */
  public String issueOn(TestServer server) {
    String value = new TokenMinter().mint("");
    server
        .pinoauth()
        .codes()
        .issue(
            new AuthorizationCode(
                TokenHasher.hash(value),
                app.clientId(),
                username,
                redirectUri,
                scopes,
                Optional.ofNullable(challenge),
                Optional.ofNullable(method),
                issuedAt,
                issuedAt.plus(ttl)));
    return value;
  }
}
