package org.pinoauth.store;

import java.util.Map;

/**
 * What removing grants did: for each app whose grant, codes or families were removed, how many
 * token families it revoked (zero for a grant that never reached a code exchange). Empty when the
 * user had nothing of that app, or nothing at all.
 */
public record GrantRemoval(Map<String, Integer> familiesByApp) {

  public GrantRemoval {
    familiesByApp = Map.copyOf(familiesByApp);
  }

  public boolean isEmpty() {
    return familiesByApp.isEmpty();
  }

  /** The families revoked, over every app. */
  public int families() {
    return familiesByApp.values().stream().mapToInt(Integer::intValue).sum();
  }
}
