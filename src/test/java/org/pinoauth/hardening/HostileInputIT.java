package org.pinoauth.hardening;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.pinoauth.testing.TestServer;

/**
 * Issue "Hardening": malformed and hostile requests to every public endpoint, sent as raw bytes
 * through Jetty's {@code LocalConnector} into the real WAR wiring, one table per endpoint. Each
 * case states the answer the contract calls for (CONTRACT §2.5: never {@code server_error} for bad
 * input) and {@link Expect} checks it together with what holds for every answer: no 5xx, no stack
 * trace, no reflected raw payload, no injected header, and an {@code x-pinterest-rid} on every
 * answer the application wrote. Requests the container answers itself are a table of their own
 * ({@link ContainerCases}).
 *
 * <p>Cases whose headers exceed Jetty's default 8 KiB header limit run against a second server with
 * a 256 KiB limit, so that they reach the application; the same requests against the default server
 * are container cases. {@code TokenHostileInputIT} has further token-endpoint cases.
 */
class HostileInputIT {
  private static final int MINIMUM_CASES = 60;

  private static TestServer server;
  private static TestServer roomy;
  private static Fixture fixture;
  private static Fixture roomyFixture;

  @BeforeAll
  static void startServers() {
    server = TestServer.start();
    roomy = TestServer.builder().requestHeaderSize(256 * 1024).start();
    fixture = new Fixture(server);
    roomyFixture = new Fixture(roomy);
  }

  @AfterAll
  static void stopServers() {
    if (server != null) {
      server.close();
    }
    if (roomy != null) {
      roomy.close();
    }
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

  static List<Case> metadataCases() {
    return GetEndpointCases.metadata();
  }

  static List<Case> healthCases() {
    return GetEndpointCases.health();
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
        Map.of(
            "POST /v5/oauth/token", HostileInputIT::tokenCases,
            "POST /v5/oauth/token/revoke", HostileInputIT::revokeCases,
            "POST /v5/oauth/introspect", HostileInputIT::introspectCases,
            "GET /v5/user_account", HostileInputIT::userAccountCases,
            "GET /oauth/", HostileInputIT::authorizeGetCases,
            "POST /oauth/", HostileInputIT::authorizePostCases,
            "GET /.well-known/oauth-authorization-server", HostileInputIT::metadataCases,
            "GET /healthz", HostileInputIT::healthCases,
            "/admin/apps", HostileInputIT::adminCases);
    tables.forEach(
        (endpoint, table) -> {
          int size = table.get().size();
          assertTrue(size >= MINIMUM_CASES, endpoint + " has only " + size + " cases");
        });
  }

  private static void send(Case hostile) {
    Fixture target = hostile.roomy() ? roomyFixture : fixture;
    Wire request = hostile.request().apply(target);
    Wire.Response response = request.sendTo(target.server());
    try {
      hostile.expect().verify(request, response);
    } catch (AssertionError failure) {
      // Failsafe's reports name a parameterized case by its index only.
      throw new AssertionError("[" + hostile + "] " + failure.getMessage(), failure);
    }
  }
}
