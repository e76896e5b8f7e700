package org.pinoauth.store.jdbc;

import java.sql.SQLException;
import java.time.Clock;
import java.util.Optional;
import java.util.OptionalLong;
import javax.sql.DataSource;
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
 * <p>Statements run in the same order in every unit that revokes (family first, then its refresh
 * tokens), so concurrent revocations and rotations lock rows in one order.
 */
public final class JdbcTokenStore implements TokenStore {
  private final Jdbc jdbc;
  private final Clock clock;

  public JdbcTokenStore(DataSource dataSource, Clock clock) {
    this.jdbc = new Jdbc(dataSource);
    this.clock = clock;
  }

  @Override
  public OptionalLong redeemCode(String codeHash, RefreshToken refresh) {
    return jdbc.inTransaction(
        transaction -> {
          if (!JdbcCodeStore.redeem(transaction, codeHash, clock.millis())) {
            return OptionalLong.empty();
          }
          long familyId =
              JdbcFamilyStore.start(
                  transaction, refresh.clientId(), refresh.username(), codeHash, clock.millis());
          JdbcRefreshTokenStore.add(transaction, familyId, refresh);
          return OptionalLong.of(familyId);
        });
  }

  @Override
  public void revokeFamilyOfCode(String codeHash) {
    jdbc.inTransaction(
        transaction -> {
          for (long familyId : JdbcFamilyStore.ofCode(transaction, codeHash)) {
            revokeFamily(transaction, familyId);
          }
          return null;
        });
  }

  @Override
  public Optional<StoredRefreshToken> findRefreshToken(String hash) {
    return jdbc.read(connection -> JdbcRefreshTokenStore.find(connection, hash));
  }

  @Override
  public boolean rotate(StoredRefreshToken presented, RefreshToken successor) {
    long now = clock.millis();
    return jdbc.inTransaction(
        transaction -> {
          if (!JdbcRefreshTokenStore.retire(transaction, presented.token().hash(), now)) {
            return false;
          }
          JdbcRefreshTokenStore.add(transaction, presented.familyId(), successor);
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
          return true;
        });
  }

  @Override
  public void revokeFamily(long familyId) {
    jdbc.inTransaction(
        transaction -> {
          revokeFamily(transaction, familyId);
          return null;
        });
  }

  private void revokeFamily(Transaction transaction, long familyId) throws SQLException {
    long now = clock.millis();
    JdbcFamilyStore.revoke(transaction, familyId, now);
    JdbcRefreshTokenStore.revokeFamily(transaction, familyId, now);
  }
}
