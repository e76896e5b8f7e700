package org.pinoauth.scope;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ScopesTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "boards:read,pins:read",
        "boards:read pins:read",
        "boards:read, pins:read",
        "pins:read ,boards:read",
        "  boards:read\tpins:read  ",
        ",boards:read,,pins:read,",
        "boards:read pins:read boards:read",
        "pins:read,pins:read, boards:read"
      })
  void parseWhenCommasSpacesOrBothThenSameScopes(String list) {
    Scopes scopes = Scopes.parse(list);

    assertEquals(Set.of("boards:read", "pins:read"), scopes.names());
    assertEquals(Scopes.parse("boards:read pins:read"), scopes);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", ",", " , ,, "})
  void parseWhenNoNamesThenEmpty(String list) {
    Scopes scopes = Scopes.parse(list);

    assertTrue(scopes.isEmpty());
    assertEquals("", scopes.toString());
  }

  @Test
  void toStringWhenUnsortedThenSpaceSeparatedSorted() {
    assertEquals(
        "boards:read pins:read user_accounts:read",
        Scopes.parse("user_accounts:read,pins:read boards:read").toString());
  }

  @Test
  void ofWhenDuplicatesThenFolded() {
    Scopes scopes = Scopes.of(List.of("pins:read", "boards:read", "pins:read"));

    assertEquals("boards:read pins:read", scopes.toString());
  }

  @Test
  void containsAllWhenSubsetThenTrue() {
    Scopes granted = Scopes.parse("boards:read pins:read pins:write");

    assertTrue(granted.containsAll(Scopes.parse("pins:read")));
    assertTrue(granted.containsAll(Scopes.parse("pins:write,boards:read")));
    assertTrue(granted.containsAll(granted));
    assertTrue(granted.containsAll(Scopes.NONE));
  }

  @Test
  void containsAllWhenWiderThenFalse() {
    Scopes granted = Scopes.parse("boards:read pins:read");

    assertFalse(granted.containsAll(Scopes.parse("pins:read ads:read")));
    assertFalse(Scopes.NONE.containsAll(Scopes.parse("pins:read")));
  }

  @Test
  void containsWhenNameSharesPrefixThenFalse() {
    assertFalse(Scopes.parse("pins:read_secret").contains("pins:read"));
  }

  @Test
  void unionWhenOverlappingThenAllOnce() {
    Scopes left = Scopes.parse("boards:read pins:read");
    Scopes right = Scopes.parse("pins:read user_accounts:read");

    Scopes union = left.union(right);

    assertEquals("boards:read pins:read user_accounts:read", union.toString());
    assertEquals("boards:read pins:read", left.toString());
    assertEquals("pins:read user_accounts:read", right.toString());
  }

  @Test
  void unionWhenNoneThenSame() {
    Scopes scopes = Scopes.parse("pins:read");

    assertEquals(scopes, Scopes.NONE.union(scopes));
    assertEquals(scopes, scopes.union(Scopes.NONE));
  }

  @Test
  void intersectionWhenOverlappingThenOnlyCommonAndOperandsUnchanged() {
    Scopes left = Scopes.parse("boards:read pins:read");
    Scopes right = Scopes.parse("pins:read user_accounts:read");

    Scopes both = left.intersection(right);

    assertEquals("pins:read", both.toString());
    assertEquals("boards:read pins:read", left.toString());
    assertEquals("pins:read user_accounts:read", right.toString());
  }

  @Test
  void intersectionWhenDisjointThenEmpty() {
    assertTrue(Scopes.parse("boards:read").intersection(Scopes.parse("pins:read")).isEmpty());
  }

  @Test
  void equalsWhenDifferentNamesThenNotEqual() {
    assertNotEquals(Scopes.parse("pins:read"), Scopes.parse("pins:write"));
    assertEquals(Scopes.parse("a b").hashCode(), Scopes.parse("b,a").hashCode());
  }

  @Test
  void namesWhenModifiedThenRefused() {
    Scopes scopes = Scopes.parse("pins:read");

    assertThrows(UnsupportedOperationException.class, () -> scopes.names().add("ads:write"));
  }
}
