package org.pinoauth.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
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
import java.util.Collection;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

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
  private final Map<String, Counter> tokenCounters = new HashMap<>();

  /** With a token counter for each of {@code grants} (their wire names), at zero until used. */
  public Metrics(Collection<String> grants) {
    for (String grant : grants) {
      tokenCounters.put(
          grant,
          Counter.builder("pinoauth.tokens.issued")
              .description("Token responses sent, by grant type")
              .tag("grant", grant)
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

  /** A token response sent for {@code grant}, one of the wire names given at construction. */
  public void recordTokenIssued(String grant) {
    tokenCounters.get(grant).increment();
  }

  /**
   * Publishes the number of keys locked out now, as {@code active} counts it, under {@code kind}.
   */
  public void watchLockouts(String kind, IntSupplier active) {
    Gauge.builder("pinoauth.lockouts.active", active, IntSupplier::getAsInt)
        .strongReference(true)
        .description("(Account, address) pairs and addresses locked out after failed attempts")
        .tag("kind", kind.toLowerCase(Locale.ROOT))
        .register(registry);
  }

  /**
   * Publishes the number of requests held aside right now (the sign-in slowdown), each waiting
   * without a thread, as {@code waiting} counts them.
   */
  public void watchWaitingRequests(IntSupplier waiting) {
    Gauge.builder("pinoauth.requests.waiting", waiting, IntSupplier::getAsInt)
        .strongReference(true)
        .description("Requests waiting before their password is checked (sign-in slowdown)")
        .register(registry);
  }

  /**
   * Publishes the node caches' answers from memory ({@code hits}), their reads of the store ({@code
   * readThroughs}), and how long ago the node last confirmed they are fresh ({@code age}, seconds;
   * 0 on a node that makes every change itself, -1 before the first confirmation).
   */
  public void watchCaches(LongSupplier hits, LongSupplier readThroughs, DoubleSupplier age) {
    FunctionCounter.builder("pinoauth.cache.hits", hits, LongSupplier::getAsLong)
        .description("Answers of apps and token liveness from the node's caches")
        .register(registry);
    FunctionCounter.builder("pinoauth.cache.read.throughs", readThroughs, LongSupplier::getAsLong)
        .description("Reads of apps and token liveness that went to the store")
        .register(registry);
    Gauge.builder("pinoauth.cache.freshness.age", age, DoubleSupplier::getAsDouble)
        .strongReference(true)
        .baseUnit("seconds")
        .description("Time since the node last confirmed its caches fresh (change log poll)")
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
