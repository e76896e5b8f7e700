package org.pinoauth.scope;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.pinoauth.error.OAuthError;
import org.pinoauth.error.OAuthException;

class ScopeCatalogTest {
  private static final Set<String> PINTEREST_V5 =
      Set.of(
          "ads:read",
          "ads:write",
          "billing:read",
          "billing:write",
          "biz_access:read",
          "biz_access:write",
          "boards:read",
          "boards:read_secret",
          "boards:write",
          "boards:write_secret",
          "catalogs:read",
          "catalogs:write",
          "pins:read",
          "pins:read_secret",
          "pins:write",
          "pins:write_secret",
          "user_accounts:read",
          "user_accounts:write");

  @Test
  void pinterestWhenCreatedThenTheEighteenV5Scopes() {
    ScopeCatalog catalog = ScopeCatalog.pinterest();

    assertEquals(18, catalog.all().names().size());
    assertEquals(PINTEREST_V5, catalog.all().names());
    for (String scope : PINTEREST_V5) {
      assertTrue(catalog.knows(scope), scope);
      assertTrue(catalog.describe(scope).filter(text -> !text.isBlank()).isPresent(), scope);
    }
  }

  @Test
  void pinterestWhenDescribedThenPinterestWords() {
    assertEquals(
        Optional.of("See your public Pins"), ScopeCatalog.pinterest().describe("pins:read"));
  }

  @Test
  void requireKnownWhenAllKnownThenPasses() {
    assertDoesNotThrow(
        () -> ScopeCatalog.pinterest().requireKnown(Scopes.parse("pins:read,boards:write")));
  }

  @Test
  void requireKnownWhenUnknownThenInvalidScopeNamingIt() {
    OAuthException e =
        assertThrows(
            OAuthException.class,
            () -> ScopeCatalog.pinterest().requireKnown(Scopes.parse("pins:read pins:delete")));

    assertEquals(OAuthError.INVALID_SCOPE, e.error());
    assertTrue(e.getMessage().contains("pins:delete"), e.getMessage());
  }

  @Test
  void requireKnownWhenUnknownIsNotShapedLikeAScopeThenNotEchoedAtAll() {
    OAuthException e =
        assertThrows(
            OAuthException.class,
            () -> ScopeCatalog.pinterest().requireKnown(Scopes.of(Set.of("evil\"\u0007scope"))));

    assertEquals(OAuthError.INVALID_SCOPE, e.error());
    assertEquals("A scope in the list is not a scope this server knows.", e.getMessage());
  }

  @Test
  void ofWhenCustomListThenOnlyThoseKnown() {
    ScopeCatalog catalog = ScopeCatalog.of(Scopes.parse("read,write pins:read"));

    assertEquals(Set.of("read", "write", "pins:read"), catalog.all().names());
    assertTrue(catalog.knows("read"));
    assertFalse(catalog.knows("boards:read"));
    assertEquals(Optional.of("read"), catalog.describe("read"));
    assertEquals(Optional.of("See your public Pins"), catalog.describe("pins:read"));
    assertEquals(Optional.empty(), catalog.describe("boards:read"));
  }

  @Test
  void ofWhenCustomListThenPinterestScopeOutsideItUnknown() {
    ScopeCatalog catalog = ScopeCatalog.of(Scopes.parse("read"));

    OAuthException e =
        assertThrows(
            OAuthException.class, () -> catalog.requireKnown(Scopes.parse("read pins:read")));
    assertEquals(OAuthError.INVALID_SCOPE, e.error());
    assertTrue(e.getMessage().contains("pins:read"), e.getMessage());
  }
}
