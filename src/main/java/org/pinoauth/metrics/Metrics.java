package org.pinoauth.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.pinoauth.client.GrantType;
import org.pinoauth.http.RequestDelays;
import org.pinoauth.limit.Lockouts;

/**
 * The meters operators watch (served by {@link MetricsServlet} at {@code /metrics}): requests and
 * their latency by endpoint, status and OAuth {@code error}; tokens issued by grant; active
 * lockouts; JVM basics. The store pool's meters are added by HikariCP when pinoauth makes the pool.
 * One registry per deployment, closed with it.
 */
public final class Metrics implements AutoCloseable {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final JvmGcMetrics gc = new JvmGcMetrics();
  private final ConcurrentHashMap<String, Timer> requestTimers = new ConcurrentHashMap<>();
  private final Map<GrantType, Counter> tokenCounters = new EnumMap<>(GrantType.class);

  public Metrics() {
    for (GrantType grant : GrantType.values()) {
      tokenCounters.put(
          grant,
          Counter.builder("pinoauth.tokens.issued")
              .description("Token responses sent, by grant type")
              .tag("grant", grant.wireName())
              .register(registry));
    }
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    gc.bindTo(registry);
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** One answered request. {@code error} is the OAuth error answered, or null. */
  public void recordRequest(String endpoint, int status, String error, long nanos) {
    String errorTag = error == null ? "none" : error;
    // Building a meter id on every request costs more than recording; look it up by a flat key.
    String key = endpoint + '|' + status + '|' + errorTag;
    requestTimers
        .computeIfAbsent(key, k -> requestTimer(endpoint, status, errorTag))
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  private Timer requestTimer(String endpoint, int status, String error) {
    return Timer.builder("pinoauth.requests")
        .description("Requests answered, by endpoint, HTTP status and OAuth error")
        .tag("endpoint", endpoint)
        .tag("status", Integer.toString(status))
        .tag("error", error)
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofSeconds(10))
        .register(registry);
  }

  /** A token response sent for {@code grant}. */
  public void recordTokenIssued(GrantType grant) {
    tokenCounters.get(grant).increment();
  }

  /** Publishes the number of keys locked out by {@code lockouts} under {@code kind}. */
  public void watchLockouts(String kind, Lockouts lockouts) {
    Gauge.builder("pinoauth.lockouts.active", lockouts, Lockouts::activeLockouts)
        .description("(Account, address) pairs and addresses locked out after failed attempts")
        .tag("kind", kind.toLowerCase(Locale.ROOT))
        .register(registry);
  }

  /**
   * Publishes the number of requests {@code delays} holds aside right now (the sign-in slowdown),
   * each waiting without a thread.
   */
  public void watchWaitingRequests(RequestDelays delays) {
    Gauge.builder("pinoauth.requests.waiting", delays, RequestDelays::waiting)
        .description("Requests waiting before their password is checked (sign-in slowdown)")
        .register(registry);
  }

  /** The Prometheus text exposition of every meter. */
  public String scrape() {
    return registry.scrape();
  }

  @Override
  public void close() {
    gc.close();
    registry.close();
  }
}
