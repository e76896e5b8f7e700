package org.pinoauth.hardening;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.pinoauth.testing.RawHttp;
import org.pinoauth.testing.TestServer;

/**
 * Issue "Hardening": malformed and hostile requests to every public endpoint, sent as raw bytes
 * through Jetty's {@code LocalConnector} into the real WAR wiring, one table per endpoint. Each
 * case states the answer the contract calls for (CONTRACT §2.5: never {@code server_error} for bad
 * input) and {@link Expect} checks it together with what holds for every answer: no 5xx, no stack
 * trace, no reflected raw payload or fixture secret, no injected header, and an {@code
 * x-pinterest-rid} on every answer the application wrote. Requests the container answers itself are
 * a table of their own ({@link ContainerCases}).
 *
 * <p>Cases whose headers exceed Jetty's default 8 KiB header limit run against a second server with
 * a 256 KiB limit, so that they reach the application; the same requests against the default server
 * are container cases. Cases of {@code X-Forwarded-*} headers also run against a third server that
 * honours them, as one behind a reverse proxy does. {@link TokenHostileInputIT}, beside it, has the
 * token endpoint's own cases.
 */
class HostileInputIT {
  private static final int MINIMUM_CASES = 60;

  private static final Map<Case.Server, TestServer> SERVERS = new EnumMap<>(Case.Server.class);
  private static final Map<Case.Server, Fixture> FIXTURES = new EnumMap<>(Case.Server.class);

  @BeforeAll
  static void startServers() {
    SERVERS.put(Case.Server.DEFAULT, TestServer.start());
    SERVERS.put(Case.Server.ROOMY, TestServer.builder().requestHeaderSize(256 * 1024).start());
    SERVERS.put(Case.Server.PROXIED, TestServer.builder().forwardedHeaders().start());
    SERVERS.forEach((kind, server) -> FIXTURES.put(kind, new Fixture(server)));
  }

  @AfterAll
  static void stopServers() {
    SERVERS.values().forEach(TestServer::close);
    SERVERS.clear();
    FIXTURES.clear();
  }

  static List<Case> tokenCases() {
    return ClientEndpointCases.token();
  }

  static List<Case> revokeCases() {
    return ClientEndpointCases.revoke();
  }

  static List<Case> introspectCases() {
    return ClientEndpointCases.introspect();
  }

  static List<Case> userAccountCases() {
    return GetEndpointCases.userAccount();
  }

  static List<Case> authorizeGetCases() {
    return AuthorizeCases.get();
  }

  static List<Case> authorizePostCases() {
    return AuthorizeCases.post();
  }

  static List<Case> connectedAppsCases() {
    return ConnectedAppsCases.cases();
  }

  static List<Case> metadataCases() {
    return GetEndpointCases.metadata();
  }

  static List<Case> healthCases() {
    return GetEndpointCases.health();
  }

  static List<Case> metricsCases() {
    return GetEndpointCases.metrics();
  }

  static List<Case> openApiCases() {
    return GetEndpointCases.openApi();
  }

  static List<Case> adminCases() {
    return AdminCases.cases();
  }

  static List<Case> containerCases() {
    return ContainerCases.cases();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tokenCases")
  void postTokenWhenHostileThenContractAnswer(Case hostile) {
    send(hostile);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("revokeCases")
  void postRevokeWhenHostileThenContractAnswer(Case hostile) {
    send(hostile);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("introspectCases")
  void postIntrospectWhenHostileThenContractAnswer(Case hostile) {
    send(hostile);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("userAccountCases")
  void getUserAccountWhenHostileThenContractAnswer(Case hostile) {
    send(hostile);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("authorizeGetCases")
  void getAuthorizeWhenHostileThenEscapedPageOrRegisteredRedirect(Case hostile) {
    send(hostile);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("authorizePostCases")
  void postAuthorizeWhenHostileThenEscapedPageOrRegisteredRedirect(Case hostile) {
    send(hostile);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("connectedAppsCases")
  void connectedAppsWhenHostileThenEscapedPageAndNothingRemoved(Case hostile) {
    send(hostile);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("metadataCases")
  void getMetadataWhenHostileThenContractAnswer(Case hostile) {
    send(hostile);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("healthCases")
  void getHealthWhenHostileThenContractAnswer(Case hostile) {
    send(hostile);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("metricsCases")
  void getMetricsWhenHostileThenPrometheusText(Case hostile) {
    send(hostile);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("openApiCases")
  void getOpenApiWhenHostileThenYamlNamingNoHostileHost(Case hostile) {
    send(hostile);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("adminCases")
  void adminAppsWhenHostileThenContractAnswer(Case hostile) {
    send(hostile);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("containerCases")
  void requestWhenContainerRefusesThenFourHundredWithoutTrace(Case hostile) {
    send(hostile);
  }

  @Test
  void everyEndpointTableHasAtLeastSixtyCases() {
    Map<String, Supplier<List<Case>>> tables =
        Map.ofEntries(
            Map.entry("POST /v5/oauth/token", HostileInputIT::tokenCases),
            Map.entry("POST /v5/oauth/token/revoke", HostileInputIT::revokeCases),
            Map.entry("POST /v5/oauth/introspect", HostileInputIT::introspectCases),
            Map.entry("GET /v5/user_account", HostileInputIT::userAccountCases),
            Map.entry("GET /oauth/", HostileInputIT::authorizeGetCases),
            Map.entry("POST /oauth/", HostileInputIT::authorizePostCases),
            Map.entry("/oauth/apps", HostileInputIT::connectedAppsCases),
            Map.entry("GET /.well-known/oauth-authorization-server", HostileInputIT::metadataCases),
            Map.entry("GET /healthz", HostileInputIT::healthCases),
            Map.entry("GET /metrics", HostileInputIT::metricsCases),
            Map.entry("GET /v5/openapi.yaml", HostileInputIT::openApiCases),
            Map.entry("/admin/apps", HostileInputIT::adminCases));
    tables.forEach(
        (endpoint, table) -> {
          int size = table.get().size();
          assertTrue(size >= MINIMUM_CASES, endpoint + " has only " + size + " cases");
        });
  }

  private static void send(Case hostile) {
    Fixture target = FIXTURES.get(hostile.server());
    Wire request = hostile.request().apply(target);
    RawHttp.Response response = request.sendTo(target.server());
    try {
      hostile.expect().verify(target, request, response);
    } catch (AssertionError failure) {
      // Failsafe's reports name a parameterized case by its index only.
      throw new AssertionError("[" + hostile + "] " + failure.getMessage(), failure);
    }
  }
}
