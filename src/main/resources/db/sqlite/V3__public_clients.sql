-- SQLite (data.engine=sqlite): the same as db/migration/V3__public_clients.sql.
-- pinoauth schema, version 3: public clients (CONTRACT §9, RFC 8252). How an app authenticates at
-- the token endpoint; every app registered before this is confidential. A public app ('none') has
-- no secret: its secret_hash is the empty string, which no presented secret is checked against.
ALTER TABLE app ADD COLUMN token_endpoint_auth_method VARCHAR(32) NOT NULL
  DEFAULT 'client_secret_basic';
