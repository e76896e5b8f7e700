package org.pinoauth.limit;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.pinoauth.crypto.Sha256;

/**
 * A remote address reduced to the block one client can be assumed to hold, as one {@code long}: an
 * IPv4 address itself, an IPv6 address's /64 (a single host is routinely given a whole /64). Only
 * literal addresses are parsed, never looked up in DNS; anything else (a Unix socket's name) counts
 * as a block of its own, by hash.
 */
final class AddressBlocks {
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  /* IPv4 blocks sit in ffff:ffff::/32, multicast space no client connects from, so no IPv4 block
  equals an IPv6 /64. */
  private static final long IPV4_TAG = 0xFFFF_FFFF_0000_0000L;

  private AddressBlocks() {}

  static long of(String address) {
    if (IPV4.matcher(address).matches()) {
      long value = 0;
      for (String part : address.split("\\.")) {
        int octet = Integer.parseInt(part);
        if (octet > 255) {
          return hashed(address);
        }
        value = value << 8 | octet;
      }
      return IPV4_TAG | value;
    }
    if (address.indexOf(':') >= 0) {
      try {
        // With a colon in it, InetAddress parses a literal and never asks DNS.
        InetAddress parsed = InetAddress.getByName(address);
        byte[] bytes = parsed.getAddress();
        return parsed instanceof Inet6Address
            ? ByteBuffer.wrap(bytes).getLong()
            : IPV4_TAG | (ByteBuffer.wrap(bytes).getInt() & 0xFFFF_FFFFL);
      } catch (UnknownHostException | SecurityException notALiteral) {
        return hashed(address);
      }
    }
    return hashed(address);
  }

  private static long hashed(String address) {
    return ByteBuffer.wrap(Sha256.digest(address.getBytes(StandardCharsets.UTF_8))).getLong();
  }
}
