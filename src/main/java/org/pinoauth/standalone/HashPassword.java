package org.pinoauth.standalone;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import org.pinoauth.crypto.ConstantTime;

/**
 * The {@code hash-password} subcommand: reads a password and prints the hash a users file line
 * takes ({@code pbkdf2-sha256$ITERATIONS$SALT$HASH}). From a terminal it asks twice without echo;
 * otherwise it reads the first line of standard input, so scripts can pipe a password in.
 */
final class HashPassword {
  static final String USAGE =
      """
      Usage: java -jar pinoauth-standalone.jar hash-password [--iterations N]

      Reads a password (from the terminal without echo, or the first line of standard input)
      and prints its PBKDF2-SHA256 hash for a users file line:
        username: pbkdf2-sha256$ITERATIONS$SALT$HASH, role
      --iterations N   PBKDF2 iterations (default 600000, from 10000 to 10000000)
      """;

  private HashPassword() {}

  /**
   * Runs the subcommand with {@code args} (after {@code hash-password}); {@code console} is null
   * when there is no terminal. Returns the exit status: 0, 1 when no password could be read, 2 for
   * bad arguments.
   */
  static int run(
      List<String> args,
      Console console,
      InputStream in,
      PrintStream out,
      PrintStream err,
      SecureRandom random) {
    int iterations = PasswordHash.DEFAULT_ITERATIONS;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.equals("--help") || arg.equals("-h")) {
        out.print(USAGE);
        return 0;
      } else if (arg.equals("--iterations") && i + 1 < args.size()) {
        iterations = iterations(args.get(++i), err);
      } else if (arg.startsWith("--iterations=")) {
        iterations = iterations(arg.substring("--iterations=".length()), err);
      } else {
        err.println(Main.NAME + ": hash-password: unexpected argument " + arg + " (see --help)");
        return 2;
      }
      if (iterations < 0) {
        return 2;
      }
    }
    char[] password;
    try {
      password = isTerminal(console) ? fromConsole(console) : firstLine(in);
    } catch (IOException e) {
      err.println(Main.NAME + ": hash-password: cannot read the password (" + e + ")");
      return 1;
    }
    if (password == null) {
      err.println(Main.NAME + ": hash-password: the two passwords differ; nothing printed");
      return 1;
    }
    try {
      if (password.length == 0) {
        err.println(Main.NAME + ": hash-password: the password is empty; nothing printed");
        return 1;
      }
      out.println(PasswordHash.of(password, iterations, random).format());
      return 0;
    } finally {
      Arrays.fill(password, '\0');
    }
  }

  private static int iterations(String value, PrintStream err) {
    try {
      int iterations = Integer.parseInt(value);
      if (iterations >= PasswordHash.MIN_ITERATIONS && iterations <= PasswordHash.MAX_ITERATIONS) {
        return iterations;
      }
    } catch (NumberFormatException e) {
      // said below
    }
    err.println(
        Main.NAME
            + ": hash-password: --iterations must be a number from "
            + PasswordHash.MIN_ITERATIONS
            + " to "
            + PasswordHash.MAX_ITERATIONS
            + ", not "
            + value);
    return -1;
  }

  /** Asks twice; null when the two differ. */
  private static char[] fromConsole(Console console) {
    char[] first = console.readPassword("Password: ");
    char[] again = first == null ? null : console.readPassword("Again: ");
    if (first == null || again == null) {
      return new char[0];
    }
    try {
      if (!ConstantTime.isEqual(new String(first), new String(again))) {
        Arrays.fill(first, '\0');
        return null;
      }
      return first;
    } finally {
      Arrays.fill(again, '\0');
    }
  }

  private static char[] firstLine(InputStream in) throws IOException {
    BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    String line = reader.readLine();
    return line == null ? new char[0] : line.toCharArray();
  }

  /**
   * Whether {@code console} is a terminal. Up to JDK 21 a console exists only for one; from JDK 22
   * {@code System.console()} may return one for redirected streams too, and {@code
   * Console.isTerminal()} tells them apart.
   */
  private static boolean isTerminal(Console console) {
    if (console == null) {
      return false;
    }
    try {
      Method isTerminal = Console.class.getMethod("isTerminal");
      return (Boolean) isTerminal.invoke(console);
    } catch (NoSuchMethodException e) {
      return true;
    } catch (ReflectiveOperationException e) {
      return false;
    }
  }
}
