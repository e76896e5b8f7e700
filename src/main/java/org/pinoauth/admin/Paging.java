package org.pinoauth.admin;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.pinoauth.error.OAuthError;
import org.pinoauth.error.OAuthException;

/**
 * The paging of the admin API's lists (CONTRACT §6): {@code limit} (default {@value
 * #DEFAULT_LIMIT}, at most {@value #MAX_LIMIT}) and an opaque {@code cursor}, the base64url of the
 * list's kind and the last key of the page before. The kind keeps a cursor of one list from
 * steering another; the cursor is not secret (the admin may see every key) and not signed, so a
 * changed one that still decodes only starts the list at another key. Anything else answers 400
 * naming the parameter.
 */
record Paging(int limit, Optional<String> after) {
  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 1_000;
  private static final int MAX_CURSOR_LENGTH = 1_024;
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

  /**
   * Parses the query's values of {@code limit} and {@code cursor} (each null when absent) for a
   * list of {@code kind}.
   */
  static Paging parse(String kind, String[] limits, String[] cursors) {
    return new Paging(limit(limits).orElse(DEFAULT_LIMIT), after(kind, cursors));
  }

  /** The {@code limit} sent, if any; 400 naming it when it is not a number from 1 to the max. */
  static Optional<Integer> limit(String[] values) {
    String value = single("limit", values);
    if (value == null) {
      return Optional.empty();
    }
    if (!value.matches("[0-9]{1,4}")) {
      throw invalid("limit", "limit must be a whole number from 1 to " + MAX_LIMIT + ".");
    }
    int limit = Integer.parseInt(value);
    if (limit < 1 || limit > MAX_LIMIT) {
      throw invalid("limit", "limit must be a whole number from 1 to " + MAX_LIMIT + ".");
    }
    return Optional.of(limit);
  }

  /** The key a {@code cursor} of a list of {@code kind} continues after; 400 when not one. */
  static Optional<String> after(String kind, String[] values) {
    String cursor = single("cursor", values);
    if (cursor == null) {
      return Optional.empty();
    }
    String prefix = kind + ":";
    String decoded = decode(cursor);
    // No key this server writes holds a control character, and PostgreSQL refuses a NUL in text
    // (a store error, not the operator's): such a cursor is not one this list gave.
    if (decoded == null
        || !decoded.startsWith(prefix)
        || decoded.length() == prefix.length()
        || decoded.chars().anyMatch(Character::isISOControl)) {
      throw invalid("cursor", "cursor is not one this list gave; start again without it.");
    }
    return Optional.of(decoded.substring(prefix.length()));
  }

  /** The cursor of a list of {@code kind} that continues after {@code lastKey}. */
  static String cursor(String kind, String lastKey) {
    return ENCODER.encodeToString((kind + ":" + lastKey).getBytes(StandardCharsets.UTF_8));
  }

  /** Strict base64url without padding, of strict UTF-8; null when {@code cursor} is not that. */
  private static String decode(String cursor) {
    if (cursor.isEmpty() || cursor.length() > MAX_CURSOR_LENGTH) {
      return null;
    }
    try {
      byte[] bytes = Base64.getUrlDecoder().decode(cursor);
      if (!ENCODER.encodeToString(bytes).equals(cursor)) {
        return null; // padding or stray bits: not what this server writes
      }
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (IllegalArgumentException | CharacterCodingException e) {
      return null;
    }
  }

  private static String single(String name, String[] values) {
    if (values == null) {
      return null;
    }
    if (values.length != 1) {
      throw invalid(name, name + " may be sent only once.");
    }
    return values[0];
  }

  private static OAuthException invalid(String field, String message) {
    return OAuthError.INVALID_REQUEST.exception(message).withField(field);
  }
}
