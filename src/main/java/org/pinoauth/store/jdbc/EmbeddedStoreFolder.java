package org.pinoauth.store.jdbc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Keeps the embedded store's folder ({@code data.dir}) and files private to the user pinoauth runs
 * as, where the file system has POSIX permissions: with no {@code token.key} set, the file holds
 * the key that seals access tokens, so a copy of it mints tokens. A folder pinoauth creates is
 * {@code 0700}; one that already exists is left as it is (it may be shared on purpose), with a
 * warning when group or others have any access to it; the store's files ({@code pinoauth.*}) are
 * set to {@code 0600} before and after the engine opens them. Files H2 makes later (a trace or
 * temporary file) get the process umask, and the folder's {@code 0700} is what keeps them private.
 * Where the file system has no POSIX permissions (Windows), nothing is checked or changed.
 */
final class EmbeddedStoreFolder {
  static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");
  static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

  private static final Set<PosixFilePermission> GROUP_OR_OTHERS =
      EnumSet.of(
          PosixFilePermission.GROUP_READ,
          PosixFilePermission.GROUP_WRITE,
          PosixFilePermission.GROUP_EXECUTE,
          PosixFilePermission.OTHERS_READ,
          PosixFilePermission.OTHERS_WRITE,
          PosixFilePermission.OTHERS_EXECUTE);
  private static final String STORE_FILE_PREFIX = "pinoauth.";
  private static final Logger LOG = System.getLogger(EmbeddedStoreFolder.class.getName());

  private EmbeddedStoreFolder() {}

  /**
   * Before the store opens: creates the folder {@code 0700} (missing parents as {@code mkdir -p}
   * would), or warns when an existing one is open to group or others; then sets the store files
   * already there to {@code 0600}.
   */
  static void prepare(Path folder) {
    try {
      if (Files.notExists(folder)) {
        create(folder);
      } else if (hasPosixPermissions(folder)) {
        warnIfOpen(folder);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create the store folder " + folder, e);
    }
    tightenFiles(folder);
  }

  /**
   * Sets every store file in the folder ({@code pinoauth.*}, not following links) to {@code 0600};
   * one it cannot change (another user's) is named in a warning, and the store opens all the same.
   */
  static void tightenFiles(Path folder) {
    try {
      if (!Files.isDirectory(folder) || !hasPosixPermissions(folder)) {
        return;
      }
      List<Path> files;
      try (Stream<Path> entries = Files.list(folder)) {
        files =
            entries
                .filter(f -> f.getFileName().toString().startsWith(STORE_FILE_PREFIX))
                .filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS))
                .toList();
      }
      for (Path file : files) {
        if (!Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS).equals(FILE)) {
          Files.setPosixFilePermissions(file, FILE);
        }
      }
    } catch (IOException e) {
      LOG.log(
          Level.WARNING,
          "Cannot make the store files in " + folder + " readable by their owner only: " + e);
    }
  }

  /**
   * Creates {@code file} empty and {@code 0600} unless it exists, so that the engine opens a file
   * that was never readable by others; SQLite gives the {@code -wal} and {@code -shm} files it
   * makes beside it the same permissions.
   */
  static void createPrivateFile(Path file) {
    try {
      if (Files.notExists(file, LinkOption.NOFOLLOW_LINKS)) {
        Files.createFile(file);
        if (hasPosixPermissions(file)) {
          Files.setPosixFilePermissions(file, FILE);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create the store file " + file, e);
    }
  }

  private static void create(Path folder) throws IOException {
    Path parent = folder.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.createDirectory(folder);
    if (hasPosixPermissions(folder)) {
      // Set after creating, not as a creation attribute, which the process umask would narrow.
      Files.setPosixFilePermissions(folder, FOLDER);
    }
  }

  private static void warnIfOpen(Path folder) throws IOException {
    Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(folder);
    if (permissions.stream().anyMatch(GROUP_OR_OTHERS::contains)) {
      LOG.log(
          Level.WARNING,
          "Store folder "
              + folder
              + " is open to group or others ("
              + PosixFilePermissions.toString(permissions)
              + "): with no token.key set, the store holds the key that seals access tokens."
              + " pinoauth makes its own files in it 0600; chmod 700 "
              + folder
              + " keeps the files the engine makes later private too.");
    }
  }

  private static boolean hasPosixPermissions(Path path) throws IOException {
    return Files.getFileStore(path).supportsFileAttributeView(PosixFileAttributeView.class);
  }
}
