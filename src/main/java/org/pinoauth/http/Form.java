package org.pinoauth.http;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.pinoauth.error.OAuthError;

/**
 * A parsed {@code application/x-www-form-urlencoded} body with every value kept, so that a repeated
 * parameter can be refused (RFC 6749 §3.2: "Request and response parameters MUST NOT be included
 * more than once").
 */
public record Form(Map<String, List<String>> parameters) {
  public static final Form EMPTY = new Form(Map.of());
  private static final Pattern PLAIN_NAME = Pattern.compile("[a-z_]{1,32}");

  public Form {
    parameters = Map.copyOf(parameters);
  }

  /**
   * The single value of {@code name}, or empty when it is absent or has no value (RFC 6749 §3.1:
   * "Parameters sent without a value MUST be treated as if they were omitted from the request").
   *
   * @throws org.pinoauth.error.OAuthException {@code invalid_request} when it appears twice
   */
  public Optional<String> optional(String name) {
    List<String> values = parameters.get(name);
    if (values == null) {
      return Optional.empty();
    }
    if (values.size() > 1) {
      throw OAuthError.INVALID_REQUEST.exception(
          "The parameter '" + name + "' must not appear more than once.");
    }
    return Optional.of(values.get(0)).filter(value -> !value.isEmpty());
  }

  /**
   * The single, non-empty value of {@code name}.
   *
   * @throws org.pinoauth.error.OAuthException {@code invalid_request} when it is missing, empty or
   *     repeated
   */
  public String required(String name) {
    return optional(name)
        .orElseThrow(
            () ->
                OAuthError.INVALID_REQUEST.exception("The parameter '" + name + "' is required."));
  }

  /**
   * Refuses a form in which any parameter appears more than once, also one that no one reads (RFC
   * 6749 §3.2, CONTRACT §2.1), so the answer never depends on which copy a reader would pick.
   *
   * @throws org.pinoauth.error.OAuthException {@code invalid_request} naming the parameter when its
   *     name is a plain one, without it when it is not (a name can be anything a client sent)
   */
  public void requireNoRepeats() {
    parameters.entrySet().stream()
        .filter(parameter -> parameter.getValue().size() > 1)
        .map(Map.Entry::getKey)
        .sorted()
        .findFirst()
        .ifPresent(
            name -> {
              throw OAuthError.INVALID_REQUEST.exception(
                  PLAIN_NAME.matcher(name).matches()
                      ? "The parameter '" + name + "' must not appear more than once."
                      : "A parameter appears more than once.");
            });
  }

  public boolean has(String name) {
    return parameters.containsKey(name);
  }

  /**
   * A boolean flag as CONTRACT §2.1 reads them: {@code true}/{@code false} in any letter case, or
   * {@code 1}/{@code 0}; absent is {@code false}.
   */
  public boolean flag(String name) {
    Optional<String> value = optional(name);
    if (value.isEmpty()) {
      return false;
    }
    String text = value.get();
    if (text.equalsIgnoreCase("true") || text.equals("1")) {
      return true;
    }
    if (text.equalsIgnoreCase("false") || text.equals("0")) {
      return false;
    }
    throw OAuthError.INVALID_REQUEST.exception(
        "The parameter '" + name + "' must be true, false, 1 or 0.");
  }
}
