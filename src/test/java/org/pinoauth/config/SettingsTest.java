package org.pinoauth.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SettingsTest {
  private static final Function<String, String> NONE = key -> null;

  private static Function<String, String> only(String key, String value) {
    return name -> name.equals(key) ? value : null;
  }

  @Test
  void getWhenAllThreeSetThenSystemPropertyWins() {
    Settings settings =
        new Settings(
            only("pinoauth.data.dir", "/from/property"),
            Map.of("PINOAUTH_DATA_DIR", "/from/env"),
            only("pinoauth.data.dir", "/from/init"));

    assertEquals(Optional.of("/from/property"), settings.get("data.dir"));
  }

  @Test
  void getWhenEnvironmentAndInitParameterSetThenEnvironmentWins() {
    Settings settings =
        new Settings(
            NONE,
            Map.of("PINOAUTH_DATA_DIR", "/from/env"),
            only("pinoauth.data.dir", "/from/init"));

    assertEquals(Optional.of("/from/env"), settings.get("data.dir"));
  }

  @Test
  void getWhenOnlyInitParameterSetThenIt() {
    Settings settings = new Settings(NONE, Map.of(), only("pinoauth.data.dir", "/from/init"));

    assertEquals(Optional.of("/from/init"), settings.get("data.dir"));
  }

  @Test
  void getWhenNothingSetThenEmptyAndDefault() {
    Settings settings = new Settings(NONE, Map.of(), NONE);

    assertEquals(Optional.empty(), settings.get("data.dir"));
    assertEquals("/default", settings.get("data.dir", "/default"));
  }

  @Test
  void environmentNameWhenDottedKeyThenUpperCaseWithUnderscores() {
    assertEquals("PINOAUTH_DATA_DIR", Settings.environmentName("data.dir"));
    assertEquals("PINOAUTH_REFRESH_REUSE_GRACE", Settings.environmentName("refresh.reuse.grace"));
  }

  @Test
  void getWhenEnvironmentHasOtherSpellingsThenOnlyUpperCaseNameRead() {
    Settings settings =
        new Settings(
            NONE, Map.of("pinoauth.data.dir", "/dotted", "PINOAUTH_data_dir", "/mixed"), NONE);

    assertEquals(Optional.empty(), settings.get("data.dir"));
  }

  @Test
  void getWhenSystemPropertyUnprefixedThenIgnored() {
    Settings settings = new Settings(only("data.dir", "/unprefixed"), Map.of(), NONE);

    assertEquals(Optional.empty(), settings.get("data.dir"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "\t"})
  void getWhenBlankThenAbsent(String blank) {
    Settings settings =
        new Settings(
            only("pinoauth.issuer", blank),
            Map.of("PINOAUTH_ISSUER", blank),
            only("pinoauth.issuer", blank));

    assertEquals(Optional.empty(), settings.get("issuer"));
    assertEquals("fallback", settings.get("issuer", "fallback"));
    assertEquals(600, settings.getLong("issuer", 600));
  }

  @Test
  void getWhenSystemPropertyBlankThenEnvironmentRead() {
    Settings settings =
        new Settings(
            only("pinoauth.issuer", " "), Map.of("PINOAUTH_ISSUER", "https://env.example"), NONE);

    assertEquals(Optional.of("https://env.example"), settings.get("issuer"));
  }

  @Test
  void getWhenEnvironmentBlankThenInitParameterRead() {
    Settings settings =
        new Settings(
            NONE, Map.of("PINOAUTH_ISSUER", ""), only("pinoauth.issuer", "https://init.example"));

    assertEquals(Optional.of("https://init.example"), settings.get("issuer"));
  }

  @Test
  void getLongWhenNumberThenIt() {
    Settings settings = new Settings(NONE, Map.of("PINOAUTH_CODE_TTL", "120"), NONE);

    assertEquals(120, settings.getLong("code.ttl", 600));
  }

  @Test
  void getLongWhenZeroThenZero() {
    Settings settings = new Settings(only("pinoauth.refresh.reuse.grace", "0"), Map.of(), NONE);

    assertEquals(0, settings.getLong("refresh.reuse.grace", 30));
  }

  @ParameterizedTest
  @ValueSource(strings = {"-1", "ten", "1.5", "1e3", "0x10", "99999999999999999999"})
  void getLongWhenNotNonNegativeWholeNumberThenIllegalArgumentNamingKey(String value) {
    Settings settings = new Settings(NONE, Map.of("PINOAUTH_CODE_TTL", value), NONE);

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> settings.getLong("code.ttl", 600));
    assertTrue(e.getMessage().contains("code.ttl"), e.getMessage());
    assertFalse(e.getMessage().contains("600"), e.getMessage());
  }
}
