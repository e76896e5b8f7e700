package org.pinoauth.limit;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import org.pinoauth.crypto.Sha256;

/**
 * The block of source addresses that failure counters treat as one party (CONTRACT §2.6): an IPv4
 * address as it is, an IPv6 address by its /64 prefix (one host is routinely given a whole /64, so
 * counting single IPv6 addresses would give it 2^64 fresh counters), an IPv4-mapped IPv6 address
 * ({@code ::ffff:192.0.2.1}) as its IPv4 address. Zone ids ({@code %eth0}) are dropped and {@code
 * [...]} brackets accepted. Literals only are parsed, never looked up in DNS; anything else is kept
 * as it is, as its hash when longer than {@value #MAX_RAW_LENGTH} characters.
 */
public final class AddressBlock {
  static final int MAX_RAW_LENGTH = 64;

  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  private AddressBlock() {}

  /**
   * The block of {@code address} as a short canonical key: {@code 192.0.2.1}, {@code
   * 2001:db8:0:1::/64}, or the unparseable text itself.
   */
  public static String of(String address) {
    if (address == null) {
      return "";
    }
    String literal = address;
    if (literal.length() > 2 && literal.startsWith("[") && literal.endsWith("]")) {
      literal = literal.substring(1, literal.length() - 1);
    }
    if (literal.indexOf(':') >= 0) {
      int zone = literal.indexOf('%');
      int[] groups = ipv6(zone < 0 ? literal : literal.substring(0, zone));
      if (groups != null) {
        return isIpv4Mapped(groups) ? ipv4Of(groups[6], groups[7]) : prefix64(groups);
      }
    } else {
      int[] octets = ipv4(literal);
      if (octets != null) {
        return octets[0] + "." + octets[1] + "." + octets[2] + "." + octets[3];
      }
    }
    return raw(address);
  }

  /**
   * The block of {@code address} as one {@code long} (the first 64 bits of the SHA-256 of {@link
   * #of}), for sets of blocks that must stay small, such as {@link KnownAddresses}.
   */
  static long id(String address) {
    byte[] digest = Sha256.digest(of(address).getBytes(StandardCharsets.UTF_8));
    return ByteBuffer.wrap(digest).getLong();
  }

  private static String raw(String address) {
    if (address.length() <= MAX_RAW_LENGTH) {
      return address;
    }
    return "#" + BASE64URL.encodeToString(Sha256.digest(address.getBytes(StandardCharsets.UTF_8)));
  }

  /** {@code ::ffff:a.b.c.d}: 80 zero bits, then 16 one bits. */
  private static boolean isIpv4Mapped(int[] groups) {
    for (int i = 0; i < 5; i++) {
      if (groups[i] != 0) {
        return false;
      }
    }
    return groups[5] == 0xffff;
  }

  private static String ipv4Of(int high, int low) {
    return (high >> 8) + "." + (high & 0xff) + "." + (low >> 8) + "." + (low & 0xff);
  }

  private static String prefix64(int[] groups) {
    return Integer.toHexString(groups[0])
        + ":"
        + Integer.toHexString(groups[1])
        + ":"
        + Integer.toHexString(groups[2])
        + ":"
        + Integer.toHexString(groups[3])
        + "::/64";
  }

  /** Four decimal octets without leading zeros, or null. */
  private static int[] ipv4(String text) {
    String[] parts = text.split("\\.", -1);
    if (parts.length != 4) {
      return null;
    }
    int[] octets = new int[4];
    for (int i = 0; i < 4; i++) {
      String part = parts[i];
      if (part.isEmpty()
          || part.length() > 3
          || (part.length() > 1 && part.charAt(0) == '0')
          || !part.chars().allMatch(c -> c >= '0' && c <= '9')) {
        return null;
      }
      octets[i] = Integer.parseInt(part);
      if (octets[i] > 255) {
        return null;
      }
    }
    return octets;
  }

  /**
   * The eight 16-bit groups of an IPv6 literal (RFC 4291 §2.2: hex groups, one {@code ::} at most,
   * an IPv4 tail allowed), or null.
   */
  private static int[] ipv6(String text) {
    int gap = text.indexOf("::");
    if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
      return null;
    }
    String head = gap < 0 ? text : text.substring(0, gap);
    String tail = gap < 0 ? "" : text.substring(gap + 2);
    int[] front = groups(head, gap < 0);
    int[] back = gap < 0 ? new int[0] : groups(tail, true);
    if (front == null || back == null) {
      return null;
    }
    int given = front.length + back.length;
    if (gap < 0 ? given != 8 : given > 7) {
      return null;
    }
    int[] groups = new int[8];
    System.arraycopy(front, 0, groups, 0, front.length);
    System.arraycopy(back, 0, groups, 8 - back.length, back.length);
    return groups;
  }

  /**
   * The groups of a colon-separated run ({@code ""} has none); an IPv4 tail, allowed only where the
   * run ends the address, counts as two groups.
   */
  private static int[] groups(String run, boolean endsAddress) {
    if (run.isEmpty()) {
      return new int[0];
    }
    String[] parts = run.split(":", -1);
    int[] groups = new int[parts.length + 1];
    int count = 0;
    for (int i = 0; i < parts.length; i++) {
      String part = parts[i];
      if (i == parts.length - 1 && endsAddress && part.indexOf('.') >= 0) {
        int[] octets = ipv4(part);
        if (octets == null) {
          return null;
        }
        groups[count++] = octets[0] << 8 | octets[1];
        groups[count++] = octets[2] << 8 | octets[3];
      } else {
        if (part.isEmpty() || part.length() > 4 || !isHex(part)) {
          return null;
        }
        groups[count++] = Integer.parseInt(part, 16);
      }
    }
    return Arrays.copyOf(groups, count);
  }

  /** ASCII hex digits only: {@link Character#digit} would take other scripts' digits too. */
  private static boolean isHex(String text) {
    return text.chars()
        .allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'));
  }
}
