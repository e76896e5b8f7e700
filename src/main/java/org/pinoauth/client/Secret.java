package org.pinoauth.client;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.pinoauth.crypto.ConstantTime;

/**
 * A secret value presented by a client. It never prints itself and compares in constant time, so a
 * secret can pass through logs, exceptions and debuggers without leaking.
 */
public final class Secret {
  private final String value;

  public Secret(String value) {
    this.value = Objects.requireNonNull(value);
  }

  /** The secret itself; call only to hash or compare it. */
  public String reveal() {
    return value;
  }

  public byte[] utf8() {
    return value.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Secret secret && ConstantTime.isEqual(utf8(), secret.utf8());
  }

  @Override
  public int hashCode() {
    return 0; // Equal secrets must hash alike; a value-derived hash would leak timing.
  }

  @Override
  public String toString() {
    return "Secret[redacted]";
  }
}
