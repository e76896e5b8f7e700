package org.pinoauth.store.jdbc;

/**
 * Makes committed work durable before the request that did it is answered, for databases whose
 * commit alone does not: see {@link H2GroupCommit}. Called after the connection went back to the
 * pool, so that waiting holds none.
 */
interface CommitBarrier {

  /** For databases whose commit is durable when it returns, as PostgreSQL's is. */
  CommitBarrier NONE = () -> {};

  /**
   * Returns once everything committed before the call is durable.
   *
   * @throws org.pinoauth.store.StoreException when it cannot be made durable
   */
  void awaitDurable();
}
