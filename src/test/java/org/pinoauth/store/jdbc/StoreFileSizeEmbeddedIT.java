package org.pinoauth.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.pinoauth.testing.Eventually;
import org.pinoauth.testing.Http;
import org.pinoauth.testing.TestApps;
import org.pinoauth.testing.TestCodes;
import org.pinoauth.testing.TestServer;
import org.pinoauth.testing.TokenEndpoint;

/**
 * The embedded store's files stay small under sustained writes (issue 15's target at a smaller
 * scale): 8 clients each rotate their own refresh chain (continuous refresh) as fast as the server
 * answers, and every file in {@code data.dir} together stays under 2× the live data plus {@link
 * #SLACK} all the while, and is under that bound again within a minute after the load stops. Live
 * data is the size of a compact copy taken at the end ({@code VACUUM INTO} on SQLite; on H2 a
 * {@code SCRIPT} run into a fresh file that is then shut down compacted).
 *
 * <p>Only the embedded executions run it (its name ends in {@code EmbeddedIT}, which the PostgreSQL
 * executions exclude): a PostgreSQL database is not in {@code data.dir}. The engine is told by the
 * file the server made. {@code -Dpinoauth.it.fileSize.loadSeconds=180} and {@code
 * -Dpinoauth.it.fileSize.watchIdle=true} turn it into the longer measurement of the issue's table
 * (the size every 10 s, and after a full minute of idle).
 */
class StoreFileSizeEmbeddedIT {
  private static final int CLIENTS = 8;
  private static final Duration LOAD =
      Duration.ofSeconds(Long.getLong("pinoauth.it.fileSize.loadSeconds", 25));
  private static final long MAX_ROTATIONS =
      Long.getLong("pinoauth.it.fileSize.maxRotations", 40_000);
  private static final boolean WATCH_IDLE = Boolean.getBoolean("pinoauth.it.fileSize.watchIdle");

  /**
   * The issue's 64 MiB is for a 10-minute run at full speed; this one writes for 25 s, about a
   * twentieth of that. A store that keeps its garbage fails it many times over (H2 with its 45 s
   * retention: 110 MiB after 25 s here, for 0.9 MiB of live data), while 16 MiB leaves room for a
   * bounded engine's working set (H2's newest chunks before they are compacted, SQLite's WAL
   * between checkpoints).
   */
  private static final long SLACK = 16L << 20;

  private static final Duration SETTLE = Duration.ofSeconds(60);
  private static final Duration SAMPLE = Duration.ofMillis(500);

  @Test
  @Timeout(value = 15, unit = TimeUnit.MINUTES)
  void sustainedRotationsThenStoreFolderStaysUnderTwiceTheLiveDataPlusSlack(@TempDir Path dir)
      throws Exception {
    Path dataDir = Files.createDirectories(dir.resolve("data"));
    try (TestServer server = TestServer.builder().dataDir(dataDir).start()) {
      Engine engine = Engine.of(dataDir);
      TestApps.TestApp app = TestApps.app().registerOn(server);
      TokenEndpoint token = TokenEndpoint.of(server);
      List<String> chains = new ArrayList<>();
      for (int i = 0; i < CLIENTS; i++) {
        Http.Response exchanged = token.exchange(app, TestCodes.code(app).issueOn(server));
        assertEquals(200, exchanged.status(), exchanged::toString);
        chains.add(exchanged.string("refresh_token"));
      }

      AtomicLong rotations = new AtomicLong();
      long start = System.nanoTime();
      long deadline = start + LOAD.toNanos();
      ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
      List<Future<String>> running = new ArrayList<>();
      for (String first : chains) {
        running.add(
            clients.submit(
                () -> {
                  String current = first;
                  while (System.nanoTime() < deadline
                      && rotations.incrementAndGet() <= MAX_ROTATIONS) {
                    Http.Response rotated = token.refresh(app, current);
                    if (rotated.status() != 200) {
                      return "rotation answered " + rotated.status() + " " + rotated.body();
                    }
                    current = rotated.string("refresh_token");
                  }
                  return "";
                }));
      }
      clients.shutdown();
      long largest = 0;
      long nextReport = start;
      while (!clients.awaitTermination(SAMPLE.toMillis(), TimeUnit.MILLISECONDS)) {
        long size = folderSize(dataDir);
        largest = Math.max(largest, size);
        if (System.nanoTime() >= nextReport) {
          report(engine, start, size, Math.min(rotations.get(), MAX_ROTATIONS));
          nextReport += TimeUnit.SECONDS.toNanos(10);
        }
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      long done = Math.min(rotations.get(), MAX_ROTATIONS);
      for (Future<String> client : running) {
        assertEquals("", client.get(), "every rotation answers 200");
      }
      long atStop = folderSize(dataDir);
      largest = Math.max(largest, atStop);

      long live = engine.liveData(dataDir, dir.resolve("live"));
      long bound = 2 * live + SLACK;
      System.out.printf(
          "StoreFileSizeEmbeddedIT %s: %d rotations in %.1f s (%.0f/s); store %s at the stop,"
              + " largest %s; live data %s; bound %s%n",
          engine, done, seconds, done / seconds, mib(atStop), mib(largest), mib(live), mib(bound));
      assertTrue(done > 1_000, "too few rotations to load the store: " + done);

      long idleStart = System.nanoTime();
      boolean settled = Eventually.within(SETTLE, () -> folderSize(dataDir) <= bound);
      System.out.printf(
          "StoreFileSizeEmbeddedIT %s: %s after %.1f s idle%n",
          engine, mib(folderSize(dataDir)), (System.nanoTime() - idleStart) / 1e9);
      if (WATCH_IDLE) {
        Thread.sleep(Math.max(0, SETTLE.toMillis() - (System.nanoTime() - idleStart) / 1_000_000));
        System.out.printf(
            "StoreFileSizeEmbeddedIT %s: %s after 60 s idle%n", engine, mib(folderSize(dataDir)));
      }
      assertTrue(
          largest <= bound,
          "the store folder reached " + mib(largest) + " under load; bound " + mib(bound));
      assertTrue(
          settled,
          "the store folder is "
              + mib(folderSize(dataDir))
              + " a minute after the load stopped;"
              + " bound "
              + mib(bound));
    }
  }

  private static void report(Engine engine, long start, long size, long rotations) {
    System.out.printf(
        "StoreFileSizeEmbeddedIT %s: t=%3d s %s, %d rotations%n",
        engine, TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start), mib(size), rotations);
  }

  /** Every file in the folder: SQLite's -wal and -shm and H2's trace file count too. */
  static long folderSize(Path folder) {
    try (Stream<Path> files = Files.walk(folder)) {
      return files.filter(Files::isRegularFile).mapToLong(StoreFileSizeEmbeddedIT::sizeOf).sum();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static long sizeOf(Path file) {
    try {
      return Files.size(file);
    } catch (java.nio.file.NoSuchFileException gone) {
      return 0; // a -wal or temporary file removed while the folder was listed
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String mib(long bytes) {
    return String.format("%.1f MiB", bytes / (double) (1 << 20));
  }

  /** The embedded engine whose file the server made in {@code data.dir}. */
  private enum Engine {
    SQLITE {
      @Override
      long liveData(Path dataDir, Path scratch) throws SQLException, IOException {
        Path copy = Files.createDirectories(scratch).resolve("live.db");
        try (Connection db =
                DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("pinoauth.db"));
            PreparedStatement vacuum = db.prepareStatement("VACUUM INTO ?")) {
          vacuum.setString(1, copy.toString());
          vacuum.execute();
        }
        return Files.size(copy);
      }
    },
    H2 {
      @Override
      long liveData(Path dataDir, Path scratch) throws SQLException, IOException {
        Path script = Files.createDirectories(scratch).resolve("live.sql");
        // The server runs in this JVM: this URL joins its open database.
        try (Connection db =
                DriverManager.getConnection(
                    "jdbc:h2:file:" + dataDir.resolve("pinoauth") + DataSources.H2_SETTINGS);
            PreparedStatement dump = db.prepareStatement("SCRIPT TO ?")) {
          dump.setString(1, script.toString());
          dump.execute();
        }
        Path copy = scratch.resolve("live");
        try (Connection db =
                DriverManager.getConnection("jdbc:h2:file:" + copy + DataSources.H2_SETTINGS);
            Statement statement = db.createStatement();
            PreparedStatement load = db.prepareStatement("RUNSCRIPT FROM ?")) {
          load.setString(1, script.toString());
          load.execute();
          statement.execute("SHUTDOWN COMPACT");
        }
        return Files.size(scratch.resolve("live.mv.db"));
      }
    };

    abstract long liveData(Path dataDir, Path scratch) throws SQLException, IOException;

    static Engine of(Path dataDir) {
      if (Files.exists(dataDir.resolve("pinoauth.db"))) {
        return SQLITE;
      }
      assertTrue(
          Files.exists(dataDir.resolve("pinoauth.mv.db")),
          "neither pinoauth.db nor pinoauth.mv.db in " + dataDir);
      return H2;
    }

    @Override
    public String toString() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }
}
