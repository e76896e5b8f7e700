package org.pinoauth.standalone;

import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.eclipse.jetty.security.AbstractLoginService;
import org.eclipse.jetty.security.RolePrincipal;
import org.eclipse.jetty.security.UserIdentity;
import org.eclipse.jetty.security.UserPrincipal;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Session;
import org.eclipse.jetty.util.security.Credential;

/**
 * The realm of the standalone jar: the people of a {@link UsersFile}, their PBKDF2-SHA256 password
 * hashes checked in constant time (Jetty's own {@code HashLoginService} knows only MD5, CRYPT and
 * OBF). A username nobody has costs the same hashing as a wrong password, so the time of an answer
 * does not tell which names exist.
 */
final class UsersLoginService extends AbstractLoginService {
  private final Map<String, UsersFile.User> users;
  private final PasswordHash decoy;

  UsersLoginService(String realm, Map<String, UsersFile.User> users) {
    setName(realm);
    this.users = Map.copyOf(users);
    int iterations =
        users.values().stream()
            .mapToInt(user -> user.password().iterations())
            .max()
            .orElse(PasswordHash.DEFAULT_ITERATIONS);
    this.decoy = PasswordHash.of("no such user".toCharArray(), iterations, new SecureRandom());
  }

  int size() {
    return users.size();
  }

  @Override
  public UserIdentity login(
      String username,
      Object credentials,
      Request request,
      Function<Boolean, Session> getOrCreateSession) {
    if (username != null && !users.containsKey(username)) {
      new PasswordCredential(decoy).check(credentials); // the same work as for a wrong password
      return null;
    }
    return super.login(username, credentials, request, getOrCreateSession);
  }

  @Override
  protected UserPrincipal loadUserInfo(String username) {
    UsersFile.User user = users.get(username);
    return user == null
        ? null
        : new UserPrincipal(username, new PasswordCredential(user.password()));
  }

  @Override
  protected List<RolePrincipal> loadRoleInfo(UserPrincipal user) {
    UsersFile.User known = users.get(user.getName());
    return known == null ? List.of() : known.roles().stream().map(RolePrincipal::new).toList();
  }

  /** Jetty's view of a {@link PasswordHash}: checks the password a person typed. */
  private static final class PasswordCredential extends Credential {
    private static final long serialVersionUID = 1L;

    private final PasswordHash hash;

    PasswordCredential(PasswordHash hash) {
      this.hash = hash;
    }

    @Override
    public boolean check(Object credentials) {
      if (credentials instanceof String password) {
        return hash.matches(password);
      }
      if (credentials instanceof char[] password) {
        return hash.matches(new String(password));
      }
      return false;
    }
  }
}
