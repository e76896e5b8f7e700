package org.pinoauth.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OptionsTest {
  private static Options parse(String... args) throws Options.Invalid {
    return Options.parse(List.of(args));
  }

  private static String refusal(String... args) {
    return assertThrows(Options.Invalid.class, () -> parse(args)).getMessage();
  }

  @Test
  void parseWhenNothingGivenThenLoopbackPort8080NoFilesNoForwarding() throws Exception {
    Options options = parse();

    assertEquals("127.0.0.1", options.host());
    assertEquals(8080, options.port());
    assertEquals(Optional.empty(), options.users());
    assertEquals(Optional.empty(), options.bootstrap());
    assertFalse(options.forwarded());
    assertFalse(options.help());
  }

  @Test
  void parseWhenEveryOptionGivenThenEachIsKept() throws Exception {
    Options options =
        parse(
            "--port",
            "9090",
            "--host",
            "0.0.0.0",
            "--users",
            "users.properties",
            "--bootstrap",
            "apps.json",
            "--forwarded");

    assertEquals("0.0.0.0", options.host());
    assertEquals(9090, options.port());
    assertEquals(Optional.of(Path.of("users.properties")), options.users());
    assertEquals(Optional.of(Path.of("apps.json")), options.bootstrap());
    assertTrue(options.forwarded());
  }

  @Test
  void parseWhenNameEqualsValueThenSameAsTwoArguments() throws Exception {
    assertEquals(parse("--port", "9090", "--users", "u"), parse("--port=9090", "--users=u"));
  }

  @Test
  void parseWhenHelpThenHelp() throws Exception {
    assertTrue(parse("--help").help());
    assertTrue(parse("--port", "1", "-h").help());
  }

  @Test
  void parseWhenPortZeroThenZero() throws Exception {
    assertEquals(0, parse("--port", "0").port());
    assertEquals(65535, parse("--port", "65535").port());
  }

  @Test
  void parseWhenPortNotAPortThenRefusedNamingIt() {
    assertEquals("--port must be a number from 0 to 65535, not 65536", refusal("--port", "65536"));
    assertEquals("--port must be a number from 0 to 65535, not -1", refusal("--port", "-1"));
    assertEquals("--port must be a number from 0 to 65535, not http", refusal("--port=http"));
  }

  @Test
  void parseWhenValueMissingThenRefused() {
    assertEquals("--users needs a value", refusal("--users"));
    assertEquals("--host needs a value", refusal("--host="));
    assertEquals("--bootstrap needs a value", refusal("--bootstrap", " "));
  }

  @Test
  void parseWhenUnknownOptionOrArgumentThenRefusedNamingIt() {
    assertEquals("unknown option --prot", refusal("--prot", "8080"));
    assertEquals("unknown option --prot", refusal("--prot=8080"));
    assertEquals("unexpected argument 8080", refusal("8080"));
    assertEquals("--forwarded takes no value", refusal("--forwarded=yes"));
  }
}
