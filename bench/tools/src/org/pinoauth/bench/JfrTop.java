package org.pinoauth.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarises where a server's CPU went in a JFR recording (bench/run --profile): the CPU samples
 * ({@code jdk.ExecutionSample}) attributed three ways —
 *
 * <ul>
 *   <li>by <b>component</b>: the first frame from the top of the stack outside the JDK's own
 *       packages names the library (H2, HikariCP, yasson, Jetty, pinoauth...), so time in
 *       {@code HashMap.get} called by H2 counts as H2's;
 *   <li>by <b>pinoauth step</b>, inclusive: samples with a frame of that pinoauth method anywhere in
 *       the stack (a sample may count for several steps);
 *   <li>by <b>hottest method</b>, self time: the top frame.
 * </ul>
 *
 * <p>Usage: {@code JfrTop RECORDING.jfr [TOP_N [FROM_EPOCH_MS TO_EPOCH_MS]]}: only the samples taken
 * between FROM and TO when given (bench/run records from JVM start and keeps each measured window).
 * Prints markdown.
 */
public final class JfrTop {
  private static final String[] JDK = {"java.", "javax.", "jdk.", "sun.", "com.sun."};
  private static final String[][] COMPONENTS = {
    {"org.h2.", "H2 (store engine)"},
    {"org.postgresql.", "PostgreSQL JDBC driver"},
    {"com.zaxxer.hikari.", "HikariCP (pool)"},
    {"org.flywaydb.", "Flyway"},
    {"org.eclipse.yasson.", "yasson (JSON-B)"},
    {"org.eclipse.parsson.", "parsson (JSON-P)"},
    {"org.eclipse.jetty.", "Jetty"},
    {"org.apache.catalina.", "Tomcat"},
    {"org.apache.coyote.", "Tomcat"},
    {"org.apache.tomcat.", "Tomcat"},
    {"org.apache.juli.", "Tomcat JULI logging"},
    {"org.pinoauth.bench.", "ceiling servlet"},
    {"org.pinoauth.", "pinoauth"},
  };
  /** Inclusive steps of a token, introspection or ceiling request; matched on class.method. */
  private static final String[][] STEPS = {
    {"org.pinoauth.boot.RequestIdFilter.doFilter", "whole request inside pinoauth's filters"},
    {"org.pinoauth.http.RequestLog.write", "  access log line (RequestLog.write)"},
    {"org.pinoauth.http.RequestBody.read", "  body read (RequestBody.read)"},
    {"org.pinoauth.http.FormParser.parse", "  form parse (FormParser.parse)"},
    {"org.pinoauth.clientauth.ClientAuthenticator.authenticate", "  client authentication"},
    {"org.pinoauth.store.jdbc.JdbcAppStore.find", "    app lookup (JdbcAppStore.find)"},
    {"org.pinoauth.client.SecretHasher.matches", "    secret check (SecretHasher.matches)"},
    {"org.pinoauth.token.TokenServlet.doPost", "  token servlet (grant + answer)"},
    {"org.pinoauth.introspect.IntrospectServlet.doPost", "  introspection servlet"},
    {"org.pinoauth.token.TokenFactory.", "    minting + hashing (TokenFactory)"},
    {"org.pinoauth.store.jdbc.JdbcTokenStore.", "    token store (JdbcTokenStore.*)"},
    {"org.pinoauth.store.jdbc.JdbcCodeStore.", "    code store (JdbcCodeStore.*)"},
    {"org.pinoauth.store.jdbc.JdbcConsentStore.", "    consent store (JdbcConsentStore.*)"},
    {"org.pinoauth.http.Json.write", "    answer: JSON-B + headers + body write (Json.write)"},
    {"org.pinoauth.store.jdbc.Jdbc.", "  all store calls (Jdbc.read/transaction)"},
    {"com.zaxxer.hikari.pool.HikariPool.getConnection", "    pool checkout (HikariPool.getConnection)"},
    {"org.h2.jdbc.JdbcConnection.prepareStatement", "    H2 prepareStatement (SQL parse)"},
    {"org.h2.jdbc.JdbcConnection.commit", "    H2 commit"},
    {"org.postgresql.jdbc.PgConnection.commit", "    PostgreSQL commit (wait not included)"},
    {"org.pinoauth.bench.ceiling.CeilingServlet.service", "ceiling servlet"},
  };

  private JfrTop() {}

  public static void main(String[] args) throws IOException {
    Path file = Path.of(args[0]);
    int top = args.length > 1 ? Integer.parseInt(args[1]) : 12;
    long from = args.length > 3 ? Long.parseLong(args[2]) : Long.MIN_VALUE;
    long to = args.length > 3 ? Long.parseLong(args[3]) : Long.MAX_VALUE;
    Map<String, Integer> components = new HashMap<>();
    Map<String, Integer> steps = new HashMap<>();
    Map<String, Integer> methods = new HashMap<>();
    int samples = 0;
    for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
      if (!event.getEventType().getName().equals("jdk.ExecutionSample")) {
        continue;
      }
      long at = event.getStartTime().toEpochMilli();
      if (at < from || at > to) {
        continue;
      }
      RecordedStackTrace stack = event.getStackTrace();
      if (stack == null || stack.getFrames().isEmpty()) {
        continue;
      }
      samples++;
      List<RecordedFrame> frames = stack.getFrames();
      methods.merge(name(frames.get(0)), 1, Integer::sum);
      String component = "JDK only (threads, GC, I/O, crypto)";
      for (RecordedFrame frame : frames) {
        String type = frame.getMethod().getType().getName();
        if (!startsWithAny(type, JDK)) {
          component = componentOf(type);
          break;
        }
      }
      components.merge(component, 1, Integer::sum);
      Set<String> seen = new HashSet<>();
      for (RecordedFrame frame : frames) {
        String method = name(frame);
        for (String[] step : STEPS) {
          if (method.startsWith(step[0]) && seen.add(step[1])) {
            steps.merge(step[1], 1, Integer::sum);
          }
        }
      }
    }
    System.out.println(
        "CPU samples: " + samples + " (jdk.ExecutionSample, " + file.getFileName() + ")");
    System.out.println();
    print("component (first non-JDK frame from the top)", components, samples, 20, false);
    Map<String, Integer> orderedSteps = new java.util.LinkedHashMap<>();
    for (String[] step : STEPS) {
      if (steps.containsKey(step[1])) {
        orderedSteps.put(step[1], steps.get(step[1]));
      }
    }
    print("pinoauth step (inclusive)", orderedSteps, samples, 50, true);
    print("hottest methods (self)", methods, samples, top, false);
  }

  private static void print(
      String title, Map<String, Integer> counts, int samples, int limit, boolean keepOrder) {
    List<Map.Entry<String, Integer>> entries = new ArrayList<>(counts.entrySet());
    if (!keepOrder) {
      entries.sort((a, b) -> b.getValue() - a.getValue());
    }
    System.out.println("| " + title + " | share of CPU samples |");
    System.out.println("| --- | ---: |");
    for (int i = 0; i < Math.min(limit, entries.size()); i++) {
      Map.Entry<String, Integer> entry = entries.get(i);
      System.out.printf(
          "| %s | %.1f %% |%n",
          indent(entry.getKey().replace("|", "/")),
          100.0 * entry.getValue() / Math.max(1, samples));
    }
    System.out.println();
  }

  /** Leading spaces as non-breaking ones, so markdown keeps the nesting of steps. */
  private static String indent(String text) {
    int spaces = 0;
    while (spaces < text.length() && text.charAt(spaces) == ' ') {
      spaces++;
    }
    return "&nbsp;".repeat(spaces * 2) + text.substring(spaces);
  }

  private static String name(RecordedFrame frame) {
    return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
  }

  private static String componentOf(String type) {
    for (String[] component : COMPONENTS) {
      if (type.startsWith(component[0])) {
        return component[1];
      }
    }
    int dot = type.indexOf('.', type.indexOf('.') + 1);
    return dot > 0 ? type.substring(0, dot) : type;
  }

  private static boolean startsWithAny(String type, String[] prefixes) {
    for (String prefix : prefixes) {
      if (type.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }
}
