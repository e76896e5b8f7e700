-- SQLite (data.engine=sqlite): the same as db/migration/V4__allowed_origins.sql.
-- pinoauth schema, version 4: the browser origins an app registered (CONTRACT §9), one row per app
-- and origin, in the canonical spelling browsers send in the Origin header. The primary key answers
-- "is this origin this app's" (a token or revocation POST); the index on origin answers "did any
-- app register it" (a CORS preflight, which names no app) without reading the whole table.
CREATE TABLE app_allowed_origin (
  client_id VARCHAR(64)  NOT NULL REFERENCES app (client_id) ON DELETE CASCADE,
  origin    VARCHAR(300) NOT NULL,
  PRIMARY KEY (client_id, origin)
);
CREATE INDEX app_allowed_origin_origin ON app_allowed_origin (origin);
