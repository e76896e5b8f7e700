package org.pinoauth.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.List;
import org.eclipse.jetty.security.DefaultIdentityService;
import org.eclipse.jetty.security.UserIdentity;
import org.junit.jupiter.api.Test;

class UsersLoginServiceTest {
  private static final SecureRandom RANDOM = new SecureRandom();

  private static UsersLoginService realm() throws Exception {
    String admin = PasswordHash.of("admin-pw".toCharArray(), 10_000, RANDOM).format();
    String pinner = PasswordHash.of("pinner-pw".toCharArray(), 10_000, RANDOM).format();
    UsersLoginService realm =
        new UsersLoginService(
            "pinoauth",
            UsersFile.parse(
                "users",
                List.of(
                    "admin: " + admin + ", pinoauth-admin",
                    "pinner: " + pinner + ", pinoauth-user")));
    realm.setIdentityService(new DefaultIdentityService());
    return realm;
  }

  @Test
  void loginWhenRightPasswordThenTheUserWithTheirRoles() throws Exception {
    UserIdentity pinner = realm().login("pinner", "pinner-pw", null, create -> null);

    assertNotNull(pinner);
    assertEquals("pinner", pinner.getUserPrincipal().getName());
    assertTrue(pinner.isUserInRole("pinoauth-user"));
    assertFalse(pinner.isUserInRole("pinoauth-admin"));
  }

  @Test
  void loginWhenWrongPasswordOrAnotherUsersThenNobody() throws Exception {
    UsersLoginService realm = realm();

    assertNull(realm.login("pinner", "pinner-pw ", null, create -> null));
    assertNull(realm.login("pinner", "admin-pw", null, create -> null));
    assertNull(realm.login("pinner", "", null, create -> null));
    assertNull(realm.login("pinner", null, null, create -> null));
  }

  @Test
  void loginWhenUnknownUserThenNobody() throws Exception {
    assertNull(realm().login("nobody", "pinner-pw", null, create -> null));
    assertNull(realm().login(null, "pinner-pw", null, create -> null));
  }

  @Test
  void loginWhenNoUsersThenNobodyAndTheRealmIsNamed() {
    UsersLoginService empty = new UsersLoginService("pinoauth", java.util.Map.of());
    empty.setIdentityService(new DefaultIdentityService());

    assertNull(empty.login("admin", "admin", null, create -> null));
    assertEquals("pinoauth", empty.getName());
    assertEquals(0, empty.size());
  }
}
