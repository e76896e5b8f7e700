package org.pinoauth.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.pinoauth.testing.TokenAssertions.assertOneWinner;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pinoauth.crypto.TokenHasher;
import org.pinoauth.testing.Endpoints;
import org.pinoauth.testing.HeldRow;
import org.pinoauth.testing.Http;
import org.pinoauth.testing.TestApps;
import org.pinoauth.testing.TestApps.TestApp;
import org.pinoauth.testing.TestCodes;
import org.pinoauth.testing.TestServerExtension;

/**
 * Many concurrent exchanges of one code (RFC 6749 §4.1.2): the database lets exactly one of them
 * redeem it and start a family, whichever statements the store redeems it in (one on PostgreSQL, a
 * transaction on the embedded engines). Every other request read the code unredeemed too and is
 * answered as a replayed code is: {@code invalid_grant}, and the family issued from the code is
 * revoked. {@link HeldRow} holds the code's row until every request waits to redeem it, so the
 * requests truly race.
 */
class CodeRaceIT {
  private static final int REQUESTS = 8;

  // A connection for every request waiting to redeem, and two for the held row.
  @RegisterExtension
  static final TestServerExtension server =
      TestServerExtension.of(
          builder -> builder.setting("db.pool.size", Integer.toString(REQUESTS + 4)));

  @Test
  void exchangeWhen8ConcurrentRequestsWithSameCodeThenExactlyOneRedeemsAndReplayRevokes()
      throws Exception {
    TestApp app = TestApps.app().registerOn(server.get());
    String code = TestCodes.code(app).scopes("pins:read").issueOn(server.get());

    List<Http.Response> answers = race(app, code);

    Http.Response won = assertOneWinner(answers, "already used");
    assertEquals(1, familiesOf(code), "the code started exactly one family");
    Endpoints.Tokens winner = Endpoints.tokensOf(won);
    assertFalse(
        Endpoints.isActive(server.get(), app, winner.access()),
        "a code presented again revokes what it issued");
  }

  private static List<Http.Response> race(TestApp app, String code) throws Exception {
    DataSource dataSource = server.pinoauth().dataSource();
    try (HeldRow row =
        HeldRow.of(dataSource, "authorization_code", "code_hash", TokenHasher.hash(code))) {
      return row.race(REQUESTS, () -> Endpoints.exchange(server.get(), app, code));
    }
  }

  private static long familiesOf(String code) throws SQLException {
    try (Connection connection = server.pinoauth().dataSource().getConnection();
        PreparedStatement select =
            connection.prepareStatement("SELECT COUNT(*) FROM token_family WHERE code_hash = ?")) {
      select.setString(1, TokenHasher.hash(code));
      try (ResultSet row = select.executeQuery()) {
        row.next();
        return row.getLong(1);
      }
    }
  }
}
