package org.pinoauth.http;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import jakarta.json.bind.JsonbException;
import jakarta.json.bind.config.PropertyNamingStrategy;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;

/**
 * The one JSON-B instance of the application (building one is expensive; using it is thread-safe),
 * configured for Pinterest's wire names: {@code snake_case} properties and no {@code null} fields.
 */
public final class Json {
  private static final Jsonb JSONB =
      JsonbBuilder.create(
          new JsonbConfig()
              .withPropertyNamingStrategy(PropertyNamingStrategy.LOWER_CASE_WITH_UNDERSCORES)
              .withNullValues(false));

  private Json() {}

  /** The JSON-B implementation in use (for {@link Libraries}' start-up line). */
  public static Class<?> implementation() {
    return JSONB.getClass();
  }

  public static String toJson(Object value) {
    return JSONB.toJson(value);
  }

  /**
   * Reads {@code type} from JSON.
   *
   * @throws JsonbException when the input is not JSON of that shape
   */
  public static <T> T fromJson(InputStream in, Type type) {
    return JSONB.fromJson(in, type);
  }

  public static <T> T fromJson(String json, Class<T> type) {
    return JSONB.fromJson(json, type);
  }

  /**
   * Writes {@code body} as the whole response with the headers every OAuth answer carries (RFC 6749
   * §5.1): tokens and errors must never be cached.
   */
  public static void write(HttpServletResponse response, int status, Object body)
      throws IOException {
    byte[] bytes = toJson(body).getBytes(StandardCharsets.UTF_8);
    response.setStatus(status);
    response.setContentType("application/json");
    NoStore.setWithPragma(response);
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
  }
}
