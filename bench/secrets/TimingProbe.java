import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * What the time of a client authentication tells an outsider. Sends token requests of five kinds
 * to a running pinoauth (loopback, one keep-alive connection, one request at a time), interleaved:
 * each round sends one of every kind in a shuffled order, so that drifts in machine load fall on
 * all kinds alike. Prints each kind's median wall time and, against an unknown client id, the
 * median of the per-round differences. Needs the server's failure limits off (bench/secrets/run
 * starts it so), or the wrong secrets would lock themselves out.
 *
 * <p>Arguments: base URL, rounds (default 200), warm-up rounds (default 50).
 */
public final class TimingProbe {
  /** The long (sha256) bootstrap secret bench/secrets/run registers for app 2345678. */
  private static final String LONG_SECRET = "3f9c1e7a5b2d4c6e8f0a1b3c5d7e9f10";

  /** Each kind: client id and secret sent, and the status it must get. */
  private record Kind(String name, String clientId, String secret, int status) {}

  public static void main(String[] args) throws Exception {
    URI token = URI.create(args[0] + "/v5/oauth/token");
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 50;
    List<Kind> kinds =
        List.of(
            new Kind("unknown id, wrong secret", "9999999", "wrong-guess", 401),
            new Kind("sha256 app, wrong secret", "2345678", "wrong-guess", 401),
            new Kind("pbkdf2 app, wrong secret", "1234567", "wrong-guess", 401),
            new Kind("sha256 app, right secret", "2345678", LONG_SECRET, 200),
            new Kind("pbkdf2 app, right secret (cached)", "1234567", "dev-secret", 200));
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    Map<Kind, List<Long>> times = new LinkedHashMap<>();
    kinds.forEach(kind -> times.put(kind, new ArrayList<>()));
    Random random = new Random(12);
    for (int round = 0; round < warmup + rounds; round++) {
      List<Kind> order = new ArrayList<>(kinds);
      Collections.shuffle(order, random);
      for (Kind kind : order) {
        long nanos = send(client, token, kind);
        if (round >= warmup) {
          times.get(kind).add(nanos);
        }
      }
    }
    List<Long> unknown = times.get(kinds.get(0));
    System.out.printf("%d interleaved rounds after %d warm-up rounds, wall time per request%n", rounds, warmup);
    for (Kind kind : kinds) {
      List<Long> mine = times.get(kind);
      List<Long> differences = new ArrayList<>();
      for (int i = 0; i < mine.size(); i++) {
        differences.add(mine.get(i) - unknown.get(i));
      }
      System.out.printf(
          "%-36s median %9.1f µs  p25 %9.1f µs  p75 %9.1f µs  vs unknown id: median of per-round differences %+9.1f µs%n",
          kind.name(),
          percentile(mine, 50) / 1e3,
          percentile(mine, 25) / 1e3,
          percentile(mine, 75) / 1e3,
          percentile(differences, 50) / 1e3);
    }
  }

  private static long send(HttpClient client, URI token, Kind kind) throws Exception {
    String basic =
        Base64.getEncoder()
            .encodeToString((kind.clientId() + ":" + kind.secret()).getBytes(StandardCharsets.UTF_8));
    HttpRequest request =
        HttpRequest.newBuilder(token)
            .timeout(Duration.ofSeconds(10))
            .header("Authorization", "Basic " + basic)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope=pins:read"))
            .build();
    long start = System.nanoTime();
    HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
    long nanos = System.nanoTime() - start;
    if (response.statusCode() != kind.status()) {
      throw new IllegalStateException(kind.name() + ": expected " + kind.status() + ", got " + response.statusCode() + " " + response.body());
    }
    return nanos;
  }

  private static double percentile(List<Long> values, int percent) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(Math.min(sorted.size() - 1, sorted.size() * percent / 100));
  }
}
