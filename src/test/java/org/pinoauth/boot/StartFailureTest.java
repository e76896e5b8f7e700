package org.pinoauth.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The start-failure line: its parts, its hints by SQLState, and what it never shows. */
class StartFailureTest {
  @Test
  void storeFailureThenRootMessageFirstLineAndHintFromItsSqlState() {
    StartFailure failure = new StartFailure();
    failure.store("at jdbc:postgresql://db/pinoauth (user pinoauth)");
    SQLException root =
        new SQLException("FATAL: password authentication failed for user \"pinoauth\"", "28P01");
    String line = failure.line(new IllegalStateException("Unable to obtain connection", root));

    assertEquals(
        "pinoauth failed to start: the store at jdbc:postgresql://db/pinoauth (user pinoauth):"
            + " FATAL: password authentication failed for user \"pinoauth\" — check the store's"
            + " user and password (db.user, db.password or the DataSource's), see"
            + " docs/postgresql.md",
        line);
  }

  @Test
  void databaseMissingThenHintSaysCreateIt() {
    StartFailure failure = new StartFailure();
    failure.store("at jdbc:postgresql://db/nope");
    String line =
        failure.line(
            new RuntimeException(new SQLException("database \"nope\" does not exist", "3D000")));
    assertTrue(line.endsWith("— create the database first, see docs/postgresql.md"), line);
  }

  @Test
  void messageWithUrlParametersCredentialsAndSecretsThenNoneOfThemInTheLine() {
    StartFailure failure = new StartFailure();
    failure.store("embedded H2 at /var/lib/pinoauth/pinoauth.mv.db");
    failure.hide(Optional.of("the-db-password"));
    failure.hide(Optional.of("c2VjcmV0LXRva2VuLWtleS1vZi0zMi1ieXRlcy0hIQ=="));
    failure.hide(Optional.empty());
    String line =
        failure.line(
            new IllegalStateException(
                "URL jdbc:h2:file:/x;USER=sa;PASSWORD=pw1 and"
                    + " jdbc:postgresql://u:pw2@db:5432/p?password=pw3 refused the-db-password"
                    + " key c2VjcmV0LXRva2VuLWtleS1vZi0zMi1ieXRlcy0hIQ==\n  second line"));

    for (String secret :
        new String[] {
          "pw1", "pw2", "pw3", "the-db-password", "c2VjcmV0LXRva2VuLWtleS1vZi0zMi1ieXRlcy0hIQ=="
        }) {
      assertFalse(line.contains(secret), secret + " in " + line);
    }
    assertTrue(line.contains("jdbc:h2:file:/x and jdbc:postgresql://db:5432/p refused"), line);
    assertFalse(line.contains("second line"), "one line: " + line);
    assertTrue(line.endsWith("the container's log has the stack trace"), line);
  }

  @Test
  void configurationFailureThenItsOwnMessageNotTheCauses() {
    StartFailure failure = new StartFailure();
    String line =
        failure.line(
            new IllegalArgumentException(
                "Setting pinoauth.authorization.iss must be true or false",
                new NumberFormatException("inner")));
    assertEquals(
        "pinoauth failed to start: its configuration: Setting pinoauth.authorization.iss must be"
            + " true or false — the container's log has the stack trace",
        line);
  }
}
