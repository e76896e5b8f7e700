package org.pinoauth.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * A coverage-guided fuzz test of {@link Origin#ofHeader}, which reads a header any client sets: it
 * never throws (a throw would be a 500), and what it accepts is canonical. In {@code mvn verify} it
 * replays the seeds in {@code src/test/resources/org/pinoauth/admin/OriginFuzzTestInputs/}; {@code
 * JAZZER_FUZZ=1} fuzzes it (CONTRIBUTING.md).
 */
class OriginFuzzTest {

  /**
   * Any value is either no origin or one whose printed form reads back as itself, in lower case,
   * without a default port, and which {@link Origin#ofUrl} (the server's own side) reads the same.
   */
  @FuzzTest
  void ofHeaderWhenArbitraryValueThenCanonicalOrEmpty(byte[] data) {
    String value = new String(data, StandardCharsets.UTF_8);

    Optional<Origin> origin = Origin.ofHeader(value);
    Optional<Origin> asUrl = Origin.ofUrl(value);

    if (origin.isEmpty()) {
      return;
    }
    String printed = origin.get().toString();
    assertEquals(origin, Origin.ofHeader(printed), () -> "does not read back: " + printed);
    assertEquals(printed.toLowerCase(Locale.ROOT), printed);
    assertTrue(!printed.endsWith(":80") || !printed.startsWith("http:"), printed);
    assertTrue(!printed.endsWith(":443") || !printed.startsWith("https:"), printed);
    assertEquals(origin, asUrl, "the header and the URL readings differ");
  }
}
