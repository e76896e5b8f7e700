package org.pinoauth.testing;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A small HTTP client for tests, over {@link java.net.http.HttpClient}. */
public final class Http {
  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(10))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();
  private static final Jsonb JSONB = JsonbBuilder.create();

  private Http() {}

  /** A response with its body as text and, when it is JSON, as a map. */
  public record Response(int status, java.net.http.HttpHeaders headers, String body) {
    public Optional<String> header(String name) {
      return headers.firstValue(name);
    }

    public List<String> headers(String name) {
      return headers.allValues(name);
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> json() {
      return JSONB.fromJson(body, Map.class);
    }

    public String string(String field) {
      return (String) json().get(field);
    }

    public long number(String field) {
      return ((Number) json().get(field)).longValue();
    }

    @Override
    public String toString() {
      return status + " " + body;
    }
  }

  /** Form-url-encodes name/value pairs: {@code form("grant_type", "client_credentials", ...)}. */
  public static String form(String... pairs) {
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < pairs.length; i += 2) {
      parts.add(encode(pairs[i]) + "=" + encode(pairs[i + 1]));
    }
    return String.join("&", parts);
  }

  public static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  /**
   * {@code Basic base64(urlencode(id) ":" urlencode(secret))}, as RFC 6749 §2.3.1 has clients send.
   * The tests' one builder of Basic headers: every variant below is built the same way.
   */
  public static String basic(String clientId, String secret) {
    return "Basic " + basicCredentials(clientId, secret);
  }

  /** The credentials of {@link #basic}, without the scheme, for headers with another scheme. */
  public static String basicCredentials(String clientId, String secret) {
    return base64(encode(clientId) + ":" + encode(secret));
  }

  /** {@code Basic base64(pair)} of a pair taken as it is, without form-encoding its halves. */
  public static String basicOfPair(String pair) {
    return "Basic " + base64(pair);
  }

  /** {@code Basic base64(pair)} of these exact bytes, which need not be UTF-8. */
  public static String basicOfPair(byte[] pair) {
    return "Basic " + base64(pair);
  }

  /** Standard Base64 of the UTF-8 bytes of {@code text}. */
  public static String base64(String text) {
    return base64(text.getBytes(StandardCharsets.UTF_8));
  }

  public static String base64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  public static Response postForm(URI uri, String authorization, String body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return send(request.build());
  }

  public static Response get(URI uri, String... headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return send(request.GET().build());
  }

  public static Response send(HttpRequest request) {
    try {
      HttpResponse<String> response =
          CLIENT.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return new Response(response.statusCode(), response.headers(), response.body());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
