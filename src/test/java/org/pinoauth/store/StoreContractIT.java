package org.pinoauth.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pinoauth.client.App;
import org.pinoauth.crypto.TokenHasher;
import org.pinoauth.scope.Scopes;
import org.pinoauth.store.jdbc.JdbcRevokedAccessTokenStore;
import org.pinoauth.testing.TestApps;
import org.pinoauth.testing.TestServerExtension;
import org.pinoauth.token.TokenMinter;

/**
 * The Javadoc contracts of the store interfaces ({@link AppStore}, {@link CodeStore}, {@link
 * ConsentStore}, {@link TokenStore}, {@link RevokedAccessTokenStore}), checked on the stores of a
 * real server: the failsafe suite runs it once on H2 and once on PostgreSQL, so both databases keep
 * the same promises — all or nothing, and exactly one winner of a race.
 */
class StoreContractIT {
  private static final int RACERS = 8;
  private static final TokenMinter MINTER = new TokenMinter();
  private static final ExecutorService POOL = Executors.newFixedThreadPool(RACERS);

  @RegisterExtension static final TestServerExtension server = TestServerExtension.start();

  @AfterAll
  static void stopPool() {
    POOL.shutdownNow();
  }

  private static AppStore apps() {
    return server.pinoauth().apps();
  }

  private static CodeStore codes() {
    return server.pinoauth().codes();
  }

  private static ConsentStore consents() {
    return server.pinoauth().consents();
  }

  private static TokenStore tokens() {
    return server.pinoauth().tokens();
  }

  private static RevokedAccessTokenStore revocations() {
    return new JdbcRevokedAccessTokenStore(server.pinoauth().dataSource());
  }

  private static String hash() {
    return TokenHasher.hash(MINTER.mint(""));
  }

  private static App newApp() {
    App app = TestApps.app().owner("shop").build();
    assertTrue(apps().create(app));
    return apps().find(app.clientId()).orElseThrow();
  }

  private static AuthorizationCode issueCode(App app, String scopes) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    AuthorizationCode code =
        new AuthorizationCode(
            hash(),
            app.clientId(),
            "pinner",
            app.redirectUris().get(0),
            Scopes.parse(scopes),
            Optional.empty(),
            Optional.empty(),
            now,
            now.plus(Duration.ofMinutes(10)));
    codes().issue(code);
    return code;
  }

  private static RefreshToken refreshToken(App app) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    return new RefreshToken(
        hash(),
        app.clientId(),
        "pinner",
        Scopes.parse("pins:read"),
        true,
        now,
        now.plus(Duration.ofDays(30)));
  }

  /** A code redeemed into a new family; its first refresh token as the store holds it. */
  private static StoredRefreshToken redeemed(App app) {
    AuthorizationCode code = issueCode(app, "pins:read");
    RefreshToken first = refreshToken(app);
    assertTrue(tokens().redeemCode(code.hash(), first).isPresent());
    return tokens().findRefreshToken(first.hash()).orElseThrow();
  }

  /** Runs {@code call} on {@link #RACERS} threads released at once; their answers. */
  private static <T> List<T> race(Callable<T> call) throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    List<Future<T>> futures = new ArrayList<>();
    for (int i = 0; i < RACERS; i++) {
      futures.add(
          POOL.submit(
              () -> {
                start.await();
                return call.call();
              }));
    }
    start.countDown();
    List<T> answers = new ArrayList<>();
    for (Future<T> future : futures) {
      answers.add(future.get());
    }
    return answers;
  }

  // --- AppStore -------------------------------------------------------------------------------

  @Test
  void appStoreWhenClientIdTakenThenCreateFalseAndFirstAppKept() {
    App app = newApp();
    App clash = TestApps.app().clientId(app.clientId()).name("Another").build();

    assertFalse(apps().create(clash));
    assertEquals(app.name(), apps().find(app.clientId()).orElseThrow().name());
  }

  @Test
  void appStoreListIsOrderedByClientId() {
    newApp();
    newApp();

    List<String> ids = apps().list().stream().map(App::clientId).toList();

    assertEquals(ids.stream().sorted().toList(), ids);
  }

  @Test
  void appStoreWhenAppUnknownThenUpdateReplaceSecretAndDeleteFalseAndNothingCreated() {
    App ghost = TestApps.app().build();

    assertFalse(apps().update(ghost));
    assertFalse(apps().replaceSecret(ghost.clientId(), "hash"));
    assertFalse(apps().delete(ghost.clientId()));
    assertTrue(apps().find(ghost.clientId()).isEmpty());
  }

  @Test
  void appStoreSaveWhenAppExistsThenFieldsReplacedButCreatedAtKept() {
    App app = newApp();
    App renamed =
        TestApps.app()
            .clientId(app.clientId())
            .name("Renamed")
            .createdAt(app.createdAt().plus(Duration.ofDays(1)))
            .build();

    apps().save(renamed);

    App stored = apps().find(app.clientId()).orElseThrow();
    assertEquals("Renamed", stored.name());
    assertEquals(app.createdAt(), stored.createdAt());
  }

  @Test
  void appStoreDeleteRemovesEveryCodeConsentAndTokenOfTheApp() {
    App app = newApp();
    AuthorizationCode code = issueCode(app, "pins:read");
    RefreshToken refresh = refreshToken(app);
    tokens().redeemCode(code.hash(), refresh);

    assertTrue(apps().delete(app.clientId()));

    assertTrue(apps().find(app.clientId()).isEmpty());
    assertTrue(codes().find(code.hash()).isEmpty());
    assertTrue(consents().approved("pinner", app.clientId()).isEmpty());
    assertTrue(tokens().findRefreshToken(refresh.hash()).isEmpty());
  }

  // --- CodeStore and ConsentStore --------------------------------------------------------------

  @Test
  void codeStoreIssueStoresTheCodeUnredeemedWithItsConsent() {
    App app = newApp();

    AuthorizationCode code = issueCode(app, "pins:read boards:read");

    StoredCode stored = codes().find(code.hash()).orElseThrow();
    assertEquals(code.clientId(), stored.code().clientId());
    assertEquals(code.scopes().names(), stored.code().scopes().names());
    assertFalse(stored.redeemed());
    assertEquals(
        Set.of("pins:read", "boards:read"), consents().approved("pinner", app.clientId()).names());
  }

  @Test
  void consentStoreApprovalsAccumulateAcrossCodes() {
    App app = newApp();
    issueCode(app, "pins:read");
    issueCode(app, "boards:read");

    assertEquals(
        Set.of("pins:read", "boards:read"), consents().approved("pinner", app.clientId()).names());
    assertTrue(consents().approved("someone-else", app.clientId()).isEmpty());
  }

  // --- TokenStore -------------------------------------------------------------------------------

  @Test
  void tokenStoreRedeemCodeWhenAlreadyRedeemedThenEmptyAndNothingWritten() {
    App app = newApp();
    AuthorizationCode code = issueCode(app, "pins:read");
    RefreshToken first = refreshToken(app);
    RefreshToken second = refreshToken(app);

    OptionalLong family = tokens().redeemCode(code.hash(), first);
    OptionalLong again = tokens().redeemCode(code.hash(), second);

    assertTrue(family.isPresent());
    assertTrue(again.isEmpty());
    assertTrue(codes().find(code.hash()).orElseThrow().redeemed());
    assertEquals(
        family.getAsLong(), tokens().findRefreshToken(first.hash()).orElseThrow().familyId());
    assertTrue(tokens().findRefreshToken(second.hash()).isEmpty());
  }

  @Test
  void tokenStoreRedeemCodeWhenRacedThenExactlyOneWins() throws Exception {
    App app = newApp();
    AuthorizationCode code = issueCode(app, "pins:read");

    List<Boolean> won = race(() -> tokens().redeemCode(code.hash(), refreshToken(app)).isPresent());

    assertEquals(1, won.stream().filter(Boolean::booleanValue).count(), won.toString());
  }

  @Test
  void tokenStoreRotateWhenPresentedTokenAlreadyRotatedThenFalseAndNothingWritten() {
    App app = newApp();
    StoredRefreshToken presented = redeemed(app);
    RefreshToken successor = refreshToken(app);
    RefreshToken late = refreshToken(app);

    assertTrue(tokens().rotate(presented, successor));
    assertFalse(tokens().rotate(presented, late));

    assertTrue(
        tokens().findRefreshToken(presented.token().hash()).orElseThrow().rotatedAt().isPresent());
    assertEquals(
        presented.familyId(), tokens().findRefreshToken(successor.hash()).orElseThrow().familyId());
    assertTrue(tokens().findRefreshToken(late.hash()).isEmpty());
  }

  @Test
  void tokenStoreRotateWhenRacedThenExactlyOneWins() throws Exception {
    App app = newApp();
    StoredRefreshToken presented = redeemed(app);

    List<Boolean> won = race(() -> tokens().rotate(presented, refreshToken(app)));

    assertEquals(1, won.stream().filter(Boolean::booleanValue).count(), won.toString());
  }

  @Test
  void tokenStoreRotateWhenFamilyRevokedThenFalse() {
    App app = newApp();
    StoredRefreshToken presented = redeemed(app);
    tokens().revokeFamily(presented.familyId());
    RefreshToken successor = refreshToken(app);

    assertFalse(tokens().rotate(presented, successor));
    assertTrue(tokens().findRefreshToken(successor.hash()).isEmpty());
  }

  @Test
  void tokenStoreAddToFamilyWhenLiveThenStoredWithoutRetiringAnything() {
    App app = newApp();
    StoredRefreshToken first = redeemed(app);
    RefreshToken added = refreshToken(app);

    assertTrue(tokens().addToFamily(first.familyId(), added));

    assertEquals(
        first.familyId(), tokens().findRefreshToken(added.hash()).orElseThrow().familyId());
    StoredRefreshToken firstNow = tokens().findRefreshToken(first.token().hash()).orElseThrow();
    assertTrue(firstNow.rotatedAt().isEmpty());
    assertFalse(firstNow.revoked());
  }

  @Test
  void tokenStoreAddToFamilyWhenFamilyRevokedThenFalseAndNothingWritten() {
    App app = newApp();
    StoredRefreshToken first = redeemed(app);
    tokens().revokeFamily(first.familyId());
    RefreshToken added = refreshToken(app);

    assertFalse(tokens().addToFamily(first.familyId(), added));
    assertTrue(tokens().findRefreshToken(added.hash()).isEmpty());
  }

  @Test
  void tokenStoreRevokeFamilyRevokesEveryRefreshAndAccessTokenInIt() {
    App app = newApp();
    StoredRefreshToken first = redeemed(app);
    RefreshToken second = refreshToken(app);
    tokens().rotate(first, second);
    String access = hash();
    assertTrue(isLive(access, first.familyId(), app));

    tokens().revokeFamily(first.familyId());

    assertTrue(tokens().findRefreshToken(first.token().hash()).orElseThrow().revoked());
    assertTrue(tokens().findRefreshToken(second.hash()).orElseThrow().revoked());
    assertFalse(isLive(access, first.familyId(), app));
  }

  @Test
  void tokenStoreRevokeFamilyOfCodeRevokesOnlyTheFamilyIssuedFromThatCode() {
    App app = newApp();
    AuthorizationCode replayed = issueCode(app, "pins:read");
    RefreshToken fromReplayed = refreshToken(app);
    tokens().redeemCode(replayed.hash(), fromReplayed);
    StoredRefreshToken other = redeemed(app);

    tokens().revokeFamilyOfCode(replayed.hash());
    tokens().revokeFamilyOfCode(hash()); // a code of no family: nothing to do

    assertTrue(tokens().findRefreshToken(fromReplayed.hash()).orElseThrow().revoked());
    assertFalse(tokens().findRefreshToken(other.token().hash()).orElseThrow().revoked());
  }

  // --- RevokedAccessTokenStore ------------------------------------------------------------------

  private static boolean isLive(String accessHash, long familyId, App app) {
    return revocations().isLive(accessHash, familyId, app.clientId(), "pinner", app.createdAt());
  }

  @Test
  void revokedAccessTokenStoreRevokeEndsOnlyThatToken() {
    App app = newApp();
    StoredRefreshToken family = redeemed(app);
    String revoked = hash();
    String kept = hash();

    revocations().revoke(revoked, Instant.now().plus(Duration.ofHours(1)));

    assertFalse(isLive(revoked, family.familyId(), app));
    assertTrue(isLive(kept, family.familyId(), app));
  }

  @Test
  void revokedAccessTokenStoreAppTokenLiveWhileAppStandsWithSameOwnerAndCreation() {
    App app = newApp();
    String token = hash();
    RevokedAccessTokenStore store = revocations();

    assertTrue(store.isLive(token, 0, app.clientId(), "shop", app.createdAt()));
    assertFalse(store.isLive(token, 0, app.clientId(), "someone-else", app.createdAt()));
    assertFalse(
        store.isLive(token, 0, app.clientId(), "shop", app.createdAt().minus(Duration.ofDays(1))));

    apps().delete(app.clientId());

    assertFalse(store.isLive(token, 0, app.clientId(), "shop", app.createdAt()));
  }
}
