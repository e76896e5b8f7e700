package org.pinoauth.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pinoauth.client.App;
import org.pinoauth.scope.ScopeCatalog;
import org.pinoauth.store.AppStore;

/** The bootstrap file's {@code allowed_origins}, validated and stored as the admin API's are. */
class BootstrapOriginsTest {
  @TempDir Path dir;

  private final List<App> saved = new ArrayList<>();

  /** A store that only records saves: all Bootstrap may call. */
  private final AppStore apps =
      (AppStore)
          Proxy.newProxyInstance(
              AppStore.class.getClassLoader(),
              new Class<?>[] {AppStore.class},
              (proxy, method, args) -> {
                if (!method.getName().equals("save")) {
                  throw new UnsupportedOperationException(method.getName());
                }
                saved.add((App) args[0]);
                return null;
              });

  @Test
  void loadWhenAllowedOriginsThenSavedInCanonicalSpelling() throws IOException {
    Bootstrap.load(
        file("[\"HTTPS://SPA.example.com:443\", \"http://127.0.0.1:5173\"]"),
        apps,
        ScopeCatalog.pinterest());

    assertEquals(1, saved.size());
    assertEquals(
        List.of("https://spa.example.com", "http://127.0.0.1:5173"), saved.get(0).allowedOrigins());
  }

  @Test
  void loadWhenAllowedOriginInvalidThenStartStopsNamingTheField() throws IOException {
    Path file = file("[\"http://spa.example.com\"]");

    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> Bootstrap.load(file, apps, ScopeCatalog.pinterest()));

    assertTrue(
        e.getMessage().startsWith("bootstrap " + file + " app #1: allowed_origins: "),
        e.getMessage());
    assertEquals(List.of(), saved);
  }

  private Path file(String origins) throws IOException {
    return Files.writeString(
        dir.resolve("bootstrap.json"),
        "[{\"client_id\": \"1234567\", \"client_secret\": \"bootstrap-secret-0123456789abcdef\","
            + " \"name\": \"SPA\", \"scopes\": [\"pins:read\"], \"redirect_uris\":"
            + " [\"https://spa.example.com/cb\"], \"allowed_origins\": "
            + origins
            + "}]");
  }
}
