package org.pinoauth.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * Which PostgreSQL the failover test runs, or whether it skips or fails: {@link
 * ReplicatedPostgres#requireBinaries}.
 */
class ReplicatedPostgresTest {
  @TempDir Path root;

  @Test
  void requireWhenTwoVersionsHaveEveryProgramThenTheNewest() throws IOException {
    Path v15 = version("15", ReplicatedPostgres.PROGRAMS.toArray(String[]::new));
    Path v16 = version("16", ReplicatedPostgres.PROGRAMS.toArray(String[]::new));
    version("9", ReplicatedPostgres.PROGRAMS.toArray(String[]::new));

    assertEquals(v16, ReplicatedPostgres.requireBinaries(Map.of("CI", "true"), root));
    Files.delete(v16.resolve("pg_basebackup"));
    assertEquals(v15, ReplicatedPostgres.requireBinaries(Map.of("CI", "true"), root));
  }

  @Test
  void requireWhenPgBasebackupMissingAndCiTrueThenFailsSayingHowToInstall() throws IOException {
    version("15", "initdb", "pg_ctl", "postgres");

    AssertionFailedError failure =
        assertThrows(
            AssertionFailedError.class,
            () -> ReplicatedPostgres.requireBinaries(Map.of("CI", "true"), root));

    assertTrue(failure.getMessage().contains("apt-get install postgresql"), failure.getMessage());
    assertTrue(failure.getMessage().contains("CI=true"), failure.getMessage());
  }

  @Test
  void requireWhenNoPostgresqlOutsideCiThenSkipsSayingSo() {
    TestAbortedException skipped =
        assertThrows(
            TestAbortedException.class,
            () -> ReplicatedPostgres.requireBinaries(Map.of(), root.resolve("absent")));

    assertTrue(skipped.getMessage().contains("skipping the failover test"), skipped.getMessage());
  }

  private Path version(String version, String... programs) throws IOException {
    Path bin = Files.createDirectories(root.resolve(version).resolve("bin"));
    for (String program : programs) {
      Files.createFile(
          bin.resolve(program),
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    }
    return bin;
  }
}
