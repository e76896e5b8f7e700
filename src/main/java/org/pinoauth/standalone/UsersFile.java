package org.pinoauth.standalone;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The standalone jar's users file (docs/standalone.md), one person a line in the shape of Jetty's
 * realm properties: {@code username: pbkdf2-sha256$ITERATIONS$SALT$HASH, role, role}. Blank lines
 * and lines starting with {@code #} are skipped. The roles are web.xml's ({@code pinoauth-admin},
 * {@code pinoauth-user}, {@code pinoauth-metrics}) or any other a setting names, so none is
 * refused.
 */
final class UsersFile {
  private static final Pattern NAME = Pattern.compile("[^\\s:,#]+");

  /** One person: name, password hash and roles. */
  record User(String name, PasswordHash password, List<String> roles) {
    User {
      roles = List.copyOf(roles);
    }
  }

  /** A users file that cannot be used, with the file and, where there is one, the line. */
  static final class Invalid extends Exception {
    private static final long serialVersionUID = 1L;

    Invalid(String message) {
      super(message);
    }
  }

  private UsersFile() {}

  /** The users of {@code file}, by name, in the file's order. */
  static Map<String, User> read(Path file) throws Invalid {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new Invalid("users file " + file + ": no such file");
    } catch (CharacterCodingException e) {
      throw new Invalid("users file " + file + ": not UTF-8 text");
    } catch (IOException e) {
      throw new Invalid("users file " + file + ": cannot read it (" + e + ")");
    }
    return parse(file.toString(), lines);
  }

  /** The users of {@code lines}, read from {@code source} (named in errors). */
  static Map<String, User> parse(String source, List<String> lines) throws Invalid {
    Map<String, User> users = new LinkedHashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      try {
        User user = parseLine(line);
        if (users.putIfAbsent(user.name(), user) != null) {
          throw new IllegalArgumentException("user " + user.name() + " is listed twice");
        }
      } catch (IllegalArgumentException e) {
        throw new Invalid("users file " + source + " line " + (i + 1) + ": " + e.getMessage());
      }
    }
    return users;
  }

  private static User parseLine(String line) {
    int colon = line.indexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException(
          "expected username: " + PasswordHash.SCHEME + "$ITERATIONS$SALT$HASH[, role...]");
    }
    String name = line.substring(0, colon).strip();
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("the username is empty or holds a space, ':', ',' or '#'");
    }
    String[] fields = line.substring(colon + 1).split(",", -1);
    PasswordHash password = PasswordHash.parse(fields[0]);
    List<String> roles = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int f = 1; f < fields.length; f++) {
      String role = fields[f].strip();
      if (!NAME.matcher(role).matches()) {
        throw new IllegalArgumentException(
            "role " + f + " of user " + name + " is empty or holds a space, ':' or '#'");
      }
      if (seen.add(role)) {
        roles.add(role);
      }
    }
    return new User(name, password, roles);
  }
}
