package org.pinoauth.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/** The pool of the embedded H2 store, with the group commit that makes its writes durable. */
final class GroupCommitPool extends HikariDataSource {
  private final H2GroupCommit commitBarrier = new H2GroupCommit(this);

  GroupCommitPool(HikariConfig config) {
    super(config);
  }

  CommitBarrier commitBarrier() {
    return commitBarrier;
  }

  @Override
  public void close() {
    commitBarrier.close();
    super.close();
  }
}
