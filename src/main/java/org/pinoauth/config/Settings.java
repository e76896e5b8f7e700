package org.pinoauth.config;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Looks a setting up where CONTRACT §7 says, first hit wins: Java system property {@code
 * pinoauth.<key>}, environment variable {@code PINOAUTH_<KEY>} (upper case, {@code .} → {@code _}),
 * servlet context init-parameter {@code pinoauth.<key>}.
 */
public final class Settings {
  private static final Pattern DURATION = Pattern.compile("([0-9]{1,12})(ms|s)");

  private final Function<String, String> systemProperties;
  private final Map<String, String> environment;
  private final Function<String, String> initParameters;

  public Settings(
      Function<String, String> systemProperties,
      Map<String, String> environment,
      Function<String, String> initParameters) {
    this.systemProperties = systemProperties;
    this.environment = Map.copyOf(environment);
    this.initParameters = initParameters;
  }

  /** The settings of this JVM and process, with {@code initParameters} from the servlet context. */
  public static Settings of(Function<String, String> initParameters) {
    return new Settings(System::getProperty, System.getenv(), initParameters);
  }

  /** The value of {@code key}; a blank value counts as absent, so the next source is asked. */
  public Optional<String> get(String key) {
    return nonBlank(systemProperties.apply("pinoauth." + key))
        .or(() -> nonBlank(environment.get(environmentName(key))))
        .or(() -> nonBlank(initParameters.apply("pinoauth." + key)));
  }

  private static Optional<String> nonBlank(String value) {
    return Optional.ofNullable(value).map(String::strip).filter(v -> !v.isEmpty());
  }

  public String get(String key, String defaultValue) {
    return get(key).orElse(defaultValue);
  }

  /**
   * A non-negative whole number.
   *
   * @throws IllegalArgumentException naming the key when the value is not one
   */
  public long getLong(String key, long defaultValue) {
    Optional<String> value = get(key);
    if (value.isEmpty()) {
      return defaultValue;
    }
    try {
      long number = Long.parseLong(value.get());
      if (number < 0) {
        throw new NumberFormatException();
      }
      return number;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "Setting pinoauth." + key + " must be a non-negative whole number");
    }
  }

  /**
   * {@code true} or {@code false}, in any case.
   *
   * @throws IllegalArgumentException naming the key when the value is neither
   */
  public boolean getBoolean(String key, boolean defaultValue) {
    Optional<String> value = get(key);
    if (value.isEmpty()) {
      return defaultValue;
    }
    if (value.get().equalsIgnoreCase("true")) {
      return true;
    }
    if (value.get().equalsIgnoreCase("false")) {
      return false;
    }
    throw new IllegalArgumentException("Setting pinoauth." + key + " must be true or false");
  }

  /**
   * A duration of {@code 0} or a whole number with the unit {@code ms} or {@code s}, such as {@code
   * 250ms} or {@code 1s}.
   *
   * @throws IllegalArgumentException naming the key when the value is not one
   */
  public Duration getDuration(String key, Duration defaultValue) {
    Optional<String> value = get(key);
    if (value.isEmpty()) {
      return defaultValue;
    }
    Matcher matcher = DURATION.matcher(value.get());
    if (value.get().equals("0")) {
      return Duration.ZERO;
    }
    if (matcher.matches()) {
      try {
        long amount = Long.parseLong(matcher.group(1));
        return matcher.group(2).equals("ms")
            ? Duration.ofMillis(amount)
            : Duration.ofSeconds(amount);
      } catch (NumberFormatException | ArithmeticException tooLarge) {
        // answered below
      }
    }
    throw new IllegalArgumentException(
        "Setting pinoauth." + key + " must be 0 or a whole number with ms or s, such as 1s");
  }

  static String environmentName(String key) {
    return "PINOAUTH_" + key.toUpperCase(Locale.ROOT).replace('.', '_');
  }
}
