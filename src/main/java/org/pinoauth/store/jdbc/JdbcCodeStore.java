package org.pinoauth.store.jdbc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;
import org.pinoauth.scope.Scopes;
import org.pinoauth.store.AuthorizationCode;
import org.pinoauth.store.CodeStore;
import org.pinoauth.store.StoredCode;

/** {@link CodeStore} on the {@code authorization_code} and {@code consent} tables. */
public final class JdbcCodeStore implements CodeStore {
  private static final String INSERT_CODE =
      "INSERT INTO authorization_code (code_hash, client_id, username, redirect_uri, scope,"
          + " code_challenge, code_challenge_method, issued_at, expires_at)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
  private static final String INSERT_CONSENT =
      "INSERT INTO consent (client_id, username, scope, granted_at) VALUES (?, ?, ?, ?)"
          + " ON CONFLICT DO NOTHING";
  private static final String FIND =
      "SELECT client_id, username, redirect_uri, scope, code_challenge, code_challenge_method,"
          + " issued_at, expires_at, redeemed_at FROM authorization_code WHERE code_hash = ?";

  private final Jdbc jdbc;

  public JdbcCodeStore(DataSource dataSource) {
    this.jdbc = new Jdbc(dataSource);
  }

  @Override
  public void issue(AuthorizationCode code) {
    jdbc.transaction(
        connection -> {
          try (PreparedStatement insert = connection.prepareStatement(INSERT_CODE)) {
            insert.setString(1, code.hash());
            insert.setString(2, code.clientId());
            insert.setString(3, code.username());
            insert.setString(4, code.redirectUri());
            insert.setString(5, code.scopes().toString());
            insert.setString(6, code.codeChallenge().orElse(null));
            insert.setString(7, code.codeChallengeMethod().orElse(null));
            insert.setLong(8, code.issuedAt().toEpochMilli());
            insert.setLong(9, code.expiresAt().toEpochMilli());
            insert.executeUpdate();
          }
          try (PreparedStatement consent = connection.prepareStatement(INSERT_CONSENT)) {
            for (String scope : code.scopes().names()) {
              consent.setString(1, code.clientId());
              consent.setString(2, code.username());
              consent.setString(3, scope);
              consent.setLong(4, code.issuedAt().toEpochMilli());
              consent.addBatch();
            }
            consent.executeBatch();
          }
          return null;
        });
  }

  @Override
  public Optional<StoredCode> find(String codeHash) {
    return jdbc.read(
        connection -> {
          try (PreparedStatement select = connection.prepareStatement(FIND)) {
            select.setString(1, codeHash);
            try (ResultSet row = select.executeQuery()) {
              if (!row.next()) {
                return Optional.empty();
              }
              AuthorizationCode code =
                  new AuthorizationCode(
                      codeHash,
                      row.getString(1),
                      row.getString(2),
                      row.getString(3),
                      Scopes.parse(row.getString(4)),
                      Optional.ofNullable(row.getString(5)),
                      Optional.ofNullable(row.getString(6)),
                      Instant.ofEpochMilli(row.getLong(7)),
                      Instant.ofEpochMilli(row.getLong(8)));
              row.getLong(9);
              return Optional.of(new StoredCode(code, !row.wasNull()));
            }
          }
        });
  }
}
