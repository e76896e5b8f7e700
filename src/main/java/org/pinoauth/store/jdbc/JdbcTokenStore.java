package org.pinoauth.store.jdbc;

import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import javax.sql.DataSource;
import org.pinoauth.store.Change;
import org.pinoauth.store.ChangeListener;
import org.pinoauth.store.RefreshToken;
import org.pinoauth.store.StoredRefreshToken;
import org.pinoauth.store.TokenStore;

/**
 * {@link TokenStore}: the units of work on token families ({@link JdbcFamilyStore}, the {@code
 * token_family} table) and refresh tokens ({@link JdbcRefreshTokenStore}, {@code refresh_token}),
 * with the code redemption that starts a family ({@link JdbcCodeStore#redeem}). It holds no SQL of
 * its own: each unit joins the tables' stores in one transaction, so it is all or nothing, is run
 * again as a whole after a serialization failure, and waits once for durability. Each race (two
 * redemptions of one code, two rotations of one refresh token) is decided by one conditional {@code
 * UPDATE} in a table's store: the database lets exactly one of them change the row.
 *
 * <p>On PostgreSQL a code redemption and a rotation are each one statement instead, auto-committed
 * (data-modifying {@code WITH} clauses: {@link JdbcCodeStore#redeemInOneStatement}, {@link
 * JdbcRefreshTokenStore#rotateInOneStatement}): one round trip and no commit, decided by the same
 * conditional {@code UPDATE}. H2 and SQLite cannot change data in {@code WITH}; they run the
 * statements in one transaction, in process.
 *
 * <p>A code exchange and a refresh mark their grant used ({@link JdbcGrantStore#markUsed}) in their
 * own transaction: one more statement by primary key for an exchange, and for a rotation only when
 * the hour read with the presented token is an earlier one, so a grant's row is written at most
 * once an hour however often it refreshes.
 *
 * <p>Statements run in the same order in every unit that revokes (family first, then its refresh
 * tokens), so concurrent revocations and rotations lock rows in one order. Each revocation records
 * a {@code family} change per family last in its unit ({@link JdbcChangeLog}) and, once committed,
 * tells its {@link ChangeListener}.
 */
public final class JdbcTokenStore implements TokenStore {
  private final Jdbc jdbc;
  private final Clock clock;
  private final ChangeListener listener;

  public JdbcTokenStore(DataSource dataSource, Clock clock) {
    this(dataSource, clock, ChangeListener.NONE);
  }

  /** The store that tells {@code listener} of every family revocation it commits. */
  public JdbcTokenStore(DataSource dataSource, Clock clock, ChangeListener listener) {
    this.jdbc = new Jdbc(dataSource);
    this.clock = clock;
    this.listener = listener;
  }

  @Override
  public OptionalLong redeemCode(String codeHash, RefreshToken refresh) {
    if (jdbc.isPostgres()) {
      return jdbc.write(
          connection ->
              JdbcCodeStore.redeemInOneStatement(connection, codeHash, refresh, clock.millis()));
    }
    return jdbc.inTransaction(
        transaction -> {
          if (!JdbcCodeStore.redeem(transaction, codeHash, clock.millis())) {
            return OptionalLong.empty();
          }
          long familyId =
              JdbcFamilyStore.start(
                  transaction, refresh.clientId(), refresh.username(), codeHash, clock.millis());
          JdbcRefreshTokenStore.add(transaction, familyId, refresh);
          JdbcGrantStore.markUsed(
              transaction, refresh.clientId(), refresh.username(), clock.millis());
          return OptionalLong.of(familyId);
        });
  }

  @Override
  public void revokeFamilyOfCode(String codeHash) {
    List<Change> changes =
        jdbc.inTransaction(
            transaction -> {
              List<Change> revoked = new ArrayList<>();
              for (long familyId : JdbcFamilyStore.ofCode(transaction, codeHash)) {
                if (revokeFamily(transaction, familyId)) {
                  revoked.add(Change.family(null, familyId));
                }
              }
              for (Change change : revoked) {
                JdbcChangeLog.record(transaction, change);
              }
              return revoked;
            });
    changes.forEach(listener::applied);
  }

  @Override
  public Optional<StoredRefreshToken> findRefreshToken(String hash) {
    return jdbc.read(connection -> JdbcRefreshTokenStore.find(connection, jdbc.dialect(), hash));
  }

  @Override
  public boolean rotate(StoredRefreshToken presented, RefreshToken successor) {
    long now = clock.millis();
    if (jdbc.isPostgres()) {
      return jdbc.write(
          connection ->
              JdbcRefreshTokenStore.rotateInOneStatement(
                  connection,
                  presented.token().hash(),
                  successor,
                  usedInEarlierHour(presented, now),
                  now));
    }
    return jdbc.inTransaction(
        transaction -> {
          if (!JdbcRefreshTokenStore.retire(transaction, presented.token().hash(), now)) {
            return false;
          }
          JdbcRefreshTokenStore.add(transaction, presented.familyId(), successor);
          if (usedInEarlierHour(presented, now)) {
            JdbcGrantStore.markUsed(transaction, successor.clientId(), successor.username(), now);
          }
          return true;
        });
  }

  @Override
  public boolean addToFamily(long familyId, RefreshToken refresh) {
    return jdbc.inTransaction(
        transaction -> {
          if (!JdbcFamilyStore.lockLive(transaction, familyId)) {
            return false;
          }
          JdbcRefreshTokenStore.add(transaction, familyId, refresh);
          JdbcGrantStore.markUsed(
              transaction, refresh.clientId(), refresh.username(), clock.millis());
          return true;
        });
  }

  @Override
  public void noteUse(StoredRefreshToken used) {
    long now = clock.millis();
    if (usedInEarlierHour(used, now)) {
      jdbc.inTransaction(
          transaction -> {
            RefreshToken token = used.token();
            JdbcGrantStore.markUsed(transaction, token.clientId(), token.username(), now);
            return null;
          });
    }
  }

  /**
   * Whether the grant's last use, as read with the token, lies in an hour before {@code now}'s:
   * only then is there something to write, so most refreshes add no statement for it.
   */
  private static boolean usedInEarlierHour(StoredRefreshToken token, long nowMillis) {
    return token
        .grantLastUsedAt()
        .map(at -> at.toEpochMilli() < JdbcGrantStore.hourOf(nowMillis))
        .orElse(true);
  }

  @Override
  public void revokeFamily(long familyId) {
    // A family revoked already (a client revoking the same token again) changes nothing a node
    // caches, so it writes no change row: repeating it cannot make every node's caches work.
    Change change = Change.family(null, familyId);
    boolean revoked =
        jdbc.inTransaction(
            transaction -> {
              if (!revokeFamily(transaction, familyId)) {
                return false;
              }
              JdbcChangeLog.record(transaction, change);
              return true;
            });
    if (revoked) {
      listener.applied(change);
    }
  }

  /**
   * Revokes the family and its refresh tokens; false, having changed nothing, if it was already.
   */
  private boolean revokeFamily(Transaction transaction, long familyId) throws SQLException {
    long now = clock.millis();
    if (!JdbcFamilyStore.revoke(transaction, familyId, now)) {
      return false;
    }
    JdbcRefreshTokenStore.revokeFamily(transaction, familyId, now);
    return true;
  }
}
