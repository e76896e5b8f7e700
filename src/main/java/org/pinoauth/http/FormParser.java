package org.pinoauth.http;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pinoauth.error.OAuthError;
import org.pinoauth.error.OAuthException;

/**
 * Strict {@code application/x-www-form-urlencoded} decoding (WHATWG URL §5.1, as RFC 6749 Appendix
 * B uses it), done by hand because the JDK's decoders forgive what a token server must refuse: a
 * broken percent escape, bytes that are not UTF-8, and control characters (NUL among them) are all
 * {@code invalid_request} rather than silently replaced.
 */
public final class FormParser {
  private FormParser() {}

  /** Parses a whole body. */
  public static Form parse(byte[] body) {
    Map<String, List<String>> parameters = new LinkedHashMap<>();
    int start = 0;
    for (int i = 0; i <= body.length; i++) {
      if (i == body.length || body[i] == '&') {
        if (i > start) {
          addPair(parameters, body, start, i);
        }
        start = i + 1;
      }
    }
    return new Form(parameters);
  }

  private static void addPair(Map<String, List<String>> parameters, byte[] body, int from, int to) {
    int equals = from;
    while (equals < to && body[equals] != '=') {
      equals++;
    }
    String name = decode(body, from, equals);
    String value = equals < to ? decode(body, equals + 1, to) : "";
    if (name.isEmpty()) {
      throw OAuthError.INVALID_REQUEST.exception("The body has a parameter with no name.");
    }
    parameters.computeIfAbsent(name, key -> new ArrayList<>(1)).add(value);
  }

  /**
   * Decodes one form-url-encoded component: {@code +} is a space, {@code %XX} a byte, and the bytes
   * must be UTF-8 without control characters.
   *
   * @throws OAuthException {@code invalid_request} on anything else
   */
  public static String decode(byte[] bytes, int from, int to) {
    ByteArrayOutputStream out = null;
    for (int i = from; i < to; i++) {
      byte b = bytes[i];
      if (b == '%' || b == '+') {
        out = new ByteArrayOutputStream(to - from);
        out.write(bytes, from, i - from);
        break;
      }
    }
    byte[] raw;
    if (out == null) {
      raw = bytes;
    } else {
      for (int i = from + out.size(); i < to; i++) {
        byte b = bytes[i];
        if (b == '+') {
          out.write(' ');
        } else if (b == '%') {
          if (i + 2 >= to) {
            throw badEncoding();
          }
          int high = Character.digit(bytes[i + 1], 16);
          int low = Character.digit(bytes[i + 2], 16);
          if (high < 0 || low < 0) {
            throw badEncoding();
          }
          out.write((high << 4) | low);
          i += 2;
        } else {
          out.write(b);
        }
      }
      raw = out.toByteArray();
      from = 0;
      to = raw.length;
    }
    String text =
        StrictUtf8.decode(raw, from, to)
            .orElseThrow(() -> OAuthError.INVALID_REQUEST.exception("Parameters must be UTF-8."));
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isISOControl(c)) { // C0, DEL and C1 (U+0085 is a line break to some logs)
        throw OAuthError.INVALID_REQUEST.exception(
            "Parameters must not contain control characters.");
      }
    }
    return text;
  }

  /**
   * Decodes a whole string component, for values that arrive outside a body (Basic credentials).
   */
  public static String decode(String component) {
    byte[] bytes = component.getBytes(StandardCharsets.UTF_8);
    return decode(bytes, 0, bytes.length);
  }

  private static OAuthException badEncoding() {
    return OAuthError.INVALID_REQUEST.exception("The body has a malformed percent-encoding.");
  }
}
