-- SQLite (data.engine=sqlite): the same as db/migration/V5__grants_by_user.sql.
-- pinoauth schema, version 5: people's grants (CONTRACT §6, §9). A grant is one user's
-- authorization of one app: the consent rows of that pair (one per scope) and every token family
-- the pair started. The user_grant row holds what belongs to the pair as a whole: when it was first
-- authorized and when it was last used (its last code exchange or refresh), the latter kept to the
-- hour so that a busy grant writes its row at most once an hour. Times are epoch milliseconds.
CREATE TABLE user_grant (
  client_id          VARCHAR(64)  NOT NULL REFERENCES app (client_id) ON DELETE CASCADE,
  username           VARCHAR(200) NOT NULL,
  first_authorized_at BIGINT      NOT NULL,
  last_used_at       BIGINT,
  PRIMARY KEY (client_id, username)
);
-- The grants of a user, in client id order (the admin API pages on it).
CREATE UNIQUE INDEX user_grant_username ON user_grant (username, client_id);

-- Grants given before this version: one row per pair that has consent, never used as far as
-- anyone recorded.
INSERT INTO user_grant (client_id, username, first_authorized_at)
  SELECT client_id, username, MIN(granted_at) FROM consent GROUP BY client_id, username;

-- Removing a user's grants finds their consents, codes and families by username (the primary key
-- and the existing indexes start with the client id).
CREATE INDEX consent_username ON consent (username, client_id);
CREATE INDEX authorization_code_username ON authorization_code (username, client_id);
CREATE INDEX token_family_username ON token_family (username, client_id);
