package org.pinoauth.boot;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;
import java.util.regex.Pattern;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/** The start-up line naming JSON-B, H2 and the store's driver, with where each came from. */
class LibrariesTest {

  @Test
  void describeWhenStoreAnswersThenJsonbH2AndDriverWithTheirJars() {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:libraries-" + UUID.randomUUID());

    String line = Libraries.describe(h2);

    assertTrue(
        Pattern.compile(
                "^Libraries: JSON-B org\\.eclipse\\.yasson\\.\\S+ from \\S+/yasson-[\\d.]+\\.jar;"
                    + " JSON-B API from \\S+/jakarta\\.json\\.bind-api-[\\d.]+\\.jar;"
                    + " H2 2\\.4\\.240 from \\S+/h2-2\\.4\\.240\\.jar;"
                    + " store driver H2 JDBC Driver 2\\.4\\.240 .*$")
            .matcher(line)
            .matches(),
        line);
  }

  @Test
  void describeWhenStoreRefusesThenDriverUnknownAndNoException() {
    JdbcDataSource missing = new JdbcDataSource();
    missing.setURL("jdbc:h2:mem:absent-" + UUID.randomUUID() + ";IFEXISTS=TRUE");

    String line = Libraries.describe(missing);

    assertTrue(line.endsWith("; store driver unknown (90146)"), line);
  }
}
