-- SQLite (data.engine=sqlite): the same as db/migration/V2__sealed_access_tokens.sql.
-- pinoauth schema, version 2: access tokens are sealed (encrypted and authenticated) and carry their
-- own claims, so issuing one writes nothing. The store keeps only what can end a token early: the
-- revocations of single access tokens, until the tokens would have expired anyway, and the key
-- tokens are sealed with when no token.key is configured (generated once, shared by every node).
DROP TABLE access_token;

CREATE TABLE revoked_access_token (
  token_hash VARCHAR(64) NOT NULL PRIMARY KEY,
  expires_at BIGINT      NOT NULL
);
CREATE INDEX revoked_access_token_expires ON revoked_access_token (expires_at);

CREATE TABLE token_key (
  id         INT          NOT NULL PRIMARY KEY,
  key_value  VARCHAR(100) NOT NULL,
  created_at BIGINT       NOT NULL
);
