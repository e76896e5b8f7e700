package org.pinoauth.cluster;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.pinoauth.crypto.TokenHasher;

/**
 * One authorization under load while the database fails: the refresh tokens answered 200 for it,
 * oldest first, and whether a rotation of the newest answered 503 (so may have happened all the
 * same). The database fault tests check afterwards that the newest token still refreshes, or, for a
 * rotation in doubt, that the database rotated it.
 */
final class RefreshChain {
  final List<String> chain = new ArrayList<>();

  /** A rotation of {@link #current} answered 503: it may have happened all the same. */
  boolean rotationInDoubt;

  RefreshChain(String refreshToken) {
    chain.add(refreshToken);
  }

  String current() {
    return chain.get(chain.size() - 1);
  }

  int rotations() {
    return chain.size() - 1;
  }

  String describe() {
    return "a family with "
        + rotations()
        + " rotations answered 200"
        + (rotationInDoubt ? " and one more answered 503" : "");
  }

  /** Whether the database holds {@code refreshToken} as rotated (its rotation committed). */
  static boolean rotatedInDatabase(Connection db, String refreshToken) throws SQLException {
    try (PreparedStatement select =
        db.prepareStatement("SELECT rotated_at FROM refresh_token WHERE token_hash = ?")) {
      select.setString(1, TokenHasher.hash(refreshToken));
      try (ResultSet row = select.executeQuery()) {
        if (!row.next()) {
          return false;
        }
        row.getLong(1);
        return !row.wasNull();
      }
    }
  }
}
