package org.pinoauth.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pinoauth.error.OAuthError;
import org.pinoauth.error.OAuthException;

class FormTest {

  private static Form form(String name, String... values) {
    return new Form(Map.of(name, List.of(values)));
  }

  private static OAuthException assertInvalidRequest(Executable call) {
    OAuthException e = assertThrows(OAuthException.class, call);
    assertEquals(OAuthError.INVALID_REQUEST, e.error());
    return e;
  }

  @ParameterizedTest
  @ValueSource(strings = {"true", "True", "TRUE", "tRuE", "1"})
  void flagWhenTrueInAnyCaseOrOneThenTrue(String value) {
    assertTrue(form("refresh_on", value).flag("refresh_on"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"false", "False", "FALSE", "0"})
  void flagWhenFalseInAnyCaseOrZeroThenFalse(String value) {
    assertFalse(form("refresh_on", value).flag("refresh_on"));
  }

  @Test
  void flagWhenAbsentThenFalse() {
    assertFalse(Form.EMPTY.flag("refresh_on"));
  }

  @Test
  void flagWhenSentWithoutValueThenFalseAsIfOmitted() {
    assertFalse(form("refresh_on", "").flag("refresh_on"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"yes", "2", "on", " true", "01", "-1"})
  void flagWhenBogusThenInvalidRequest(String value) {
    OAuthException e = assertInvalidRequest(() -> form("refresh_on", value).flag("refresh_on"));
    assertTrue(e.getMessage().contains("refresh_on"), e.getMessage());
  }

  @Test
  void flagWhenRepeatedThenInvalidRequest() {
    assertInvalidRequest(() -> form("refresh_on", "true", "true").flag("refresh_on"));
  }

  @Test
  void requiredWhenEmptyValueThenInvalidRequest() {
    OAuthException e = assertInvalidRequest(() -> form("code", "").required("code"));
    assertTrue(e.getMessage().contains("code"), e.getMessage());
  }

  @Test
  void requiredWhenAbsentThenInvalidRequest() {
    assertInvalidRequest(() -> Form.EMPTY.required("code"));
  }

  @Test
  void requiredWhenPresentThenValue() {
    assertEquals("abc", form("code", "abc").required("code"));
  }

  @Test
  void optionalWhenAbsentThenEmpty() {
    assertEquals(Optional.empty(), Form.EMPTY.optional("scope"));
  }

  @Test
  void constructorWhenMapChangedAfterwardsThenFormUnchanged() {
    Map<String, List<String>> parameters = new HashMap<>();
    parameters.put("code", new ArrayList<>(List.of("abc")));
    Form form = new Form(parameters);

    parameters.put("scope", List.of("pins:read"));

    assertFalse(form.has("scope"));
  }
}
