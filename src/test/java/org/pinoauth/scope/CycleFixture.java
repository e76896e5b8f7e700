package org.pinoauth.scope;

/** Half of a cycle between two packages of one floor: {@code ArchitectureTest} must refuse it. */
public final class CycleFixture {
  private CycleFixture() {}

  public static int other() {
    return org.pinoauth.limit.CycleFixture.one();
  }

  public static int one() {
    return 1;
  }
}
