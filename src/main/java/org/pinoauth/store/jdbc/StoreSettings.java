package org.pinoauth.store.jdbc;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * What {@link DataSources} needs to know of the configuration (CONTRACT §7: {@code db.*}, {@code
 * data.dir} and {@code data.engine}), as plain values, so the store takes nothing from {@code
 * config}. Its string form leaves the password out.
 */
public record StoreSettings(
    String jndiName,
    Optional<String> url,
    Optional<String> user,
    Optional<String> password,
    int poolSize,
    Duration poolTimeout,
    Duration startWait,
    Path dataDir,
    EmbeddedEngine engine) {

  @Override
  public String toString() {
    return "StoreSettings[jndiName="
        + jndiName
        + ", url="
        + url.orElse("(none)")
        + ", user="
        + user.orElse("(none)")
        + ", password="
        + (password.isPresent() ? "(set)" : "(none)")
        + ", poolSize="
        + poolSize
        + ", poolTimeout="
        + poolTimeout
        + ", startWait="
        + startWait
        + ", dataDir="
        + dataDir
        + ", engine="
        + engine
        + "]";
  }
}
