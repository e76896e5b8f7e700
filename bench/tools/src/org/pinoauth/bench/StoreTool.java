package org.pinoauth.bench;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.pinoauth.config.Bootstrap;
import org.pinoauth.config.Config;
import org.pinoauth.config.Settings;
import org.pinoauth.metrics.Metrics;
import org.pinoauth.scope.Scopes;
import org.pinoauth.store.AuthorizationCode;
import org.pinoauth.store.jdbc.DataSources;
import org.pinoauth.crypto.TokenHasher;
import org.pinoauth.token.TokenMinter;
import org.pinoauth.boot.Pinoauth;

/**
 * Prepares a pinoauth store for the benchmark while no server has it open (bench/README.md). It
 * opens the store exactly as the server does — {@code Config} from the same {@code pinoauth.*}
 * system properties, {@code DataSources.open} (which migrates), {@code Pinoauth.build} — then:
 *
 * <ol>
 *   <li>registers the benchmark app from the bootstrap file ({@code Bootstrap.load});
 *   <li>optionally grows the store: {@code --growth N} live tokens in realistic rows, written with
 *       batched JDBC inserts (N/2 families from redeemed codes, each with one live access token and
 *       one live refresh token);
 *   <li>issues authorization codes through {@code CodeStore.issue}, as the authorization endpoint
 *       does when a user allows, and writes the code values to one file per pool.
 * </ol>
 *
 * <p>Usage: {@code StoreTool --bootstrap FILE --client-id ID --redirect-uri URI --scope LIST
 * [--code-ttl SECONDS] [--threads N] [--growth N] --out-dir DIR [pool=COUNT ...]}
 */
public final class StoreTool {
  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
  private static final int BATCH = 10_000;
  /** Growth families get ids far above the identity sequence the server draws from. */
  private static final long GROWTH_FAMILY_ID_BASE = 1_000_000_000_000L;

  private StoreTool() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options = new LinkedHashMap<>();
    Map<String, Integer> pools = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].startsWith("--")) {
        if (i + 1 >= args.length) {
          usage("option " + args[i] + " needs a value");
        }
        options.put(args[i].substring(2), args[++i]);
      } else if (args[i].contains("=")) {
        String[] pool = args[i].split("=", 2);
        pools.put(pool[0], Integer.parseInt(pool[1]));
      } else {
        usage("unexpected argument " + args[i]);
      }
    }
    String clientId = required(options, "client-id");
    String redirectUri = required(options, "redirect-uri");
    Scopes scopes = Scopes.parse(required(options, "scope"));
    Duration codeTtl = Duration.ofSeconds(Long.parseLong(options.getOrDefault("code-ttl", "3600")));
    int threads = Integer.parseInt(options.getOrDefault("threads", "4"));
    long growth = Long.parseLong(options.getOrDefault("growth", "0"));
    Path outDir = Path.of(required(options, "out-dir"));
    Files.createDirectories(outDir);

    // The same configuration the server reads (system properties pinoauth.*), no init-parameters.
    Config config = Config.from(Settings.of(name -> null));
    long started = System.nanoTime();
    Metrics metrics = Pinoauth.newMetrics(); // the pool's meters go to it, as in the server
    DataSource dataSource = DataSources.open(Pinoauth.storeSettings(config), metrics.registry());
    try {
      Pinoauth pinoauth = Pinoauth.build(config, Clock.systemUTC(), dataSource, metrics);
      Bootstrap.load(Path.of(required(options, "bootstrap")), pinoauth.apps(), config.scopes());
      log("store open, migrated, app %s registered in %d ms", clientId, millisSince(started));
      if (growth > 0) {
        grow(dataSource, clientId, redirectUri, scopes, growth, config);
      }
      for (Map.Entry<String, Integer> pool : pools.entrySet()) {
        issueCodes(
            pinoauth,
            clientId,
            redirectUri,
            scopes,
            codeTtl,
            threads,
            pool.getValue(),
            outDir.resolve(pool.getKey() + ".txt"));
      }
    } finally {
      DataSources.close(dataSource);
      metrics.close();
    }
  }

  /** Issues {@code count} codes on {@code threads} threads and writes their values, one a line. */
  private static void issueCodes(
      Pinoauth pinoauth,
      String clientId,
      String redirectUri,
      Scopes scopes,
      Duration ttl,
      int threads,
      int count,
      Path out)
      throws Exception {
    long started = System.nanoTime();
    TokenMinter minter = new TokenMinter();
    String[] values = new String[count];
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> parts = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int first = t;
        parts.add(
            pool.submit(
                () -> {
                  for (int i = first; i < count; i += threads) {
                    String value = minter.mint("");
                    Instant now = Instant.now();
                    pinoauth
                        .codes()
                        .issue(
                            new AuthorizationCode(
                                TokenHasher.hash(value),
                                clientId,
                                "bench-user-" + (i % 1000),
                                redirectUri,
                                scopes,
                                Optional.empty(),
                                Optional.empty(),
                                now,
                                now.plus(ttl)));
                    values[i] = value;
                  }
                  return null;
                }));
      }
      for (Future<?> part : parts) {
        part.get();
      }
    } finally {
      pool.shutdownNow();
      pool.awaitTermination(10, TimeUnit.SECONDS);
    }
    try (BufferedWriter writer = Files.newBufferedWriter(out, StandardCharsets.US_ASCII)) {
      for (String value : values) {
        writer.write(value);
        writer.newLine();
      }
    }
    long ms = millisSince(started);
    log(
        "%d codes issued through CodeStore.issue in %d ms (%.0f/s) -> %s",
        count, ms, count * 1000.0 / Math.max(1, ms), out);
  }

  /**
   * Inserts {@code tokens} live refresh tokens as a busy server would have them: {@code tokens}
   * families, each from a redeemed code, holding one live rotating refresh token, issued over the
   * last 28 days to 100,000 users, and one revoked access token for every tenth family. Access
   * tokens are sealed and have no rows; what a store holds is refresh tokens, families, codes and
   * revocations. Hashes are base64url SHA-256 of random values, as pinoauth stores them.
   *
   * <p>The rows go in sorted by every indexed column (hashes sorted, issue times rising), so each
   * index grows at its right edge: H2 rewrites only the pages a commit touches, and random-order
   * inserts of a million rows would rewrite most of every index on every commit (hours, and a
   * file of many GB). The rows themselves, and so every lookup the benchmark makes, are the same.
   */
  private static void grow(
      DataSource dataSource,
      String clientId,
      String redirectUri,
      Scopes scopes,
      long tokens,
      Config config)
      throws SQLException {
    long started = System.nanoTime();
    int families = Math.toIntExact(Math.max(1, tokens));
    SecureRandom random = new SecureRandom();
    String[] codeHashes = sortedRandomHashes(random, families);
    String[] revokedHashes = sortedRandomHashes(random, families / 10 + 1);
    String[] refreshHashes = sortedRandomHashes(random, families);
    log("growth: %d x 3 hashes made in %d ms", families, millisSince(started));
    String scope = scopes.toString();
    long now = System.currentTimeMillis();
    long accessTtl = config.accessTokenTtl().toMillis();
    long refreshTtl = config.refreshTokenTtl().toMillis();
    long codeTtl = config.codeTtl().toMillis();
    long window = Duration.ofDays(28).toMillis(); // Access tokens live 30 days: all still live.
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try (PreparedStatement code =
              connection.prepareStatement(
                  "INSERT INTO authorization_code (code_hash, client_id, username, redirect_uri,"
                      + " scope, code_challenge, code_challenge_method, issued_at, expires_at,"
                      + " redeemed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
          PreparedStatement family =
              connection.prepareStatement(
                  "INSERT INTO token_family (id, client_id, username, code_hash, created_at)"
                      + " VALUES (?, ?, ?, ?, ?)");
          PreparedStatement revoked =
              connection.prepareStatement(
                  "INSERT INTO revoked_access_token (token_hash, expires_at) VALUES (?, ?)");
          PreparedStatement refresh =
              connection.prepareStatement(
                  "INSERT INTO refresh_token (token_hash, family_id, client_id, username, scope,"
                      + " rotating, issued_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
        for (int i = 0; i < families; i++) {
          String username = "growth-user-" + random.nextInt(100_000);
          long issuedAt = now - window + (window * i / families);
          long familyId = GROWTH_FAMILY_ID_BASE + i;

          code.setString(1, codeHashes[i]);
          code.setString(2, clientId);
          code.setString(3, username);
          code.setString(4, redirectUri);
          code.setString(5, scope);
          code.setNull(6, Types.VARCHAR);
          code.setNull(7, Types.VARCHAR);
          code.setLong(8, issuedAt - 5_000);
          code.setLong(9, issuedAt - 5_000 + codeTtl);
          code.setLong(10, issuedAt);
          code.addBatch();

          family.setLong(1, familyId);
          family.setString(2, clientId);
          family.setString(3, username);
          family.setString(4, codeHashes[i]);
          family.setLong(5, issuedAt);
          family.addBatch();

          if (i % 10 == 0) {
            revoked.setString(1, revokedHashes[i / 10]);
            revoked.setLong(2, issuedAt + accessTtl);
            revoked.addBatch();
          }

          refresh.setString(1, refreshHashes[i]);
          refresh.setLong(2, familyId);
          refresh.setString(3, clientId);
          refresh.setString(4, username);
          refresh.setString(5, scope);
          refresh.setBoolean(6, true);
          refresh.setLong(7, issuedAt);
          refresh.setLong(8, issuedAt + refreshTtl);
          refresh.addBatch();

          if ((i + 1) % BATCH == 0 || i + 1 == families) {
            code.executeBatch();
            family.executeBatch();
            revoked.executeBatch();
            refresh.executeBatch();
            connection.commit();
          }
          if ((i + 1) % 100_000 == 0) {
            log("growth: %d of %d families written (%d ms)", i + 1, families, millisSince(started));
          }
        }
      }
    }
    long ms = millisSince(started);
    log(
        "growth: %d live refresh tokens (%d families, %d redeemed codes, %d revoked access"
            + " tokens) inserted in %d ms (%.0f rows/s)",
        families,
        families,
        families,
        families / 10 + 1,
        ms,
        families * 3.1 * 1000.0 / Math.max(1, ms));
  }

  private static String[] sortedRandomHashes(SecureRandom random, int count) {
    String[] hashes = new String[count];
    for (int i = 0; i < count; i++) {
      hashes[i] = randomHash(random);
    }
    java.util.Arrays.sort(hashes); // Byte order of ASCII = the databases' C/binary collation.
    return hashes;
  }

  private static String randomHash(SecureRandom random) {
    byte[] value = new byte[32];
    random.nextBytes(value);
    // The hash of a random value: what pinoauth stores for a token or code it minted.
    return TokenHasher.hash(BASE64URL.encodeToString(value));
  }

  private static long millisSince(long nanos) {
    return (System.nanoTime() - nanos) / 1_000_000;
  }

  private static String required(Map<String, String> options, String name) {
    String value = options.get(name);
    if (value == null) {
      usage("--" + name + " is required");
    }
    return value;
  }

  private static void usage(String problem) {
    System.err.println("StoreTool: " + problem);
    System.err.println(
        "usage: StoreTool --bootstrap FILE --client-id ID --redirect-uri URI --scope LIST"
            + " [--code-ttl SECONDS] [--threads N] [--growth N] --out-dir DIR [pool=COUNT ...]");
    System.exit(2);
  }

  private static void log(String format, Object... args) {
    System.out.println("pinoauth-bench: " + String.format(format, args));
    System.out.flush();
  }
}
