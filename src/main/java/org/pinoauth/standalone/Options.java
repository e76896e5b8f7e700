package org.pinoauth.standalone;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The command line of the standalone jar (docs/standalone.md). Every other setting is pinoauth's
 * own, read by the WAR from {@code PINOAUTH_*} environment variables and {@code -Dpinoauth.*}
 * system properties as in any container.
 */
record Options(
    String host,
    int port,
    Optional<Path> users,
    Optional<Path> bootstrap,
    boolean forwarded,
    boolean help) {

  static final String USAGE =
      """
      Usage: java -jar pinoauth-standalone.jar [OPTION]...
             java -jar pinoauth-standalone.jar hash-password [--iterations N]

      Runs pinoauth's WAR in embedded Jetty (docs/standalone.md).

        --port N          the port to listen on (default 8080; 0 picks a free one)
        --host ADDRESS    the address to listen on (default 127.0.0.1, loopback only;
                          0.0.0.0 for every IPv4 interface)
        --users FILE      people who may sign in: lines of
                          username: pbkdf2-sha256$ITERATIONS$SALT$HASH, role, role
                          (roles pinoauth-admin, pinoauth-user; without a file nobody can
                          sign in, and only the token endpoint's app grants work)
        --bootstrap FILE  apps to create at start-up (sets pinoauth.bootstrap)
        --forwarded       trust Forwarded / X-Forwarded-* headers from a reverse proxy
        --help            print this and exit

      hash-password reads a password (from the terminal without echo, or the first line of
      standard input) and prints its hash for the users file.

      Every pinoauth setting also comes from PINOAUTH_<KEY> environment variables or
      -Dpinoauth.<key> system properties (docs/configuration.md): the embedded store in
      data.dir (default ~/.pinoauth), PINOAUTH_DB_URL for PostgreSQL.
      """;

  /** A command line that cannot be used; the message says why, in one line. */
  static final class Invalid extends Exception {
    private static final long serialVersionUID = 1L;

    Invalid(String message) {
      super(message);
    }
  }

  static Options parse(List<String> args) throws Invalid {
    String host = "127.0.0.1";
    int port = 8080;
    Path users = null;
    Path bootstrap = null;
    boolean forwarded = false;
    boolean help = false;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      String name = arg;
      String value = null;
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        name = arg.substring(0, eq);
        value = arg.substring(eq + 1);
      }
      switch (name) {
        case "--help", "-h" -> help = true;
        case "--forwarded" -> {
          if (value != null) {
            throw new Invalid("--forwarded takes no value");
          }
          forwarded = true;
        }
        case "--host", "--port", "--users", "--bootstrap" -> {
          if (value == null) {
            if (i + 1 >= args.size()) {
              throw new Invalid(name + " needs a value");
            }
            value = args.get(++i);
          }
          if (value.isBlank()) {
            throw new Invalid(name + " needs a value");
          }
          switch (name) {
            case "--host" -> host = value;
            case "--port" -> port = port(value);
            case "--users" -> users = Path.of(value);
            default -> bootstrap = Path.of(value);
          }
        }
        default ->
            throw new Invalid(
                arg.startsWith("-") ? "unknown option " + name : "unexpected argument " + arg);
      }
    }
    return new Options(
        host, port, Optional.ofNullable(users), Optional.ofNullable(bootstrap), forwarded, help);
  }

  private static int port(String value) throws Invalid {
    try {
      int port = Integer.parseInt(value);
      if (port >= 0 && port <= 65_535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // said below
    }
    throw new Invalid("--port must be a number from 0 to 65535, not " + value);
  }
}
