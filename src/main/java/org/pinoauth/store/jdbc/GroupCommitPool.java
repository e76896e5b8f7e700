package org.pinoauth.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/** The pool of an H2 store pinoauth opened itself, with the group commit that makes it durable. */
final class GroupCommitPool extends HikariDataSource {
  private final H2GroupCommit commitBarrier = new H2GroupCommit(this);

  GroupCommitPool(HikariConfig config) {
    super(config);
  }

  CommitBarrier commitBarrier() {
    return commitBarrier;
  }
}
