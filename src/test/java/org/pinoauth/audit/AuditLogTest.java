package org.pinoauth.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pinoauth.testing.AuditLines;
import org.pinoauth.testing.LogCapture;

class AuditLogTest {
  private static final byte[] TOKEN_KEY = filled(7);
  private static final Instant UNTIL = Instant.parse("2026-01-01T00:05:00Z");

  private final AuditLog audit = new AuditLog(TOKEN_KEY);

  @Test
  void signInSucceededThenOneInfoLineWithAddressAndUser() {
    assertEquals(
        fields("event", "signin.succeeded", "address", "127.0.0.1", "user", "pinner"),
        onlyLine(() -> audit.signInSucceeded("127.0.0.1", "pinner")));
  }

  @Test
  void signInFailedThenKeyedHashOfWhatWasTypedAndNeverTheTypedValue() {
    String typed = "correct horse battery staple";
    Map<String, String> line =
        onlyLine(() -> audit.signInFailed("0:0:0:0:0:0:0:1", typed, "credentials"));

    assertEquals(List.of("event", "address", "typed_hash", "reason"), List.copyOf(line.keySet()));
    assertEquals("signin.failed", line.get("event"));
    assertEquals("0:0:0:0:0:0:0:1", line.get("address"));
    assertEquals("credentials", line.get("reason"));
    String hash = line.get("typed_hash");
    assertTrue(hash.matches("[A-Za-z0-9_-]{16}"), hash);
    assertEquals(hash, audit.typedHash(typed), "equal inputs correlate");
    assertEquals(hash, new AuditLog(TOKEN_KEY).typedHash(typed), "on every node alike");
    assertNotEquals(hash, audit.typedHash(typed + " "), "any other input differs");
    assertNotEquals(hash, new AuditLog(filled(8)).typedHash(typed), "it is keyed");
  }

  @Test
  void addressLockedThenCounterAddressAndUntilAsIsoInstant() {
    assertEquals(
        fields(
            "event", "lock.started",
            "counter", "signin.address",
            "address", "127.0.0.9",
            "until", "2026-01-01T00:05:00Z"),
        onlyLine(() -> audit.locks("signin", name -> false).addressLocked("127.0.0.9", UNTIL)));
  }

  @Test
  void accountLockedWhenNamePublicThenAccountElseTypedHash() {
    assertEquals(
        fields(
            "event", "lock.started",
            "counter", "client.account",
            "address", "2001:db8:0:1::/64",
            "account", "1234567",
            "until", "2026-01-01T00:05:00Z"),
        onlyLine(
            () ->
                audit
                    .locks("client", id -> true)
                    .accountLocked("1234567", "2001:db8:0:1::/64", UNTIL)));
    String typed = "a-secret-sent-as-client-id";
    assertEquals(
        fields(
            "event", "lock.started",
            "counter", "client.account",
            "address", "127.0.0.9",
            "typed_hash", audit.typedHash(typed),
            "until", "2026-01-01T00:05:00Z"),
        onlyLine(
            () -> audit.locks("client", id -> false).accountLocked(typed, "127.0.0.9", UNTIL)));
  }

  @Test
  void consentThenUserAppAndScopes() {
    assertEquals(
        fields(
            "event", "consent.given",
            "address", "127.0.0.1",
            "user", "pinner",
            "app", "1234567",
            "scopes", "boards:read,pins:read"),
        onlyLine(
            () ->
                audit.consent(
                    true, "127.0.0.1", "pinner", "1234567", List.of("boards:read", "pins:read"))));
    assertEquals(
        "consent.denied",
        onlyLine(() -> audit.consent(false, "127.0.0.1", "pinner", "1234567", List.of("pins:read")))
            .get("event"));
  }

  @Test
  void adminChangesThenOperatorAppAndFieldNames() {
    assertEquals(
        fields(
            "event", "app.created",
            "address", "127.0.0.1",
            "operator", "admin",
            "app", "1000000001",
            "fields", "name,scopes"),
        onlyLine(
            () -> audit.appCreated("127.0.0.1", "admin", "1000000001", List.of("name", "scopes"))));
    assertEquals(
        fields(
            "event", "app.updated",
            "address", "127.0.0.1",
            "operator", "admin",
            "app", "1000000001",
            "fields", "owner"),
        onlyLine(() -> audit.appUpdated("127.0.0.1", "admin", "1000000001", List.of("owner"))));
    assertEquals(
        fields(
            "event", "app.secret_rotated",
            "address", "127.0.0.1",
            "operator", "admin",
            "app", "1000000001"),
        onlyLine(() -> audit.secretRotated("127.0.0.1", "admin", "1000000001")));
    assertEquals(
        fields(
            "event", "app.deleted",
            "address", "127.0.0.1",
            "operator", "admin",
            "app", "1000000001"),
        onlyLine(() -> audit.appDeleted("127.0.0.1", "admin", "1000000001")));
  }

  @Test
  void grantRemovalsThenOperatorUserAppAndFamiliesAndUnknownNamesOnlyHashed() {
    assertEquals(
        fields(
            "event", "grant.removed",
            "address", "127.0.0.1",
            "operator", "admin",
            "app", "1234567",
            "user", "pinner",
            "families", "3"),
        onlyLine(() -> audit.grantRemoved("127.0.0.1", "admin", "pinner", "1234567", 3)));
    assertEquals(
        fields(
            "event", "grants.removed_all",
            "address", "127.0.0.1",
            "operator", "admin",
            "user", "pinner",
            "apps", "2",
            "families", "10000"),
        onlyLine(() -> audit.grantsRemovedAll("127.0.0.1", "admin", "pinner", true, 2, 10_000)));
    assertEquals(
        fields(
            "event", "grants.removed_all",
            "address", "127.0.0.1",
            "operator", "admin",
            "typed_hash", audit.typedHash("hunter2"),
            "apps", "0",
            "families", "0"),
        onlyLine(() -> audit.grantsRemovedAll("127.0.0.1", "admin", "hunter2", false, 0, 0)));
  }

  @Test
  void theftThenAppUserAndFamily() {
    assertEquals(
        fields("event", "refresh_token.reused", "app", "1234567", "user", "pinner", "family", "42"),
        onlyLine(() -> audit.refreshTokenReused("1234567", "pinner", 42)));
    assertEquals(
        fields("event", "code.replayed", "app", "1234567", "user", "pinner"),
        onlyLine(() -> audit.codeReplayed("1234567", "pinner")));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "eve reason=credentials",
        "eve\nevent=signin.succeeded address=10.0.0.1 user=admin",
        "eve\r\nevent=app.deleted",
        "\"quoted\" and \\ backslash\\",
        "eve\" user=\"admin",
        "tab\there",
        "line\u2028separator and paragraph\u2029separator and next\u0085line",
        "bidi \u202Eeslaf\u202C and zero\u200Bwidth",
        "nul\u0000and del\u007F",
        "",
        "=",
        " ",
        "Zoë Ångström 山田",
        "emoji \uD83D\uDE00 and a lone \uD800 surrogate"
      })
  void valueWhenHostileThenStillOneLineAndReadBackExactly(String user) {
    String text = onlyText(() -> audit.signInSucceeded("127.0.0.1", user));

    assertFalse(text.chars().anyMatch(c -> c < 0x20 || c == 0x7F), "no control character");
    assertFalse(text.contains("\u2028") || text.contains("\u2029") || text.contains("\u0085"));
    assertFalse(text.contains("\u202E") || text.contains("\u200B"), "no invisible character");
    Map<String, String> line = AuditLines.parse(text);
    assertEquals(List.of("event", "address", "user"), List.copyOf(line.keySet()), text);
    assertEquals(user, line.get("user"));
    assertEquals("signin.succeeded", line.get("event"));
  }

  @Test
  void valueWhenPlainThenBareElseQuoted() {
    assertEquals("pinner", LogLine.value("pinner"));
    assertEquals("boards:read,pins:read", LogLine.value("boards:read,pins:read"));
    assertEquals("2026-01-01T00:05:00Z", LogLine.value("2026-01-01T00:05:00Z"));
    assertEquals("\"\"", LogLine.value(""));
    assertEquals("\"a b\"", LogLine.value("a b"));
    assertEquals("\"a=b\"", LogLine.value("a=b"));
    assertEquals("\"Zoë\"", LogLine.value("Zoë"));
    assertEquals("\"a\\u2028b\"", LogLine.value("a\u2028b"));
  }

  /** Runs {@code event} and returns the one audit line it wrote, checked to be at INFO. */
  private static String onlyText(Runnable event) {
    try (LogCapture logs = LogCapture.start()) {
      event.run();
      List<LogCapture.Entry> lines =
          logs.entries().stream().filter(e -> e.logger().equals(AuditLog.LOGGER)).toList();
      assertEquals(1, lines.size(), () -> "audit lines: " + lines);
      assertEquals(Level.INFO, lines.get(0).level());
      return lines.get(0).text();
    }
  }

  private static Map<String, String> onlyLine(Runnable event) {
    return AuditLines.parse(onlyText(event));
  }

  private static Map<String, String> fields(String... pairs) {
    Map<String, String> fields = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      fields.put(pairs[i], pairs[i + 1]);
    }
    return fields;
  }

  private static byte[] filled(int value) {
    byte[] key = new byte[32];
    Arrays.fill(key, (byte) value);
    return key;
  }
}
