package org.pinoauth.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UsersFileTest {
  private static final String HASH =
      PasswordHash.of("pw".toCharArray(), PasswordHash.MIN_ITERATIONS, new SecureRandom()).format();

  private static Map<String, UsersFile.User> parse(String... lines) throws UsersFile.Invalid {
    return UsersFile.parse("users.properties", List.of(lines));
  }

  private static String refusal(String... lines) {
    return assertThrows(UsersFile.Invalid.class, () -> parse(lines)).getMessage();
  }

  @Test
  void parseWhenGoodLinesThenUsersWithRolesInOrder() throws Exception {
    Map<String, UsersFile.User> users =
        parse(
            "# operators and people",
            "",
            "admin: " + HASH + ", pinoauth-admin",
            "  pinner:" + HASH + ",pinoauth-user , pinoauth-metrics  ",
            "outsider: " + HASH,
            "twice: " + HASH + ", pinoauth-user, pinoauth-user");

    assertEquals(List.of("admin", "pinner", "outsider", "twice"), List.copyOf(users.keySet()));
    assertEquals(List.of("pinoauth-admin"), users.get("admin").roles());
    assertEquals(List.of("pinoauth-user", "pinoauth-metrics"), users.get("pinner").roles());
    assertEquals(List.of(), users.get("outsider").roles());
    assertEquals(List.of("pinoauth-user"), users.get("twice").roles());
    assertTrue(users.get("pinner").password().matches("pw"));
  }

  @Test
  void parseWhenLineHasNoColonThenRefusedNamingFileAndLine() {
    assertEquals(
        "users file users.properties line 3: expected username:"
            + " pbkdf2-sha256$ITERATIONS$SALT$HASH[, role...]",
        refusal("# users", "admin: " + HASH + ", pinoauth-admin", "pinner pinner"));
  }

  @Test
  void parseWhenPasswordIsPlainTextThenRefusedWithoutRepeatingIt() {
    String message = refusal("admin: hunter2, pinoauth-admin");

    assertEquals(
        "users file users.properties line 1: the password is not a hash of the form"
            + " pbkdf2-sha256$ITERATIONS$SALT$HASH",
        message);
  }

  @Test
  void parseWhenUserTwiceThenRefusedAtTheSecond() {
    assertEquals(
        "users file users.properties line 2: user admin is listed twice",
        refusal("admin: " + HASH, "admin: " + HASH + ", pinoauth-user"));
  }

  @Test
  void parseWhenUsernameOrRoleMalformedThenRefused() {
    assertEquals(
        "users file users.properties line 1: the username is empty or holds a space, ':', ','"
            + " or '#'",
        refusal(": " + HASH));
    assertEquals(
        "users file users.properties line 1: the username is empty or holds a space, ':', ','"
            + " or '#'",
        refusal("two words: " + HASH));
    assertEquals(
        "users file users.properties line 1: role 2 of user admin is empty or holds a space,"
            + " ':' or '#'",
        refusal("admin: " + HASH + ", pinoauth-admin,"));
    assertEquals(
        "users file users.properties line 1: role 1 of user admin is empty or holds a space,"
            + " ':' or '#'",
        refusal("admin: " + HASH + ", pinoauth admin"));
  }

  @Test
  void parseWhenHashWeakThenRefused() {
    assertEquals(
        "users file users.properties line 1: the iteration count must be from 10000 to"
            + " 10000000, not 1000",
        refusal("admin: " + HASH.replace("$10000$", "$1000$")));
  }

  @Test
  void readWhenFileMissingThenRefusedNamingIt(@TempDir Path dir) {
    Path missing = dir.resolve("users.properties");

    assertEquals(
        "users file " + missing + ": no such file",
        assertThrows(UsersFile.Invalid.class, () -> UsersFile.read(missing)).getMessage());
  }

  @Test
  void readWhenNotUtf8ThenRefusedNamingIt(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("users.properties");
    Files.write(file, new byte[] {'a', ':', ' ', (byte) 0xff, '\n'});

    assertEquals(
        "users file " + file + ": not UTF-8 text",
        assertThrows(UsersFile.Invalid.class, () -> UsersFile.read(file)).getMessage());
  }

  @Test
  void readWhenGoodFileThenItsUsers(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("users.properties");
    Files.writeString(file, "pinner: " + HASH + ", pinoauth-user\r\n");

    assertEquals(List.of("pinoauth-user"), UsersFile.read(file).get("pinner").roles());
  }
}
