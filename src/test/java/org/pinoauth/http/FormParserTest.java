package org.pinoauth.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pinoauth.error.OAuthError;
import org.pinoauth.error.OAuthException;

class FormParserTest {

  private static Form parse(String body) {
    return FormParser.parse(body.getBytes(StandardCharsets.UTF_8));
  }

  private static OAuthException assertInvalidRequest(Executable call) {
    OAuthException e = assertThrows(OAuthException.class, call);
    assertEquals(OAuthError.INVALID_REQUEST, e.error());
    return e;
  }

  @Test
  void parseWhenPairsThenEachNameHasItsValue() {
    Form form = parse("grant_type=authorization_code&code=abc&redirect_uri=x");

    assertEquals(
        Map.of(
            "grant_type", List.of("authorization_code"),
            "code", List.of("abc"),
            "redirect_uri", List.of("x")),
        form.parameters());
  }

  @Test
  void parseWhenEmptyBodyThenNoParameters() {
    assertTrue(FormParser.parse(new byte[0]).parameters().isEmpty());
  }

  @Test
  void parseWhenPlusThenSpace() {
    assertEquals(
        Optional.of("boards:read pins:read"),
        parse("scope=boards:read+pins:read").optional("scope"));
  }

  @Test
  void parseWhenPercentEncodedPlusThenLiteralPlus() {
    assertEquals(Optional.of("a+b"), parse("v=a%2Bb").optional("v"));
  }

  @Test
  void parseWhenPercentEscapesThenBytesDecoded() {
    assertEquals(
        Optional.of("http://localhost:8085/?a=b&c"),
        parse("redirect_uri=http%3A%2F%2Flocalhost%3a8085%2F%3Fa%3Db%26c")
            .optional("redirect_uri"));
  }

  @Test
  void parseWhenNamePercentEncodedThenNameDecoded() {
    assertEquals(Optional.of("x"), parse("client%5Fid=x").optional("client_id"));
  }

  @Test
  void parseWhenEmptyValueThenKeptButReadAsOmitted() {
    Form form = parse("state=&code=abc");

    assertEquals(List.of(""), form.parameters().get("state"));
    assertEquals(Optional.empty(), form.optional("state"), "RFC 6749 §3.1");
    assertEquals(Optional.of("abc"), form.optional("code"));
  }

  @Test
  void parseWhenEqualsMissingThenEmptyValue() {
    Form form = parse("refreshable&code=abc");

    assertTrue(form.has("refreshable"));
    assertEquals(Optional.empty(), form.optional("refreshable"));
  }

  @Test
  void parseWhenSecondEqualsThenPartOfValue() {
    assertEquals(Optional.of("b=c"), parse("a=b=c").optional("a"));
  }

  @Test
  void parseWhenDoubleAmpersandThenEmptyPairSkipped() {
    Form form = parse("&a=1&&b=2&");

    assertEquals(Map.of("a", List.of("1"), "b", List.of("2")), form.parameters());
  }

  @Test
  void parseWhenParameterRepeatedThenBothValuesKept() {
    Form form = parse("scope=a&scope=b");

    assertEquals(List.of("a", "b"), form.parameters().get("scope"));
  }

  @Test
  void optionalWhenParameterRepeatedThenInvalidRequest() {
    Form form = parse("grant_type=refresh_token&grant_type=client_credentials");

    OAuthException e = assertInvalidRequest(() -> form.optional("grant_type"));
    assertTrue(e.getMessage().contains("grant_type"), e.getMessage());
  }

  @Test
  void requiredWhenParameterRepeatedThenInvalidRequest() {
    Form form = parse("code=a&code=a");

    assertInvalidRequest(() -> form.required("code"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"a=%", "a=%4", "a=%zz", "a=%4g", "a=x%", "%=x", "a=%%41"})
  void parseWhenPercentEncodingBrokenThenInvalidRequest(String body) {
    assertInvalidRequest(() -> parse(body));
  }

  @ParameterizedTest
  @ValueSource(strings = {"a=%C3%28", "a=%FF", "a=%C3", "a=%ED%A0%80", "%FF=x"})
  void parseWhenNotUtf8ThenInvalidRequest(String body) {
    assertInvalidRequest(() -> parse(body));
  }

  @Test
  void parseWhenRawBytesNotUtf8ThenInvalidRequest() {
    byte[] body = {'a', '=', (byte) 0xC3, (byte) 0x28};

    assertInvalidRequest(() -> FormParser.parse(body));
  }

  @ParameterizedTest
  @ValueSource(strings = {"a=%00", "a=%0A", "a=%0D", "a=%09", "a=%1F", "a=%7F", "a%00=x"})
  void parseWhenControlCharacterThenInvalidRequest(String body) {
    assertInvalidRequest(() -> parse(body));
  }

  @ParameterizedTest
  @ValueSource(strings = {"a=%C2%80", "a=%C2%85", "a=%C2%9F"})
  void parseWhenC1ControlCharacterThenInvalidRequest(String body) {
    // U+0080..U+009F are control characters too (U+0085 is NEL, a line break to some loggers).
    assertInvalidRequest(() -> parse(body));
  }

  @Test
  void parseWhenRawControlByteThenInvalidRequest() {
    byte[] body = {'a', '=', 'x', 0x00, 'y'};

    assertInvalidRequest(() -> FormParser.parse(body));
  }

  @ParameterizedTest
  @ValueSource(strings = {"=x", "=", "a=1&=2"})
  void parseWhenNameEmptyThenInvalidRequest(String body) {
    assertInvalidRequest(() -> parse(body));
  }

  @Test
  void parseWhenMultiByteUtf8EscapedThenDecoded() {
    Form form = parse("name=caf%C3%A9&pin=%F0%9F%93%8C&cjk=%E6%97%A5");

    assertEquals(Optional.of("café"), form.optional("name"));
    assertEquals(Optional.of("\uD83D\uDCCC"), form.optional("pin"));
    assertEquals(Optional.of("日"), form.optional("cjk"));
  }

  @Test
  void parseWhenMultiByteUtf8RawThenDecoded() {
    Form form = parse("name=café&other=%C3%A9+x");

    assertEquals(Optional.of("café"), form.optional("name"));
    assertEquals(Optional.of("é x"), form.optional("other"));
  }

  @Test
  void decodeWhenComponentStringThenSameRulesAsBody() {
    assertEquals("a:b%c+d/e", FormParser.decode("a%3Ab%25c%2Bd%2Fe"));
    assertEquals("a b", FormParser.decode("a+b"));
    assertInvalidRequest(() -> FormParser.decode("%4"));
  }

  @Test
  void hasWhenAbsentThenFalse() {
    assertFalse(parse("a=1").has("b"));
  }
}
