package org.pinoauth.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pinoauth.testing.LogCapture;

/** The embedded store's folder and files are the owner's alone (issue 12 §5), on POSIX. */
class EmbeddedStoreFolderTest {
  @TempDir Path tmp;

  @BeforeEach
  void posixOnly() {
    assumeTrue(tmp.getFileSystem().supportedFileAttributeViews().contains("posix"));
  }

  @Test
  void prepareWhenFolderMissingThenCreatedOwnerOnlyWithItsParents() throws IOException {
    Path folder = tmp.resolve("a/b/store");

    try (LogCapture log = LogCapture.start()) {
      EmbeddedStoreFolder.prepare(folder);

      assertEquals("rwx------", permissions(folder));
      assertEquals(List.of(), warnings(log));
    }
  }

  @Test
  void prepareWhenFolderOpenToOthersThenWarnsAndLeavesIt() throws IOException {
    Path folder = Files.createDirectory(tmp.resolve("shared"));
    Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-x---"));

    try (LogCapture log = LogCapture.start()) {
      EmbeddedStoreFolder.prepare(folder);

      assertEquals("rwxr-x---", permissions(folder));
      List<LogCapture.Entry> warnings = warnings(log);
      assertEquals(1, warnings.size(), warnings.toString());
      assertTrue(warnings.get(0).text().contains(folder + " is open to group or others"));
      assertTrue(warnings.get(0).text().contains("chmod 700 " + folder));
    }
  }

  @Test
  void prepareWhenFolderOwnerOnlyThenNoWarning() throws IOException {
    Path folder = Files.createDirectory(tmp.resolve("private"));
    Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));

    try (LogCapture log = LogCapture.start()) {
      EmbeddedStoreFolder.prepare(folder);

      assertEquals(List.of(), warnings(log));
    }
  }

  @Test
  void tightenFilesWhenStoreFilesReadableThenOwnerOnlyAndOtherFilesLeft() throws IOException {
    Path store = file(tmp.resolve("pinoauth.mv.db"), "rw-r--r--");
    Path trace = file(tmp.resolve("pinoauth.trace.db"), "rw-rw-rw-");
    Path sqlite = file(tmp.resolve("pinoauth.db"), "rw-r--r--");
    Path wal = file(tmp.resolve("pinoauth.db-wal"), "rw-r--r--");
    Path shm = file(tmp.resolve("pinoauth.db-shm"), "rw-rw-rw-");
    Path notOurs = file(tmp.resolve("notes.txt"), "rw-r--r--");

    EmbeddedStoreFolder.tightenFiles(tmp);

    for (Path ours : List.of(store, trace, sqlite, wal, shm)) {
      assertEquals("rw-------", permissions(ours), ours.toString());
    }
    assertEquals("rw-r--r--", permissions(notOurs));
  }

  @Test
  void createPrivateFileWhenMissingThenEmptyAndOwnerOnlyAndWhenPresentThenLeft()
      throws IOException {
    Path file = tmp.resolve("pinoauth.db");

    EmbeddedStoreFolder.createPrivateFile(file);

    assertEquals(0, Files.size(file));
    assertEquals("rw-------", permissions(file));
    Files.writeString(file, "data");
    EmbeddedStoreFolder.createPrivateFile(file);
    assertEquals("data", Files.readString(file));
  }

  @Test
  void tightenFilesWhenStoreNameIsALinkThenItsTargetIsLeft() throws IOException {
    Path elsewhere = Files.createDirectory(tmp.resolve("elsewhere"));
    Path target = file(elsewhere.resolve("someone-elses-file"), "rw-r--r--");
    Path folder = Files.createDirectory(tmp.resolve("store"));
    Files.createSymbolicLink(folder.resolve("pinoauth.trace.db"), target);

    EmbeddedStoreFolder.tightenFiles(folder);

    assertEquals("rw-r--r--", permissions(target));
  }

  private static Path file(Path path, String permissions) throws IOException {
    Files.writeString(path, "x");
    Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
    return path;
  }

  private static String permissions(Path path) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
  }

  private static List<LogCapture.Entry> warnings(LogCapture log) {
    return log.entries().stream()
        .filter(entry -> entry.logger().equals(EmbeddedStoreFolder.class.getName()))
        .filter(entry -> entry.level() == Level.WARNING)
        .toList();
  }
}
