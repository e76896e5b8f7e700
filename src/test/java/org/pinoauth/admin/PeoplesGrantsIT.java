package org.pinoauth.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.net.URI;
import java.net.http.HttpRequest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pinoauth.client.RefreshMode;
import org.pinoauth.crypto.TokenHasher;
import org.pinoauth.testing.AuditLines;
import org.pinoauth.testing.Browserless;
import org.pinoauth.testing.Endpoints;
import org.pinoauth.testing.Http;
import org.pinoauth.testing.LogCapture;
import org.pinoauth.testing.MutableClock;
import org.pinoauth.testing.TestApps;
import org.pinoauth.testing.TestApps.TestApp;
import org.pinoauth.testing.TestCodes;
import org.pinoauth.testing.TestDatabases;
import org.pinoauth.testing.TestServerExtension;
import org.pinoauth.testing.TokenEndpoint;

/**
 * People's grants in the admin API (CONTRACT §6) over real HTTP, on H2 and on PostgreSQL: grants
 * made by real code flows, their last use kept to the hour, their removal felt at every endpoint,
 * removing everything of a user with 10,000 families, paging with {@code Link}, and the refusals.
 */
class PeoplesGrantsIT {
  private static final Jsonb JSON = JsonbBuilder.create();
  private static final String ADMIN = Http.basic("admin", "admin");
  private static final String REDIRECT_URI = TokenEndpoint.REDIRECT_URI;
  private static final Pattern NEXT = Pattern.compile("^<([^>]+)>; rel=\"next\"$");
  private static final long HOUR = 3_600_000L;
  private static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-03-01T10:20:00Z"));

  @RegisterExtension
  static final TestServerExtension server = TestServerExtension.of(builder -> builder.clock(CLOCK));

  // --- A grant made by a real code flow ---------------------------------------------------------

  @Test
  void codeFlowThenGrantListedWithFirstAuthorizedAndLastUsedToTheHour() {
    TestApp app = TestApps.app().name("Flow app").registerOn(server.get());
    Instant before = CLOCK.instant();

    Flow flow = Flow.run(app, "pinner2", "pins:read,boards:read");

    Http.Response list = admin("GET", "/admin/users/pinner2/grants");
    List<Map<String, Object>> grants = grantsOf(list);
    Map<String, Object> grant = only(grants, app.clientId());
    String expected =
        "{\"client_id\":\""
            + app.clientId()
            + "\",\"name\":\"Flow app\",\"username\":\"pinner2\","
            + "\"scopes\":[\"boards:read\",\"pins:read\"],\"first_authorized_at\":"
            + before.getEpochSecond()
            + ",\"last_used_at\":"
            + hourOf(before.toEpochMilli()) / 1000
            + "}";
    assertTrue(list.body().contains(expected), list.body());
    assertEquals("Flow app", grant.get("name"));
    assertEquals("pinner2", grant.get("username"));
    assertEquals(List.of("boards:read", "pins:read"), grant.get("scopes"));
    assertEquals(before.getEpochSecond(), number(grant, "first_authorized_at"));
    assertEquals(hourOf(before.toEpochMilli()) / 1000, number(grant, "last_used_at"));
    assertNotNull(flow.refreshToken());
  }

  @Test
  void refreshThenLastUsedMovesToItsHourButIsWrittenAtMostOnceAnHour() throws SQLException {
    TestApp app = TestApps.app().registerOn(server.get());
    Flow flow = Flow.run(app, "pinner", "pins:read");
    long hour = hourOf(CLOCK.millis());
    // A mark inside this hour that no write of this hour would make: if it stays, nothing wrote.
    setLastUsed(app.clientId(), "pinner", hour + 1);

    String refresh = refresh(app, flow.refreshToken());
    assertEquals(hour + 1, lastUsed(app.clientId(), "pinner"), "a second use in the hour writes");

    CLOCK.advance(Duration.ofHours(2));
    refresh(app, refresh);
    assertEquals(hourOf(CLOCK.millis()), lastUsed(app.clientId(), "pinner"));
    Map<String, Object> grant =
        only(grantsOf(admin("GET", "/admin/apps/" + app.clientId() + "/grants")), "pinner");
    assertEquals(hourOf(CLOCK.millis()) / 1000, number(grant, "last_used_at"));
  }

  @Test
  void legacyRefreshThenLastUsedMovesToo() throws SQLException {
    TestApp app = TestApps.app().refreshMode(RefreshMode.LEGACY).registerOn(server.get());
    Flow flow = Flow.run(app, "pinner", "pins:read");
    setLastUsed(app.clientId(), "pinner", 0);

    Http.Response refreshed = TokenEndpoint.of(server.get()).refresh(app, flow.refreshToken());

    assertEquals(200, refreshed.status(), refreshed.body());
    assertEquals("refresh_token", refreshed.string("response_type"));
    assertEquals(hourOf(CLOCK.millis()), lastUsed(app.clientId(), "pinner"));
  }

  @Test
  void grantNeverExchangedThenLastUsedNullAndPresent() {
    TestApp app = TestApps.app().registerOn(server.get());
    TestCodes.code(app).username("never-used").issueOn(server.get());

    Http.Response list = admin("GET", "/admin/users/never-used/grants");

    assertTrue(list.body().contains("\"last_used_at\":null"), list.body());
    assertNull(only(grantsOf(list), app.clientId()).get("last_used_at"));
  }

  // --- Removing one grant -----------------------------------------------------------------------

  @Test
  void deleteGrantThenEveryTokenAndCodeOfItStopsAndConsentIsAskedAgain() {
    TestApp app = TestApps.app().registerOn(server.get());
    TestApp other = TestApps.app().registerOn(server.get());
    Flow flow = Flow.run(app, "pinner", "pins:read,user_accounts:read");
    Flow kept = Flow.run(other, "pinner", "pins:read,user_accounts:read");
    String unredeemed = flow.browser().codeAgain(app, "pins:read,user_accounts:read");
    assertTrue(Endpoints.isActive(server.get(), app, flow.accessToken()));

    Http.Response deleted;
    List<Map<String, String>> lines;
    try (LogCapture logs = LogCapture.start()) {
      deleted = admin("DELETE", "/admin/users/pinner/grants/" + app.clientId());
      lines = AuditLines.await(logs, "grant.removed", 1);
    }

    assertEquals(204, deleted.status(), deleted.body());
    assertEquals("", deleted.body());
    assertEquals(
        Map.of(
            "event", "grant.removed",
            "address", "127.0.0.1",
            "operator", "admin",
            "app", app.clientId(),
            "user", "pinner",
            "families", "1"),
        lines.get(0));
    TokenEndpoint tokens = TokenEndpoint.of(server.get());
    Http.Response refresh = tokens.refresh(app, flow.refreshToken());
    assertEquals(400, refresh.status(), refresh.body());
    assertEquals("invalid_grant", refresh.string("error"));
    assertFalse(Endpoints.isActive(server.get(), app, flow.accessToken()));
    assertEquals(401, Endpoints.userAccount(server.get(), flow.accessToken()).status());
    Http.Response exchange = tokens.exchange(app, unredeemed);
    assertEquals(400, exchange.status(), exchange.body());
    assertEquals("invalid_grant", exchange.string("error"));
    Http.Response consent = flow.browser().consentPage(app, "pins:read");
    assertFalse(consent.body().contains("already allowed"), consent.body());
    assertTrue(
        grantsOf(admin("GET", "/admin/users/pinner/grants")).stream()
            .noneMatch(grant -> app.clientId().equals(grant.get("client_id"))));
    // The user's grant of another app stands.
    assertTrue(Endpoints.isActive(server.get(), other, kept.accessToken()));
    assertEquals(200, tokens.refresh(other, kept.refreshToken()).status());
    assertEquals(404, admin("DELETE", "/admin/users/pinner/grants/" + app.clientId()).status());
  }

  @Test
  void deleteGrantWhenNoneThen404Json() {
    TestApp app = TestApps.app().registerOn(server.get());

    Http.Response unknownUser = admin("DELETE", "/admin/users/nobody/grants/" + app.clientId());
    Http.Response unknownApp = admin("DELETE", "/admin/users/pinner/grants/999");

    assertEquals(404, unknownUser.status(), unknownUser.body());
    assertEquals("invalid_request", unknownUser.string("error"));
    assertEquals(404, unknownApp.status(), unknownApp.body());
  }

  @Test
  void deleteWithoutJsonContentTypeOrFromAnotherOriginThenRefusedAndGrantStands() {
    TestApp app = TestApps.app().registerOn(server.get());
    TestCodes.code(app).username("guarded").issueOn(server.get());
    URI uri = server.uri("/admin/users/guarded/grants/" + app.clientId());

    Http.Response noType =
        Http.send(
            HttpRequest.newBuilder(uri)
                .header("Authorization", ADMIN)
                .method("DELETE", HttpRequest.BodyPublishers.noBody())
                .build());
    Http.Response crossSite =
        Http.send(
            HttpRequest.newBuilder(uri)
                .header("Authorization", ADMIN)
                .header("Content-Type", "application/json")
                .header("Origin", "https://evil.example")
                .method("DELETE", HttpRequest.BodyPublishers.noBody())
                .build());
    Http.Response notAdmin =
        Http.send(
            HttpRequest.newBuilder(server.uri("/admin/users/guarded/grants"))
                .header("Authorization", Http.basic("pinner", "pinner"))
                .GET()
                .build());

    assertEquals(415, noType.status(), noType.body());
    assertEquals(403, crossSite.status(), crossSite.body());
    assertEquals(403, notAdmin.status(), notAdmin.body());
    assertEquals(1, grantsOf(admin("GET", "/admin/users/guarded/grants")).size());
  }

  // --- Removing everything of a user ------------------------------------------------------------

  @Test
  void deleteAllWhenTenThousandFamiliesThenAllRevokedInBatchesAndAudited() throws SQLException {
    String user = "bulk-" + UUID.randomUUID();
    List<TestApp> apps = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      TestApp app = TestApps.app().registerOn(server.get());
      TestCodes.code(app).username(user).issueOn(server.get());
      apps.add(app);
    }
    TestApp bystander = TestApps.app().registerOn(server.get());
    Flow other = Flow.run(bystander, "pinner2", "pins:read");
    insertFamilies(user, apps, 10_000);
    String unredeemed = TestCodes.code(apps.get(0)).username(user).issueOn(server.get());

    long start = System.nanoTime();
    Http.Response deleted;
    List<Map<String, String>> perApp;
    List<Map<String, String>> summary;
    try (LogCapture logs = LogCapture.start()) {
      deleted = admin("DELETE", "/admin/users/" + user + "/grants");
      perApp = AuditLines.await(logs, "grant.removed", 3);
      summary = AuditLines.await(logs, "grants.removed_all", 1);
    }
    long millis = (System.nanoTime() - start) / 1_000_000;
    System.out.printf("Removing 10,000 families of one user took %d ms%n", millis);

    assertEquals(204, deleted.status(), deleted.body());
    assertTrue(millis < 120_000, "took " + millis + " ms");
    assertEquals(
        0,
        count("SELECT COUNT(*) FROM token_family WHERE username = ? AND revoked_at IS NULL", user));
    assertEquals(
        0,
        count(
            "SELECT COUNT(*) FROM refresh_token WHERE username = ? AND revoked_at IS NULL", user));
    assertEquals(10_000, count("SELECT COUNT(*) FROM token_family WHERE username = ?", user));
    if (TestDatabases.postgresSelected()) {
      // Rows a transaction updated carry its id as xmin: ten transactions of 1,000 families.
      List<Long> perTransaction =
          counts("SELECT COUNT(*) FROM token_family WHERE username = ? GROUP BY xmin::text", user);
      assertEquals(10, perTransaction.size(), perTransaction.toString());
      assertTrue(perTransaction.stream().allMatch(n -> n <= 1_000), perTransaction.toString());
    }
    assertEquals(0, count("SELECT COUNT(*) FROM consent WHERE username = ?", user));
    assertEquals(0, count("SELECT COUNT(*) FROM user_grant WHERE username = ?", user));
    assertEquals(
        0,
        count(
            "SELECT COUNT(*) FROM authorization_code WHERE username = ? AND redeemed_at IS NULL",
            user));
    int families = 0;
    for (Map<String, String> line : perApp) {
      assertEquals(user, line.get("user"));
      assertEquals("admin", line.get("operator"));
      families += Integer.parseInt(line.get("families"));
    }
    assertEquals(10_000, families);
    assertEquals(
        apps.stream().map(TestApp::clientId).sorted().toList(),
        perApp.stream().map(line -> line.get("app")).sorted().toList());
    assertEquals("3", summary.get(0).get("apps"));
    assertEquals("10000", summary.get(0).get("families"));
    assertEquals(user, summary.get(0).get("user"));
    Http.Response exchange = TokenEndpoint.of(server.get()).exchange(apps.get(0), unredeemed);
    assertEquals("invalid_grant", exchange.string("error"));
    assertEquals(List.of(), grantsOf(admin("GET", "/admin/users/" + user + "/grants")));
    // Nobody else's grant is touched.
    assertTrue(Endpoints.isActive(server.get(), bystander, other.accessToken()));
  }

  @Test
  void deleteAllWhenUserHasNothingThen204AndAuditedAsTypedHash() {
    Http.Response deleted;
    List<Map<String, String>> summary;
    try (LogCapture logs = LogCapture.start()) {
      deleted = admin("DELETE", "/admin/users/hunter2-typed/grants");
      summary = AuditLines.await(logs, "grants.removed_all", 1);
    }

    assertEquals(204, deleted.status(), deleted.body());
    assertFalse(summary.get(0).containsKey("user"), summary.toString());
    assertFalse(summary.toString().contains("hunter2"), summary.toString());
    assertTrue(summary.get(0).get("typed_hash").matches("[A-Za-z0-9_-]{16}"), summary.toString());
    assertEquals("0", summary.get(0).get("families"));
  }

  // --- Paging -----------------------------------------------------------------------------------

  @Test
  void listUserGrantsThenPagedThroughThreePagesByLink() {
    String user = "pager-" + UUID.randomUUID();
    List<String> clientIds = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      TestApp app = TestApps.app().registerOn(server.get());
      TestCodes.code(app).username(user).issueOn(server.get());
      clientIds.add(app.clientId());
    }

    List<List<String>> pages = pagesOf("/admin/users/" + user + "/grants?limit=2", "client_id");

    assertEquals(
        List.of(clientIds.subList(0, 2), clientIds.subList(2, 4), clientIds.subList(4, 5)), pages);
  }

  @Test
  void listAppGrantsThenPagedByUsernameAndUsernamesDecodedOnce() {
    TestApp app = TestApps.app().registerOn(server.get());
    // "+" stays a plus only if the path is decoded as a path, once, not as a form.
    List<String> users = List.of("b+c", "c d", "c@d", "e:f", "ü");
    for (String user : users) {
      TestCodes.code(app).username(user).issueOn(server.get());
    }

    List<List<String>> pages =
        pagesOf("/admin/apps/" + app.clientId() + "/grants?limit=2", "username");

    assertEquals(List.of(2, 2, 1), pages.stream().map(List::size).toList(), pages.toString());
    assertEquals(users, pages.stream().flatMap(List::stream).sorted().toList());
    for (String user : users) {
      String path = "/admin/users/" + UserGrantsServlet.segment(user) + "/grants";
      List<Map<String, Object>> grants = grantsOf(admin("GET", path));
      assertEquals(List.of(user), grants.stream().map(g -> g.get("username")).toList(), path);
    }
  }

  @Test
  void listAppsWithLimitThenPagedAndTogetherTheWholeList() {
    for (int i = 0; i < 3; i++) {
      TestApps.app().registerOn(server.get());
    }
    Http.Response whole = admin("GET", "/admin/apps");
    List<String> all = grantsOf(whole).stream().map(app -> (String) app.get("client_id")).toList();
    assertTrue(whole.header("Link").isEmpty(), "no Link without limit");

    List<List<String>> pages = pagesOf("/admin/apps?limit=2", "client_id");

    assertEquals(all, pages.stream().flatMap(List::stream).toList());
    assertTrue(pages.size() >= 2, pages.toString());
    assertTrue(pages.stream().allMatch(page -> page.size() <= 2), pages.toString());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/admin/users/pinner/grants?limit=0",
        "/admin/users/pinner/grants?limit=1001",
        "/admin/users/pinner/grants?limit=ten",
        "/admin/users/pinner/grants?limit=1&limit=2",
        "/admin/apps?limit=-1",
        "/admin/apps?limit=99999999999999999999"
      })
  void listWhenLimitBadThen400NamingLimit(String path) {
    Http.Response response = admin("GET", path);

    assertEquals(400, response.status(), response.body());
    assertEquals("invalid_request", response.string("error"));
    assertTrue(response.body().contains("limit"), response.body());
  }

  @Test
  void listWhenCursorTamperedOrOfAnotherListThen400NamingCursor() {
    TestApp app = TestApps.app().registerOn(server.get());
    String appsCursor = Paging.cursor("apps", app.clientId());

    for (String path :
        List.of(
            "/admin/users/pinner/grants?cursor=" + appsCursor,
            "/admin/users/pinner/grants?cursor=%00%0A",
            "/admin/apps?limit=2&cursor=" + appsCursor + "x",
            "/admin/apps/" + app.clientId() + "/grants?cursor=YXBwcw==")) {
      Http.Response response = admin("GET", path);
      assertEquals(400, response.status(), path + " " + response.body());
      assertTrue(response.body().contains("cursor"), response.body());
    }
  }

  // --- Addresses --------------------------------------------------------------------------------

  @Test
  void appGrantsWhenAppUnknownThen404() {
    Http.Response response = admin("GET", "/admin/apps/999/grants");

    assertEquals(404, response.status(), response.body());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/admin/users",
        "/admin/users/",
        "/admin/users/pinner",
        "/admin/users/pinner/other",
        "/admin/users/pinner/grants/1/2"
      })
  void usersPathWhenNotAGrantAddressThen404(String path) {
    Http.Response response = admin("GET", path);

    assertEquals(404, response.status(), path + " " + response.body());
  }

  @Test
  void wrongMethodThen405WithAllow() {
    Http.Response onList = admin("POST", "/admin/users/pinner/grants");
    Http.Response onOne = admin("GET", "/admin/users/pinner/grants/123");
    Http.Response onAppGrants = admin("DELETE", "/admin/apps/123/grants");

    assertEquals(405, onList.status(), onList.body());
    assertEquals(Optional.of("GET, DELETE"), onList.header("Allow"));
    assertEquals(405, onOne.status(), onOne.body());
    assertEquals(Optional.of("DELETE"), onOne.header("Allow"));
    assertEquals(405, onAppGrants.status(), onAppGrants.body());
  }

  @ParameterizedTest
  @ValueSource(strings = {"a/b", "a%2Fb", "a%b"})
  void usernameWithSlashOrPercentThenContainerRefusesThePathAndNothingIsRemoved(String user) {
    TestApp app = TestApps.app().registerOn(server.get());
    TestCodes.code(app).username(user).issueOn(server.get());

    Http.Response response =
        admin("DELETE", "/admin/users/" + UserGrantsServlet.segment(user) + "/grants");
    Http.Response emptySegment = admin("DELETE", "/admin/users//grants");

    assertEquals(400, response.status(), response.toString());
    assertEquals(400, emptySegment.status(), emptySegment.toString());
    assertEquals(
        1, server.pinoauth().grantStore().ofApp(app.clientId(), Optional.empty(), 10).size());
  }

  // --- Helpers ----------------------------------------------------------------------------------

  /** A person's code flow through /oauth/ and the token endpoint, as a browser and app do it. */
  private record Flow(Session browser, String accessToken, String refreshToken) {
    static Flow run(TestApp app, String user, String scopes) {
      Session session = new Session(new Browserless(), user);
      String code = session.codeAgain(app, scopes);
      Http.Response tokens = TokenEndpoint.of(server.get()).exchange(app, code);
      assertEquals(200, tokens.status(), tokens.body());
      return new Flow(session, tokens.string("access_token"), tokens.string("refresh_token"));
    }
  }

  private record Session(Browserless browser, String user) {
    /** The consent page of an authorization request, signing in first when needed. */
    Http.Response consentPage(TestApp app, String scopes) {
      Http.Response page = browser.get(authorize(app, scopes));
      if (page.body().contains("name=\"password\"")) {
        page =
            browser.follow(
                server.uri("/oauth/"),
                browser.submit(server.uri("/oauth/"), page, "username", user, "password", user));
      }
      assertEquals(200, page.status(), page.toString());
      return page;
    }

    /** Allows the app on the consent page; returns the code. */
    String codeAgain(TestApp app, String scopes) {
      Http.Response allowed =
          browser.submit(server.uri("/oauth/"), consentPage(app, scopes), "action", "allow");
      assertEquals(302, allowed.status(), allowed.toString());
      String location = allowed.header("Location").orElseThrow();
      assertTrue(location.startsWith(REDIRECT_URI + "?code="), location);
      String code = location.substring((REDIRECT_URI + "?code=").length());
      return code.contains("&") ? code.substring(0, code.indexOf('&')) : code;
    }
  }

  private static URI authorize(TestApp app, String scopes) {
    return server.uri(
        "/oauth/?"
            + Http.form(
                "client_id",
                app.clientId(),
                "redirect_uri",
                REDIRECT_URI,
                "response_type",
                "code",
                "scope",
                scopes));
  }

  private static String refresh(TestApp app, String refreshToken) {
    Http.Response refreshed = TokenEndpoint.of(server.get()).refresh(app, refreshToken);
    assertEquals(200, refreshed.status(), refreshed.body());
    return refreshed.string("refresh_token");
  }

  /** Follows {@code Link: rel="next"} from {@code first}; the {@code key} of each page's rows. */
  private static List<List<String>> pagesOf(String first, String key) {
    List<List<String>> pages = new ArrayList<>();
    URI next = server.uri(first);
    while (next != null) {
      Http.Response page = Http.send(authorized(next).GET().build());
      assertEquals(200, page.status(), page.body());
      pages.add(grantsOf(page).stream().map(row -> (String) row.get(key)).toList());
      Optional<String> link = page.header("Link");
      if (link.isEmpty()) {
        next = null;
      } else {
        Matcher matcher = NEXT.matcher(link.get());
        assertTrue(matcher.matches(), link.get());
        next = URI.create(matcher.group(1));
        assertTrue(
            next.toString().startsWith("http://127.0.0.1:" + server.port() + "/admin/"),
            next.toString());
      }
      assertTrue(pages.size() < 20, "paging does not end: " + pages);
    }
    return pages;
  }

  private static Http.Response admin(String method, String path) {
    HttpRequest.Builder request = authorized(server.uri(path));
    if (!method.equals("GET")) {
      request.header("Content-Type", "application/json");
    }
    return Http.send(request.method(method, HttpRequest.BodyPublishers.noBody()).build());
  }

  private static HttpRequest.Builder authorized(URI uri) {
    return HttpRequest.newBuilder(uri)
        .timeout(Duration.ofMinutes(3))
        .header("Authorization", ADMIN);
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> grantsOf(Http.Response response) {
    assertEquals(200, response.status(), response.body());
    List<Object> rows = JSON.fromJson(response.body(), List.class);
    List<Map<String, Object>> maps = new ArrayList<>();
    for (Object row : rows) {
      maps.add(new LinkedHashMap<>((Map<String, Object>) row));
    }
    return maps;
  }

  private static Map<String, Object> only(List<Map<String, Object>> rows, String key) {
    List<Map<String, Object>> found =
        rows.stream()
            .filter(row -> key.equals(row.get("client_id")) || key.equals(row.get("username")))
            .toList();
    assertEquals(1, found.size(), rows.toString());
    return found.get(0);
  }

  private static long number(Map<String, Object> row, String field) {
    return ((Number) row.get(field)).longValue();
  }

  private static long hourOf(long millis) {
    return millis - Math.floorMod(millis, HOUR);
  }

  private static DataSource dataSource() {
    return server.pinoauth().dataSource();
  }

  private static void setLastUsed(String clientId, String user, long millis) throws SQLException {
    try (Connection connection = TestDatabases.writableConnection(dataSource());
        PreparedStatement update =
            connection.prepareStatement(
                "UPDATE user_grant SET last_used_at = ? WHERE client_id = ? AND username = ?")) {
      update.setLong(1, millis);
      update.setString(2, clientId);
      update.setString(3, user);
      assertEquals(1, update.executeUpdate());
    }
  }

  private static long lastUsed(String clientId, String user) throws SQLException {
    try (Connection connection = dataSource().getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT last_used_at FROM user_grant WHERE client_id = ? AND username = ?")) {
      select.setString(1, clientId);
      select.setString(2, user);
      try (ResultSet row = select.executeQuery()) {
        assertTrue(row.next());
        return row.getLong(1);
      }
    }
  }

  private static List<Long> counts(String sql, String user) throws SQLException {
    try (Connection connection = dataSource().getConnection();
        PreparedStatement select = connection.prepareStatement(sql)) {
      select.setString(1, user);
      try (ResultSet rows = select.executeQuery()) {
        List<Long> counts = new ArrayList<>();
        while (rows.next()) {
          counts.add(rows.getLong(1));
        }
        return counts;
      }
    }
  }

  private static long count(String sql, String user) throws SQLException {
    try (Connection connection = dataSource().getConnection();
        PreparedStatement select = connection.prepareStatement(sql)) {
      select.setString(1, user);
      try (ResultSet row = select.executeQuery()) {
        row.next();
        return row.getLong(1);
      }
    }
  }

  /**
   * {@code total} families of {@code user}, spread over {@code apps}, each with one live refresh
   * token: two batched inserts in one transaction, as a busy user's years of sign-ins would leave.
   */
  private static void insertFamilies(String user, List<TestApp> apps, int total)
      throws SQLException {
    long now = CLOCK.millis();
    try (Connection connection = TestDatabases.writableConnection(dataSource())) {
      connection.setAutoCommit(false);
      List<Long> ids = new ArrayList<>();
      try (PreparedStatement family =
          connection.prepareStatement(
              "INSERT INTO token_family (client_id, username, created_at) VALUES (?, ?, ?)",
              Statement.RETURN_GENERATED_KEYS)) {
        for (int i = 0; i < total; i++) {
          family.setString(1, apps.get(i % apps.size()).clientId());
          family.setString(2, user);
          family.setLong(3, now);
          family.addBatch();
        }
        family.executeBatch();
      }
      try (PreparedStatement select =
          connection.prepareStatement(
              "SELECT id, client_id FROM token_family WHERE username = ? ORDER BY id")) {
        select.setString(1, user);
        try (ResultSet rows = select.executeQuery()) {
          while (rows.next()) {
            ids.add(rows.getLong(1));
          }
        }
      }
      assertEquals(total, ids.size());
      try (PreparedStatement token =
          connection.prepareStatement(
              "INSERT INTO refresh_token (token_hash, family_id, client_id, username, scope,"
                  + " rotating, issued_at, expires_at)"
                  + " SELECT ?, id, client_id, username, 'pins:read', TRUE, ?, ?"
                  + " FROM token_family WHERE id = ?")) {
        for (long id : ids) {
          token.setString(1, TokenHasher.hash(UUID.randomUUID().toString()));
          token.setLong(2, now);
          token.setLong(3, now + Duration.ofDays(60).toMillis());
          token.setLong(4, id);
          token.addBatch();
        }
        token.executeBatch();
      }
      connection.commit();
    }
  }
}
