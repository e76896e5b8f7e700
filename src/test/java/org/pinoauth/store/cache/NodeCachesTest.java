package org.pinoauth.store.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.pinoauth.client.App;
import org.pinoauth.client.GrantType;
import org.pinoauth.client.RefreshMode;
import org.pinoauth.scope.Scopes;
import org.pinoauth.store.AppStore;
import org.pinoauth.store.Change;
import org.pinoauth.store.RevokedAccessTokenStore;

/**
 * The node caches' rules, on a clock of their own: fresh only within the staleness of the last
 * applied poll, emptied after a lapse, never filled by a read that an invalidation overtook.
 */
class NodeCachesTest {
  private static final long SECOND = 1_000_000_000L;
  private static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");

  private final AtomicLong now = new AtomicLong(100 * SECOND);
  private final AppStore appStore = mock(AppStore.class);
  private final RevokedAccessTokenStore revokedStore = mock(RevokedAccessTokenStore.class);

  private NodeCaches polled(int apps, int live, int dead) {
    return new NodeCaches(Duration.ofSeconds(1), false, now::get, apps, live, dead);
  }

  private static App app(String clientId, String owner) {
    return new App(
        clientId,
        "name",
        "hash",
        List.of("https://example.com/cb"),
        Scopes.parse("pins:read"),
        Set.of(GrantType.CLIENT_CREDENTIALS),
        RefreshMode.CONTINUOUS,
        owner,
        false,
        CREATED);
  }

  @Test
  void findWhenConfirmedWithinStalenessThenSecondAnswerFromMemory() {
    NodeCaches caches = polled(10, 10, 10);
    CachingAppStore apps = new CachingAppStore(appStore, caches);
    when(appStore.find("a")).thenReturn(Optional.of(app("a", "alice")));
    caches.polled(List.of(), now.get());

    now.addAndGet(SECOND / 2);
    apps.find("a");
    assertEquals(Optional.of(app("a", "alice")), apps.find("a"));

    verify(appStore, times(1)).find("a");
    assertEquals(1, caches.hits());
  }

  @Test
  void findWhenNeverConfirmedOrConfirmationOlderThanStalenessThenEveryReadGoesToTheStore() {
    NodeCaches caches = polled(10, 10, 10);
    CachingAppStore apps = new CachingAppStore(appStore, caches);
    when(appStore.find("a")).thenReturn(Optional.of(app("a", "alice")));

    apps.find("a");
    apps.find("a"); // not confirmed yet: nothing kept
    caches.polled(List.of(), now.get());
    now.addAndGet(SECOND + 1);
    apps.find("a");
    apps.find("a"); // lapsed: read through, nothing kept

    verify(appStore, times(4)).find("a");
    assertTrue(caches.apps.view().isEmpty());
  }

  @Test
  void polledWhenAfterALapseThenCachesClearedBeforeAnswersAreUsedAgain() {
    NodeCaches caches = polled(10, 10, 10);
    CachingAppStore apps = new CachingAppStore(appStore, caches);
    when(appStore.find("a")).thenReturn(Optional.of(app("a", "alice")));
    caches.polled(List.of(), now.get());
    apps.find("a");
    assertTrue(caches.cachedApp("a").isPresent());

    now.addAndGet(3 * SECOND); // polls failed meanwhile; a change may have been purged or missed
    caches.polled(List.of(), now.get());

    assertTrue(caches.cachedApp("a").isEmpty());
    apps.find("a");
    verify(appStore, times(2)).find("a");
  }

  @Test
  void findWhenAChangeIsAppliedDuringTheReadThenTheReadAnswerIsNotKept() {
    NodeCaches caches = polled(10, 10, 10);
    CachingAppStore apps = new CachingAppStore(appStore, caches);
    caches.polled(List.of(), now.get());
    when(appStore.find("a"))
        .thenAnswer(
            read -> {
              // The store answered the old app; the change lands before the answer is kept.
              caches.applied(Change.app("a"));
              return Optional.of(app("a", "alice"));
            });

    apps.find("a");

    assertTrue(caches.cachedApp("a").isEmpty());
  }

  @Test
  void findWhenUnknownClientIdThenNothingKept() {
    NodeCaches caches = polled(10, 10, 10);
    CachingAppStore apps = new CachingAppStore(appStore, caches);
    when(appStore.find(anyString())).thenReturn(Optional.empty());
    caches.polled(List.of(), now.get());

    for (int i = 0; i < 100; i++) {
      apps.find("stranger" + i);
    }

    assertEquals(0, caches.apps.size());
  }

  @Test
  void cachesWhenMoreEntriesThanTheBoundThenNeverMoreThanTheBound() {
    NodeCaches caches = polled(20, 50, 30);
    CachingAppStore apps = new CachingAppStore(appStore, caches);
    CachingRevokedAccessTokenStore tokens =
        new CachingRevokedAccessTokenStore(revokedStore, caches);
    when(appStore.find(anyString()))
        .thenAnswer(read -> Optional.of(app(read.getArgument(0), "alice")));
    when(revokedStore.isLive(anyString(), anyLong(), any(), any(), any()))
        .thenAnswer(read -> ((String) read.getArgument(0)).startsWith("live"));
    caches.polled(List.of(), now.get());

    for (int i = 0; i < 1_000; i++) {
      apps.find("app" + i);
      tokens.isLive("live" + i, 1, "a", "alice", CREATED);
      tokens.isLive("dead" + i, 1, "a", "alice", CREATED);
      assertTrue(caches.apps.size() <= 20, "apps " + caches.apps.size());
      assertTrue(caches.live.size() <= 50, "live " + caches.live.size());
      assertTrue(caches.dead.size() <= 30, "dead " + caches.dead.size());
    }
    assertTrue(caches.live.size() > 40, "still caching: " + caches.live.size());
  }

  @Test
  void appliedWhenEachKindThenExactlyTheEntriesItEndsAreDropped() {
    NodeCaches caches = polled(100, 100, 100);
    CachingAppStore apps = new CachingAppStore(appStore, caches);
    CachingRevokedAccessTokenStore tokens =
        new CachingRevokedAccessTokenStore(revokedStore, caches);
    when(appStore.find(anyString()))
        .thenAnswer(read -> Optional.of(app(read.getArgument(0), "alice")));
    when(revokedStore.isLive(anyString(), anyLong(), any(), any(), any())).thenReturn(true);
    caches.polled(List.of(), now.get());
    apps.find("a");
    apps.find("b");
    tokens.isLive("t1", 1, "a", "alice", CREATED);
    tokens.isLive("t2", 2, "a", "bob", CREATED);
    tokens.isLive("t3", 3, "b", "alice", CREATED);
    tokens.isLive("t4", 0, "b", "carol", CREATED);
    tokens.isLive("t5", 5, "b", "dave", CREATED);

    caches.applied(Change.accessToken("t5"));
    assertEquals(Set.of("t1", "t2", "t3", "t4"), caches.live.view().keySet());

    caches.applied(Change.family(null, 2));
    assertEquals(Set.of("t1", "t3", "t4"), caches.live.view().keySet());

    caches.applied(Change.user("alice", "b"));
    assertEquals(Set.of("t1", "t4"), caches.live.view().keySet());

    caches.applied(Change.app("b"));
    assertEquals(Set.of("t1"), caches.live.view().keySet());
    assertEquals(Set.of("a"), caches.apps.view().keySet());

    caches.polled(List.of(Change.user("alice", null)), now.get());
    assertTrue(caches.live.view().isEmpty());
    assertEquals(Set.of("a"), caches.apps.view().keySet());
  }

  @Test
  void isLiveWhenRevokedThenTheDeadAnswerIsKeptAndAnsweredFromMemory() {
    NodeCaches caches = polled(10, 10, 10);
    CachingRevokedAccessTokenStore tokens =
        new CachingRevokedAccessTokenStore(revokedStore, caches);
    when(revokedStore.isLive("t", 1, "a", "alice", CREATED)).thenReturn(false);
    caches.polled(List.of(), now.get());

    assertFalse(tokens.isLive("t", 1, "a", "alice", CREATED));
    assertFalse(tokens.isLive("t", 1, "a", "alice", CREATED));

    verify(revokedStore, times(1)).isLive("t", 1, "a", "alice", CREATED);
  }

  @Test
  void isLiveWhenExactThenCachedWithoutAnyPoll() {
    NodeCaches caches = NodeCaches.exact(Duration.ofMillis(1));
    CachingRevokedAccessTokenStore tokens =
        new CachingRevokedAccessTokenStore(revokedStore, caches);
    when(revokedStore.isLive("t", 1, "a", "alice", CREATED)).thenReturn(true);

    tokens.isLive("t", 1, "a", "alice", CREATED);
    caches.applied(Change.family(null, 7));
    tokens.isLive("t", 1, "a", "alice", CREATED);
    caches.applied(Change.family(null, 1));
    tokens.isLive("t", 1, "a", "alice", CREATED);

    verify(revokedStore, times(2)).isLive("t", 1, "a", "alice", CREATED);
  }
}
