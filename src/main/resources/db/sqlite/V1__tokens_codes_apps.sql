-- pinoauth schema, version 1, for SQLite (data.engine=sqlite): db/migration's V1 with the same
-- tables, columns, types and constraints. One difference: token_family.id is SQLite's INTEGER
-- PRIMARY KEY AUTOINCREMENT (the rowid, never reused), where PostgreSQL and H2 have an identity
-- column. Times are epoch milliseconds. Tokens, codes and secrets appear only as hashes.
-- Scope lists in token and code rows are the RFC 6749 space-separated value, read and written whole.

CREATE TABLE app (
  client_id        VARCHAR(64)  NOT NULL PRIMARY KEY,
  name             VARCHAR(200) NOT NULL,
  secret_hash      VARCHAR(200) NOT NULL,
  refresh_mode     VARCHAR(16)  NOT NULL,
  owner_username   VARCHAR(200) NOT NULL,
  allow_plain_pkce BOOLEAN      NOT NULL DEFAULT FALSE,
  created_at       BIGINT       NOT NULL
);

CREATE TABLE app_redirect_uri (
  client_id    VARCHAR(64)   NOT NULL REFERENCES app (client_id) ON DELETE CASCADE,
  redirect_uri VARCHAR(2048) NOT NULL,
  PRIMARY KEY (client_id, redirect_uri)
);

CREATE TABLE app_scope (
  client_id VARCHAR(64)  NOT NULL REFERENCES app (client_id) ON DELETE CASCADE,
  scope     VARCHAR(128) NOT NULL,
  PRIMARY KEY (client_id, scope)
);

CREATE TABLE app_grant_type (
  client_id  VARCHAR(64) NOT NULL REFERENCES app (client_id) ON DELETE CASCADE,
  grant_type VARCHAR(32) NOT NULL,
  PRIMARY KEY (client_id, grant_type)
);

-- Scopes a user approved for an app; approvals accumulate.
CREATE TABLE consent (
  client_id  VARCHAR(64)  NOT NULL REFERENCES app (client_id) ON DELETE CASCADE,
  username   VARCHAR(200) NOT NULL,
  scope      VARCHAR(128) NOT NULL,
  granted_at BIGINT       NOT NULL,
  PRIMARY KEY (client_id, username, scope)
);

CREATE TABLE authorization_code (
  code_hash             VARCHAR(64)   NOT NULL PRIMARY KEY,
  client_id             VARCHAR(64)   NOT NULL REFERENCES app (client_id) ON DELETE CASCADE,
  username              VARCHAR(200)  NOT NULL,
  redirect_uri          VARCHAR(2048) NOT NULL,
  scope                 VARCHAR(4000) NOT NULL,
  code_challenge        VARCHAR(128),
  code_challenge_method VARCHAR(16),
  issued_at             BIGINT        NOT NULL,
  expires_at            BIGINT        NOT NULL,
  redeemed_at           BIGINT
);
CREATE INDEX authorization_code_client ON authorization_code (client_id);
CREATE INDEX authorization_code_expires ON authorization_code (expires_at);

-- Everything issued from one authorization; revoking the family revokes all of it.
CREATE TABLE token_family (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  client_id  VARCHAR(64)  NOT NULL REFERENCES app (client_id) ON DELETE CASCADE,
  username   VARCHAR(200) NOT NULL,
  code_hash  VARCHAR(64),
  created_at BIGINT       NOT NULL,
  revoked_at BIGINT
);
CREATE INDEX token_family_code ON token_family (code_hash);
CREATE INDEX token_family_client ON token_family (client_id);

CREATE TABLE access_token (
  token_hash VARCHAR(64)   NOT NULL PRIMARY KEY,
  family_id  BIGINT        REFERENCES token_family (id) ON DELETE CASCADE,
  client_id  VARCHAR(64)   NOT NULL REFERENCES app (client_id) ON DELETE CASCADE,
  username   VARCHAR(200)  NOT NULL,
  scope      VARCHAR(4000) NOT NULL,
  issued_at  BIGINT        NOT NULL,
  expires_at BIGINT        NOT NULL,
  revoked_at BIGINT
);
CREATE INDEX access_token_family ON access_token (family_id);
CREATE INDEX access_token_client ON access_token (client_id);
CREATE INDEX access_token_expires ON access_token (expires_at);

CREATE TABLE refresh_token (
  token_hash VARCHAR(64)   NOT NULL PRIMARY KEY,
  family_id  BIGINT        NOT NULL REFERENCES token_family (id) ON DELETE CASCADE,
  client_id  VARCHAR(64)   NOT NULL REFERENCES app (client_id) ON DELETE CASCADE,
  username   VARCHAR(200)  NOT NULL,
  scope      VARCHAR(4000) NOT NULL,
  rotating   BOOLEAN       NOT NULL,
  issued_at  BIGINT        NOT NULL,
  expires_at BIGINT        NOT NULL,
  rotated_at BIGINT,
  revoked_at BIGINT
);
CREATE INDEX refresh_token_family ON refresh_token (family_id);
CREATE INDEX refresh_token_client ON refresh_token (client_id);
CREATE INDEX refresh_token_expires ON refresh_token (expires_at);
