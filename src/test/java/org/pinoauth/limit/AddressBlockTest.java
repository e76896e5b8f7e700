package org.pinoauth.limit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AddressBlockTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "192.0.2.1, 192.0.2.1",
    "127.0.0.2, 127.0.0.2",
    "0.0.0.0, 0.0.0.0",
    "255.255.255.255, 255.255.255.255",
    "[192.0.2.1], 192.0.2.1",
  })
  void ofWhenIpv4ThenTheAddressItself(String address, String block) {
    assertEquals(block, AddressBlock.of(address));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "2001:db8:1:2:3:4:5:6, 2001:db8:1:2::/64",
    "2001:0db8:0001:0002:ffff:ffff:ffff:ffff, 2001:db8:1:2::/64",
    "2001:DB8:1:2::ABCD, 2001:db8:1:2::/64",
    "2001:db8::1, 2001:db8:0:0::/64",
    "2001:db8:0:0:1::, 2001:db8:0:0::/64",
    "::1, 0:0:0:0::/64",
    "0:0:0:0:0:0:0:1, 0:0:0:0::/64",
    "::, 0:0:0:0::/64",
    "1:2:3:4:5:6:7::, 1:2:3:4::/64",
    "::2:3:4:5:6:7:8, 0:2:3:4::/64",
    "[2001:db8:1:2::7], 2001:db8:1:2::/64",
    "fe80::1%eth0, fe80:0:0:0::/64",
    "[fe80::1%25eth0], fe80:0:0:0::/64",
    "64:ff9b::192.0.2.1, 64:ff9b:0:0::/64",
  })
  void ofWhenIpv6ThenItsSlash64(String address, String block) {
    assertEquals(block, AddressBlock.of(address));
  }

  @Test
  void ofWhenTwoAddressesOfOneSlash64ThenOneBlock() {
    assertEquals(
        AddressBlock.of("2001:db8:aaaa:bbbb::1"),
        AddressBlock.of("2001:db8:aaaa:bbbb:ffff:eeee:dddd:cccc"));
    assertNotEquals(
        AddressBlock.of("2001:db8:aaaa:bbbb::1"), AddressBlock.of("2001:db8:aaaa:bbbc::1"));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "::ffff:192.0.2.1, 192.0.2.1",
    "::FFFF:192.0.2.1, 192.0.2.1",
    "0:0:0:0:0:ffff:192.0.2.1, 192.0.2.1",
    "::ffff:c000:201, 192.0.2.1",
    "[::ffff:127.0.0.2], 127.0.0.2",
    "::ffff:127.0.0.2%lo, 127.0.0.2",
  })
  void ofWhenIpv4MappedThenTheIpv4Address(String address, String block) {
    assertEquals(block, AddressBlock.of(address));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        // Names stay names: a DNS lookup would turn localhost into 127.0.0.1.
        "localhost",
        "example.com",
        "1.2.3",
        "1.2.3.4.5",
        "256.0.0.1",
        "01.2.3.4",
        "1.2.3.-4",
        "1.2.3.4 ",
        "1..3.4",
        "\u0661.2.3.4",
        ":::",
        "1:2:3:4:5:6:7:8:9",
        "1:2:3:4:5:6:7",
        "1:2:3:4:5:6:7:8::",
        "1::2::3",
        ":1:2:3:4:5:6:7",
        "12345::1",
        "g::1",
        "\uff11::1",
        "::1.2.3",
        "::256.1.2.3",
        "1.2.3.4::",
        "[::1",
        "::1]",
        "[]",
        "%eth0",
      })
  void ofWhenNotALiteralThenKeptAsItIs(String garbage) {
    assertEquals(garbage, AddressBlock.of(garbage));
  }

  @Test
  void ofWhenUnparseableAndLongThenBoundedHash() {
    String long1 = "x".repeat(10_000);
    String long2 = "x".repeat(9_999) + "y";

    String block = AddressBlock.of(long1);

    assertTrue(block.startsWith("#") && block.length() <= AddressBlock.MAX_RAW_LENGTH, block);
    assertEquals(block, AddressBlock.of(long1));
    assertNotEquals(block, AddressBlock.of(long2));
  }

  @Test
  void ofWhenNullThenEmpty() {
    assertEquals("", AddressBlock.of(null));
  }
}
