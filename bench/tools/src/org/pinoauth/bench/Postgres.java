package org.pinoauth.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Starts the embedded PostgreSQL of the repository's integration tests (zonky, from Maven Central)
 * on a fixed port and keeps it up until this JVM is told to stop (SIGTERM/SIGINT: the shutdown
 * hook stops PostgreSQL). bench/run starts it, reads the ready line, and kills it by PID on exit.
 *
 * <p>Usage: {@code Postgres PORT DATA_DIR [name=value ...]} where each {@code name=value} is a
 * server setting. zonky's own default {@code synchronous_commit=off} is put back to PostgreSQL's
 * default ({@code on}) unless the caller says otherwise: a token server answers only what is
 * durable.
 */
public final class Postgres {
  private Postgres() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    if (args.length < 2) {
      System.err.println("usage: Postgres PORT DATA_DIR [setting=value ...]");
      System.exit(2);
    }
    int port = Integer.parseInt(args[0]);
    EmbeddedPostgres.Builder builder =
        EmbeddedPostgres.builder()
            .setPort(port)
            .setDataDirectory(Path.of(args[1]))
            .setCleanDataDirectory(true)
            .setRegisterShutdownHook(false)
            .setServerConfig("synchronous_commit", "on")
            .setServerConfig("max_connections", "100")
            .setServerConfig("listen_addresses", "127.0.0.1");
    for (int i = 2; i < args.length; i++) {
      int equals = args[i].indexOf('=');
      if (equals <= 0) {
        System.err.println("not a setting=value: " + args[i]);
        System.exit(2);
      }
      builder.setServerConfig(args[i].substring(0, equals), args[i].substring(equals + 1));
    }
    EmbeddedPostgres postgres = builder.start();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    postgres.close();
                  } catch (IOException e) {
                    System.err.println("PostgreSQL did not stop cleanly: " + e);
                  }
                  stopped.countDown();
                }));
    System.out.println("pinoauth-bench: PostgreSQL ready on 127.0.0.1:" + postgres.getPort());
    System.out.flush();
    stopped.await();
  }
}
