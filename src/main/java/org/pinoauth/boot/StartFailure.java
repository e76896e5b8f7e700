package org.pinoauth.boot;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The one line pinoauth logs when its start-up fails: which part failed, why (the message at the
 * root of the failure) and what to check. Containers print a failed listener's stack trace in a
 * side log (Tomcat's {@code localhost.*.log}) and only "One or more listeners failed to start" on
 * the console; this line reaches the console through pinoauth's own logger. It holds no password,
 * key or JDBC URL parameter.
 */
final class StartFailure {
  /** A JDBC URL's parameters ({@code ?…}, {@code ;…}), which may carry a password. */
  private static final Pattern URL_PARAMETERS =
      Pattern.compile("(jdbc:[^\\s?;\"'<>]*)[?;][^\\s\"'<>]*");

  /** Credentials in a URL's authority: {@code //user:password@host}. */
  private static final Pattern URL_CREDENTIALS = Pattern.compile("//[^/\\s@\"']*@");

  private static final String POSTGRESQL_DOC = "see docs/postgresql.md";

  private String part = "its configuration";
  private boolean store;
  private boolean bootstrap;
  private boolean ownMessages = true;
  private final List<String> secrets = new ArrayList<>();

  /** From now on, failures are the configuration's, whose messages pinoauth writes itself. */
  void configuration() {
    part = "its configuration";
    bootstrap = false;
    store = false;
    ownMessages = true;
  }

  /** From now on, failures are the store's ({@code description}: which store, no password). */
  void store(String description) {
    part = "the store " + description;
    bootstrap = false;
    store = true;
    ownMessages = false;
  }

  /** From now on, failures are the token key's (token.key, or the one kept in the store). */
  void tokenKey() {
    part = "its token key";
    bootstrap = false;
    store = false;
    ownMessages = true;
  }

  /** From now on, failures are the bootstrap file's, whose messages name the file and entry. */
  void bootstrap() {
    part = null; // Bootstrap's messages start with "bootstrap <file> app #<n>"
    bootstrap = true;
    store = false;
    ownMessages = true;
  }

  /** Values that must never appear in the line (the store's password, the token keys). */
  void hide(Optional<String> secret) {
    secret.filter(value -> !value.isBlank()).ifPresent(secrets::add);
  }

  /** The line: {@code pinoauth failed to start: <part>: <cause> — <what to check>}. */
  String line(Throwable failure) {
    String cause = ownMessages ? firstMessage(failure) : rootMessage(failure);
    String what = part == null ? cause : part + ": " + cause;
    return clean("pinoauth failed to start: " + what + " — " + hint(failure));
  }

  private String hint(Throwable failure) {
    Optional<String> state = sqlState(failure);
    if (state.isPresent()) {
      String code = state.get();
      if (code.equals("42501")) {
        return "the role pinoauth connects as lacks a privilege: on PostgreSQL 15 and newer the"
            + " database must be owned by that role (CREATE DATABASE … OWNER …), "
            + POSTGRESQL_DOC;
      }
      if (code.startsWith("28")) {
        return "check the store's user and password (db.user, db.password or the DataSource's), "
            + POSTGRESQL_DOC;
      }
      if (code.equals("3D000")) {
        return "create the database first, " + POSTGRESQL_DOC;
      }
      if (code.startsWith("08")) {
        return "is the database running and reachable from here? (db.start.wait gives it time), "
            + POSTGRESQL_DOC;
      }
    }
    if (bootstrap) {
      return "fix that entry of the bootstrap file (docs/configuration.md)";
    }
    if (store) {
      return "check the store's settings (db.jndi, db.url, data.dir); the container's log has the"
          + " stack trace";
    }
    return "the container's log has the stack trace";
  }

  /** The SQLState of the deepest SQL exception: the driver's own reason. */
  private static Optional<String> sqlState(Throwable failure) {
    String state = null;
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof SQLException sql && sql.getSQLState() != null) {
        state = sql.getSQLState();
      }
    }
    return Optional.ofNullable(state);
  }

  /** The message of the deepest cause that has one: a driver's or the OS's reason. */
  private static String rootMessage(Throwable failure) {
    String message = null;
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause.getMessage() != null && !cause.getMessage().isBlank()) {
        message = cause.getMessage();
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return message != null ? firstLine(message) : failure.getClass().getName();
  }

  /** The outermost message: pinoauth's own, which already quotes its cause's. */
  private static String firstMessage(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause.getMessage() != null && !cause.getMessage().isBlank()) {
        return firstLine(cause.getMessage());
      }
    }
    return failure.getClass().getName();
  }

  private static String firstLine(String message) {
    String trimmed = message.strip();
    int end = trimmed.indexOf('\n');
    return (end < 0 ? trimmed : trimmed.substring(0, end)).strip();
  }

  private String clean(String line) {
    String cleaned = URL_PARAMETERS.matcher(line).replaceAll("$1");
    cleaned = URL_CREDENTIALS.matcher(cleaned).replaceAll("//");
    for (String secret : secrets) {
      cleaned = cleaned.replace(secret, "(hidden)");
    }
    return cleaned.replace('\r', ' ').replace('\n', ' ');
  }
}
