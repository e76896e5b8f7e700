package org.pinoauth.http;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Decodes bytes that must be UTF-8, refusing instead of repairing: {@code new String(bytes, UTF_8)}
 * would put U+FFFD in place of a malformed sequence, an overlong form or a lone surrogate, and a
 * value that is not what the client sent must never reach a comparison or a store. Each caller
 * answers the refusal in its own words.
 */
public final class StrictUtf8 {
  private StrictUtf8() {}

  /** The text of {@code bytes}, or empty when they are not well-formed UTF-8. */
  public static Optional<String> decode(byte[] bytes) {
    return decode(bytes, 0, bytes.length);
  }

  /** The text of {@code bytes[from, to)}, or empty when they are not well-formed UTF-8. */
  public static Optional<String> decode(byte[] bytes, int from, int to) {
    try {
      return Optional.of(
          StandardCharsets.UTF_8
              .newDecoder() // A decoder is not thread-safe: a new one per call.
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes, from, to - from))
              .toString());
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
  }
}
