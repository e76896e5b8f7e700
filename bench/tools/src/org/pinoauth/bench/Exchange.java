package org.pinoauth.bench;

import java.io.BufferedWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns pre-issued authorization codes into live refresh tokens through pinoauth's own token
 * endpoint (one code exchange each), so the refresh-rotation scenario has one distinct live refresh
 * token per request (bench/README.md). Any answer but 200 with a refresh token stops it with the
 * status and body: a pool is complete or not made.
 *
 * <p>Usage: {@code Exchange URL AUTHORIZATION REDIRECT_URI THREADS IN=OUT [IN=OUT ...]}, where
 * AUTHORIZATION is the whole {@code Authorization} header value.
 */
public final class Exchange {
  private static final Pattern REFRESH = Pattern.compile("\"refresh_token\":\"([^\"]+)\"");

  private Exchange() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 5) {
      System.err.println("usage: Exchange URL AUTHORIZATION REDIRECT_URI THREADS IN=OUT ...");
      System.exit(2);
    }
    URI url = URI.create(args[0]);
    String authorization = args[1];
    String redirect = URLEncoder.encode(args[2], StandardCharsets.UTF_8);
    int threads = Integer.parseInt(args[3]);
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    for (int a = 4; a < args.length; a++) {
      String[] job = args[a].split("=", 2);
      exchange(client, url, authorization, redirect, threads, Path.of(job[0]), Path.of(job[1]));
    }
  }

  private static void exchange(
      HttpClient client,
      URI url,
      String authorization,
      String redirect,
      int threads,
      Path in,
      Path out)
      throws Exception {
    long started = System.nanoTime();
    List<String> codes = Files.readAllLines(in, StandardCharsets.US_ASCII);
    String[] refreshTokens = new String[codes.size()];
    AtomicReference<String> failure = new AtomicReference<>();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> parts = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int first = t;
        parts.add(
            pool.submit(
                () -> {
                  for (int i = first; i < codes.size() && failure.get() == null; i += threads) {
                    String body =
                        "grant_type=authorization_code&code="
                            + codes.get(i)
                            + "&redirect_uri="
                            + redirect;
                    HttpRequest request =
                        HttpRequest.newBuilder(url)
                            .timeout(Duration.ofSeconds(30))
                            .header("Authorization", authorization)
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build();
                    HttpResponse<String> response =
                        client.send(request, HttpResponse.BodyHandlers.ofString());
                    Matcher token = REFRESH.matcher(response.body());
                    if (response.statusCode() != 200 || !token.find()) {
                      failure.compareAndSet(
                          null,
                          "code exchange answered "
                              + response.statusCode()
                              + " "
                              + response.body()
                              + " (x-pinterest-rid "
                              + response.headers().firstValue("x-pinterest-rid").orElse("-")
                              + ")");
                      return null;
                    }
                    refreshTokens[i] = token.group(1);
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
    if (failure.get() != null) {
      System.err.println("pinoauth-bench: " + failure.get());
      System.exit(1);
    }
    try (BufferedWriter writer = Files.newBufferedWriter(out, StandardCharsets.US_ASCII)) {
      for (String token : refreshTokens) {
        writer.write(token);
        writer.newLine();
      }
    }
    long ms = (System.nanoTime() - started) / 1_000_000;
    System.out.printf(
        "pinoauth-bench: %d codes exchanged over HTTP in %d ms (%.0f/s) -> %s%n",
        codes.size(), ms, codes.size() * 1000.0 / Math.max(1, ms), out);
  }
}
