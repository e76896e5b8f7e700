package org.pinoauth.store;

import java.util.Locale;
import java.util.Objects;

/**
 * One change to what a node may cache, as the change log records it: {@code clientId} and {@code
 * subject} as its {@link Kind} says. The subject is a username, a family id as text or a revoked
 * access token's stored hash, never a token in clear.
 */
public record Change(Kind kind, String clientId, String subject) {

  /** What changed, and so which cached answers it ends. */
  public enum Kind {
    /** App {@code clientId} was created, edited, given a new secret or owner, or deleted. */
    APP,
    /** The access token whose stored hash is {@code subject} was revoked. */
    ACCESS_TOKEN,
    /** Family {@code subject} (an id, as text) of app {@code clientId} was revoked. */
    FAMILY,
    /** User {@code subject}'s grants were removed: of app {@code clientId}, or of all when null. */
    USER;

    /** The name the change log stores. */
    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The kind the change log's {@code name} stands for. */
    public static Kind fromWireName(String name) {
      for (Kind kind : values()) {
        if (kind.wireName().equals(name)) {
          return kind;
        }
      }
      throw new IllegalArgumentException("Unknown change kind " + name);
    }
  }

  public Change {
    Objects.requireNonNull(kind);
  }

  public static Change app(String clientId) {
    return new Change(Kind.APP, clientId, null);
  }

  public static Change accessToken(String hash) {
    return new Change(Kind.ACCESS_TOKEN, null, hash);
  }

  public static Change family(String clientId, long familyId) {
    return new Change(Kind.FAMILY, clientId, Long.toString(familyId));
  }

  /** The grants of {@code username} removed, of app {@code clientId} or of every app when null. */
  public static Change user(String username, String clientId) {
    return new Change(Kind.USER, clientId, username);
  }
}
