package org.pinoauth.bench.jmh;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.pinoauth.client.BasicCredentials;
import org.pinoauth.client.ClientCredentials;
import org.pinoauth.client.Secret;
import org.pinoauth.client.SecretHasher;
import org.pinoauth.scope.Scopes;
import org.pinoauth.token.AccessToken;
import org.pinoauth.token.AccessTokenSealer;
import org.pinoauth.crypto.TokenHasher;
import org.pinoauth.token.TokenMinter;
import org.pinoauth.token.TokenResponse;
import org.pinoauth.http.Form;
import org.pinoauth.http.FormParser;
import org.pinoauth.http.Json;

/**
 * The CPU-only pieces of one token request, each alone (bench/README.md): what pinoauth spends
 * per request before and after the store. Average time per call, nanoseconds. On a 2-core machine
 * shared with other work these are a guide to relative cost, not stable absolute numbers.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class HotPathBenchmark {
  private static final String SECRET = "Zk3v9Q2mXo1bT7cR4yN8hL0wE5uJ6sA3dF9gK2pV1qM";

  private byte[] refreshBody;
  private byte[] codeBody;
  private String basicHeader;
  private String storedSecretHash;
  private TokenMinter minter;
  private TokenResponse response;
  private AccessTokenSealer sealer;
  private AccessToken claims;
  private String sealed;

  @Setup
  public void setUp() {
    // The bodies bench/wrk sends for a refresh and for a code exchange.
    refreshBody =
        ("grant_type=refresh_token&refresh_token=pinr_"
                + "Wm2m20-lYmGgulDj2pbHMoGf0MFxZHzzsufsVRw14Xc")
            .getBytes(StandardCharsets.US_ASCII);
    codeBody =
        ("grant_type=authorization_code&code=kQ3c0mX7bT2rY9nL4hW8eU1sJ6aD5fG0pV3qM2zK7tR"
                + "&redirect_uri=http%3A%2F%2Flocalhost%3A8085%2F")
            .getBytes(StandardCharsets.US_ASCII);
    basicHeader =
        "Basic "
            + Base64.getEncoder()
                .encodeToString(("9000001:" + SECRET).getBytes(StandardCharsets.UTF_8));
    storedSecretHash = SecretHasher.hash(new Secret(SECRET));
    minter = new TokenMinter();
    sealer = new AccessTokenSealer(new byte[32]);
    Instant now = Instant.now();
    claims =
        new AccessToken(
            AccessToken.NO_FAMILY,
            now,
            "9000001",
            "bench",
            Scopes.parse("boards:read pins:read"),
            now,
            now.plusSeconds(2_592_000));
    sealed = sealer.seal(claims);
    response =
        new TokenResponse(
            minter.mint(TokenMinter.ACCESS_TOKEN_PREFIX),
            "bearer",
            2_592_000,
            "boards:read pins:read user_accounts:read",
            "everlasting_refresh",
            minter.mint(TokenMinter.REFRESH_TOKEN_PREFIX),
            5_184_000L,
            1_799_999_999L);
  }

  /** FormParser.parse of a refresh request body (no escapes: the fast path). */
  @Benchmark
  public Form formParseRefresh() {
    return FormParser.parse(refreshBody);
  }

  /** FormParser.parse of a code exchange body (a percent-encoded redirect_uri). */
  @Benchmark
  public Form formParseCodeExchange() {
    return FormParser.parse(codeBody);
  }

  /** BasicCredentials.parse of the Authorization header. */
  @Benchmark
  public ClientCredentials basicDecode() {
    return BasicCredentials.parse(basicHeader);
  }

  /** SecretHasher.matches: the salted SHA-256 check of the client secret. */
  @Benchmark
  public boolean secretMatches() {
    return SecretHasher.matches(new Secret(SECRET), storedSecretHash);
  }

  /** Client authentication without the store: decode the header, check the secret. */
  @Benchmark
  public boolean basicDecodeAndSecretCheck() {
    return SecretHasher.matches(BasicCredentials.parse(basicHeader).secret(), storedSecretHash);
  }

  /** TokenMinter.mint: 256 bits from SecureRandom, base64url, prefixed. */
  @Benchmark
  public String mint() {
    return minter.mint(TokenMinter.ACCESS_TOKEN_PREFIX);
  }

  /** TokenMinter.mint then TokenHasher.hash: one token as the store gets it. */
  @Benchmark
  public String mintAndHash() {
    return TokenHasher.hash(minter.mint(TokenMinter.ACCESS_TOKEN_PREFIX));
  }

  /** TokenHasher.hash of a presented token (each refresh, code and introspection does one). */
  @Benchmark
  public String hash() {
    return TokenHasher.hash("pinr_Wm2m20-lYmGgulDj2pbHMoGf0MFxZHzzsufsVRw14Xc");
  }

  /** AccessTokenSealer.seal: what issuing an access token costs now that it writes nothing. */
  @Benchmark
  public String sealAccessToken() {
    return sealer.seal(claims);
  }

  /** AccessTokenSealer.open: the first step of introspection and of the user account. */
  @Benchmark
  public Optional<AccessToken> openAccessToken() {
    return sealer.open(sealed);
  }

  /** Json.toJson of a rotating refresh answer (JSON-B, yasson). */
  @Benchmark
  public String jsonTokenResponse() {
    return Json.toJson(response);
  }
}
