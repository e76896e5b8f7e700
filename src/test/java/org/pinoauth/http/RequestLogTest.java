package org.pinoauth.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RequestLogTest {
  private final Logger accessLog = Logger.getLogger("org.pinoauth.access");
  private final List<LogRecord> records = new CopyOnWriteArrayList<>();
  private final Handler collector =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          records.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };
  private Level level;

  @BeforeEach
  void collect() {
    level = accessLog.getLevel();
    accessLog.addHandler(collector);
  }

  @AfterEach
  void stopCollecting() {
    accessLog.removeHandler(collector);
    accessLog.setLevel(level);
  }

  /** A request with these attributes, answering only what RequestLog asks of it. */
  private static HttpServletRequest request(String method, String uri, Map<String, Object> attrs) {
    Map<String, Object> attributes = new HashMap<>(attrs);
    return (HttpServletRequest)
        Proxy.newProxyInstance(
            RequestLogTest.class.getClassLoader(),
            new Class<?>[] {HttpServletRequest.class},
            (proxy, call, args) ->
                switch (call.getName()) {
                  case "getMethod" -> method;
                  case "getRequestURI" -> uri;
                  case "getAttribute" -> attributes.get((String) args[0]);
                  case "setAttribute" -> {
                    attributes.put((String) args[0], args[1]);
                    yield null;
                  }
                  default -> throw new UnsupportedOperationException(call.getName());
                });
  }

  @Test
  void writeThenOneInfoLineOnTheAccessLoggerWithItsSourceNamed() {
    accessLog.setLevel(Level.INFO);
    HttpServletRequest request =
        request("POST", "/v5/oauth/token", Map.of(RequestLog.REQUEST_ID, "3632f471479e4240"));
    RequestLog.recordAppId(request, "1234567");
    RequestLog.recordError(request, "invalid_grant", "The authorization code has expired.");

    RequestLog.write(request, "token", 400, 3_900_000);
    RequestLog.awaitWritten(Duration.ofSeconds(5));

    assertEquals(1, records.size());
    LogRecord record = records.get(0);
    assertEquals(
        "rid=3632f471479e4240 method=POST path=/v5/oauth/token endpoint=token status=400"
            + " app=1234567 error=invalid_grant message=\"The authorization code has expired.\""
            + " ms=3",
        record.getMessage());
    assertEquals("org.pinoauth.access", record.getLoggerName());
    assertEquals(Level.INFO, record.getLevel());
    // What a stack walk would have found, so formatters that print the source print the same.
    assertEquals(RequestLog.class.getName(), record.getSourceClassName());
    assertEquals("write", record.getSourceMethodName());
  }

  @Test
  void writeWhenAccessLoggerAtWarningThenNoLine() {
    accessLog.setLevel(Level.WARNING);

    RequestLog.write(
        request("GET", "/healthz", Map.of(RequestLog.REQUEST_ID, "0")), "health", 200, 0);
    RequestLog.awaitWritten(Duration.ofSeconds(5));

    assertTrue(records.isEmpty(), () -> "records: " + records);
  }
}
