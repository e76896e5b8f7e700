-- SQLite (data.engine=sqlite): the same as db/migration/V6__change_log.sql, with SQLite's INTEGER
-- PRIMARY KEY AUTOINCREMENT (the rowid, never reused) for the identity.
CREATE TABLE change_log (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  kind       VARCHAR(16)  NOT NULL,
  client_id  VARCHAR(64),
  subject    VARCHAR(200),
  created_at BIGINT       NOT NULL
);
CREATE INDEX change_log_created_at ON change_log (created_at);
