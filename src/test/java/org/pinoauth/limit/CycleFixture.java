package org.pinoauth.limit;

/** The other half of {@code scope.CycleFixture}'s cycle. */
public final class CycleFixture {
  private CycleFixture() {}

  public static int other() {
    return org.pinoauth.scope.CycleFixture.one();
  }

  public static int one() {
    return 1;
  }
}
