package org.pinoauth.config;

import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.pinoauth.client.App;
import org.pinoauth.client.AppJson;
import org.pinoauth.client.AppRegistration;
import org.pinoauth.client.Secret;
import org.pinoauth.client.SecretHasher;
import org.pinoauth.scope.ScopeCatalog;
import org.pinoauth.store.AppStore;

/**
 * Creates or updates the apps of the {@code bootstrap} file at start-up (CONTRACT §7): a JSON array
 * of admin-API app objects, each with a fixed {@code client_id} and {@code client_secret}. A file
 * that cannot be read or holds an invalid app stops the start, naming the problem; a server that
 * silently skipped an app would be worse. Secrets are hashed as {@link SecretHasher#hashChosen}.
 */
public final class Bootstrap {
  private static final Logger LOG = System.getLogger(Bootstrap.class.getName());

  private Bootstrap() {}

  public static void load(Path file, AppStore apps, ScopeCatalog catalog) {
    List<AppRegistration> registrations = read(file);
    for (int i = 0; i < registrations.size(); i++) {
      AppRegistration registration = registrations.get(i);
      String where = "bootstrap " + file + " app #" + (i + 1);
      if (registration.clientId() == null
          || registration.clientId().isBlank()
          || registration.clientId().length() > 64) {
        throw new IllegalStateException(where + ": client_id is required, at most 64 characters");
      }
      boolean publicApp;
      try {
        publicApp = registration.authMethod().isPublic();
      } catch (AppRegistration.InvalidFieldException e) {
        throw new IllegalStateException(where + ": " + e.getMessage(), e);
      }
      boolean hasSecret =
          registration.clientSecret() != null && !registration.clientSecret().isEmpty();
      if (publicApp && registration.clientSecret() != null) {
        throw new IllegalStateException(
            where
                + ": client_secret must be absent for a public app (token_endpoint_auth_method"
                + " none)");
      }
      if (!publicApp && !hasSecret) {
        throw new IllegalStateException(where + ": client_secret is required");
      }
      // People choose these secrets: a short one is hashed with PBKDF2, also when an existing app
      // is updated, so a store from before PBKDF2 has its sha256 hash replaced at the next start.
      String hash =
          publicApp ? "" : SecretHasher.hashChosen(new Secret(registration.clientSecret()));
      App app;
      try {
        app = registration.toApp(registration.clientId(), hash, catalog, Instant.now());
      } catch (AppRegistration.InvalidFieldException e) {
        throw new IllegalStateException(where + ": " + e.getMessage(), e);
      }
      apps.save(app);
      LOG.log(
          Level.INFO,
          "Bootstrap: app "
              + app.clientId()
              + " ("
              + app.name()
              + ") is registered"
              + (SecretHasher.isStretched(hash)
                  ? "; its client_secret is shorter than "
                      + SecretHasher.STRETCH_BELOW
                      + " characters, so it is stored with PBKDF2, slow on purpose (outside"
                      + " development, prefer a random one of 32 characters or more)"
                  : ""));
      if (hasSecret && registration.clientSecret().matches(".*[+%].*")) {
        // HTTP Basic credentials are form-url-decoded (RFC 6749 §2.3.1): a client must send '+'
        // as %2B and '%' as %25, which curl -u and Pinterest's own clients do not.
        LOG.log(
            Level.WARNING,
            "Bootstrap: the client_secret of app "
                + app.clientId()
                + " contains '+' or '%': HTTP Basic clients must form-url-encode it; prefer a"
                + " base64url or hex secret");
      }
    }
  }

  private static List<AppRegistration> read(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return AppJson.readArray(in);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read bootstrap file " + file + ": " + e, e);
    } catch (AppRegistration.InvalidFieldException e) {
      throw new IllegalStateException("Bootstrap file " + file + ": " + e.getMessage(), e);
    }
  }
}
