package org.pinoauth.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.pinoauth.error.OAuthError;
import org.pinoauth.error.OAuthException;

/**
 * Coverage-guided fuzz tests of {@link FormParser} (CONTRACT §2.1, STYLE 4). In {@code mvn verify}
 * they replay the seeds in {@code src/test/resources/org/pinoauth/http/FormParserFuzzTestInputs/};
 * {@code JAZZER_FUZZ=1} fuzzes one of them (CONTRIBUTING.md).
 */
class FormParserFuzzTest {

  /**
   * Any body either parses into names and values free of control characters, exactly as the JDK's
   * own percent-decoder reads them, or is refused with {@code invalid_request}; nothing else is
   * ever thrown. The JDK's {@link URLDecoder} serves as the oracle: it is lenient, so wherever the
   * strict parser refuses a body, the oracle must find a reason to refuse it too.
   */
  @FuzzTest
  void parseWhenArbitraryBytesThenStrictDecodingOrInvalidRequest(byte[] body) {
    Optional<Map<String, List<String>>> expected = oracle(body);
    Form form;
    try {
      form = FormParser.parse(body);
    } catch (OAuthException refused) {
      assertEquals(OAuthError.INVALID_REQUEST, refused.error());
      assertTrue(
          expected.isEmpty(), () -> "refused a body the JDK decodes cleanly: " + expected.get());
      return;
    }
    assertEquals(expected, Optional.of(form.parameters()), "decoded unlike URLDecoder");
    form.parameters()
        .forEach(
            (name, values) -> {
              assertFalse(name.isEmpty(), "a parameter with no name");
              assertNoControlCharacters(name);
              values.forEach(FormParserFuzzTest::assertNoControlCharacters);
              if (values.size() > 1) {
                OAuthException repeated =
                    assertThrows(OAuthException.class, () -> form.optional(name));
                assertEquals(OAuthError.INVALID_REQUEST, repeated.error());
              } else {
                // A parameter without a value counts as omitted (RFC 6749 §3.1).
                assertEquals(
                    Optional.of(values.get(0)).filter(value -> !value.isEmpty()),
                    form.optional(name));
              }
            });
  }

  /**
   * Names and values encoded with {@link URLEncoder} decode back to themselves, in order; a name or
   * value with a control character, or an empty name, is {@code invalid_request}. The input is read
   * as UTF-8 text with one {@code name TAB value} pair a line, so the seeds stay readable.
   */
  @FuzzTest
  void parseWhenUrlEncoderEncodedThenSameNamesAndValues(byte[] data) {
    Map<String, List<String>> pairs = new LinkedHashMap<>();
    StringBuilder body = new StringBuilder();
    boolean valid = true;
    for (String line : new String(data, StandardCharsets.UTF_8).split("\n", -1)) {
      if (line.isEmpty()) {
        continue;
      }
      int tab = line.indexOf('\t');
      String name = tab < 0 ? line : line.substring(0, tab);
      String value = tab < 0 ? "" : line.substring(tab + 1);
      valid &= !name.isEmpty() && !hasControlCharacter(name) && !hasControlCharacter(value);
      pairs.computeIfAbsent(name, key -> new ArrayList<>()).add(value);
      if (body.length() > 0) {
        body.append('&');
      }
      body.append(encode(name)).append('=').append(encode(value));
    }
    byte[] encoded = body.toString().getBytes(StandardCharsets.US_ASCII);

    if (valid) {
      assertEquals(pairs, FormParser.parse(encoded).parameters());
    } else {
      OAuthException refused =
          assertThrows(OAuthException.class, () -> FormParser.parse(encoded), body::toString);
      assertEquals(OAuthError.INVALID_REQUEST, refused.error());
    }
  }

  /**
   * The body as the JDK reads it: split at {@code &} and the first {@code =}, each half
   * percent-decoded byte for byte by {@link URLDecoder} (through ISO-8859-1, which maps bytes and
   * characters one to one), then read as strict UTF-8. Empty when the JDK finds it malformed, or
   * when a name is empty or a control character appears.
   */
  private static Optional<Map<String, List<String>>> oracle(byte[] body) {
    Map<String, List<String>> parameters = new LinkedHashMap<>();
    for (String pair : new String(body, StandardCharsets.ISO_8859_1).split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int equals = pair.indexOf('=');
      Optional<String> name = jdkDecode(equals < 0 ? pair : pair.substring(0, equals));
      Optional<String> value = jdkDecode(equals < 0 ? "" : pair.substring(equals + 1));
      if (name.isEmpty() || value.isEmpty() || name.get().isEmpty()) {
        return Optional.empty();
      }
      parameters.computeIfAbsent(name.get(), key -> new ArrayList<>()).add(value.get());
    }
    return Optional.of(parameters);
  }

  private static Optional<String> jdkDecode(String latin1) {
    byte[] bytes;
    try {
      bytes =
          URLDecoder.decode(latin1, StandardCharsets.ISO_8859_1)
              .getBytes(StandardCharsets.ISO_8859_1);
    } catch (IllegalArgumentException malformed) {
      return Optional.empty();
    }
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
    } catch (CharacterCodingException notUtf8) {
      return Optional.empty();
    }
    return hasControlCharacter(text) ? Optional.empty() : Optional.of(text);
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  private static boolean hasControlCharacter(String text) {
    return text.chars().anyMatch(Character::isISOControl);
  }

  private static void assertNoControlCharacters(String text) {
    if (hasControlCharacter(text)) {
      fail("a control character got through: " + text.codePoints().boxed().toList());
    }
  }
}
