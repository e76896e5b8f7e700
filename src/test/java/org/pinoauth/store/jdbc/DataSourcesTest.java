package org.pinoauth.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pinoauth.config.Config;
import org.pinoauth.config.Settings;

/** Which H2 durability each kind of H2 store gets (README "Configuration"). */
class DataSourcesTest {

  private static Config config(Map<String, String> settings) {
    return Config.from(new Settings(key -> null, Map.of(), settings::get));
  }

  @Test
  void withH2SettingsWhenUrlChoosesNoModeThenPostgresModeAndEveryCommitWritten() {
    String url = DataSources.withH2Settings("jdbc:h2:file:/tmp/x/pinoauth");

    assertTrue(url.contains(";MODE=PostgreSQL;"), url);
    assertTrue(url.endsWith(";WRITE_DELAY=0"), url);
  }

  @Test
  void withH2SettingsWhenUrlChoosesModeThenUsedAsItIs() {
    String own = "jdbc:h2:file:/tmp/x/pinoauth;MODE=PostgreSQL;WRITE_DELAY=500";

    assertEquals(own, DataSources.withH2Settings(own));
  }

  @Test
  void openWhenEmbeddedStoreThenGroupCommitPool(@TempDir Path dataDir) {
    DataSource dataSource =
        DataSources.open(
            config(Map.of("pinoauth.data.dir", dataDir.toString())), new SimpleMeterRegistry());
    try {
      assertInstanceOf(GroupCommitPool.class, dataSource);
      assertTrue(dataDir.resolve("pinoauth.mv.db").toFile().isFile());
    } finally {
      DataSources.close(dataSource);
    }
  }

  @Test
  void openWhenH2DbUrlThenPlainPoolWithoutGroupCommit(@TempDir Path dataDir) {
    String url = "jdbc:h2:file:" + dataDir.resolve("other");
    DataSource dataSource =
        DataSources.open(config(Map.of("pinoauth.db.url", url)), new SimpleMeterRegistry());
    try {
      assertFalse(dataSource instanceof GroupCommitPool);
    } finally {
      DataSources.close(dataSource);
    }
  }
}
