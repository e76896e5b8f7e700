import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.pinoauth.client.Secret;
import org.pinoauth.client.SecretHasher;

/**
 * The CPU one failed client authentication costs pinoauth's secret check, per stored scheme: a
 * wrong secret against a short bootstrap secret's PBKDF2 hash, and against a generated secret's
 * salted SHA-256. CPU time of the measuring thread (not wall time), so other load on the machine
 * moves the figures less; then how many PBKDF2 failures per second all cores absorb together.
 * Run by bench/secrets/run with target/classes on the class path.
 */
public final class FailedAttemptCost {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final Secret WRONG = new Secret("wrong-guess");
  private static final Secret RIGHT = new Secret("dev-secret");

  public static void main(String[] args) throws InterruptedException {
    int slow = args.length > 0 ? Integer.parseInt(args[0]) : 60;
    String pbkdf2 = SecretHasher.hashChosen(new Secret("dev-secret"));
    String sha256 = SecretHasher.hash(new Secret("dev-secret"));
    System.out.println("stored PBKDF2 hash scheme: " + pbkdf2.substring(0, pbkdf2.indexOf(':', 14)));

    report("wrong secret vs PBKDF2 hash", measure(pbkdf2, WRONG, 10, slow, 1));
    report("right secret vs PBKDF2 hash (uncached)", measure(pbkdf2, RIGHT, 10, slow, 1));
    report("wrong secret vs SHA-256 hash", measure(sha256, WRONG, 20, 200, 1_000));

    int cores = Runtime.getRuntime().availableProcessors();
    long seconds = 5;
    AtomicLong done = new AtomicLong();
    long until = System.nanoTime() + seconds * 1_000_000_000L;
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < cores; t++) {
      Thread thread =
          new Thread(
              () -> {
                while (System.nanoTime() < until) {
                  SecretHasher.matches(new Secret("wrong-guess"), pbkdf2);
                  done.incrementAndGet();
                }
              });
      threads.add(thread);
      thread.start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    System.out.printf(
        "%d threads on %d cores: %.1f failed PBKDF2 attempts/s in all (%d in %d s)%n",
        cores, cores, done.get() / (double) seconds, done.get(), seconds);
  }

  /** Thread CPU nanoseconds per check, per run of {@code batch} checks, sorted. */
  private static List<Long> measure(
      String storedHash, Secret secret, int warmup, int runs, int batch) {
    for (int i = 0; i < warmup * batch; i++) {
      SecretHasher.matches(secret, storedHash);
    }
    List<Long> nanos = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      long start = THREADS.getCurrentThreadCpuTime();
      for (int j = 0; j < batch; j++) {
        SecretHasher.matches(secret, storedHash);
      }
      nanos.add((THREADS.getCurrentThreadCpuTime() - start) / batch);
    }
    Collections.sort(nanos);
    return nanos;
  }

  private static void report(String what, List<Long> sorted) {
    System.out.printf(
        "%-40s median %9.4f ms  p10 %9.4f ms  p90 %9.4f ms  (%d runs, thread CPU time)%n",
        what,
        sorted.get(sorted.size() / 2) / 1e6,
        sorted.get(sorted.size() / 10) / 1e6,
        sorted.get(sorted.size() * 9 / 10) / 1e6,
        sorted.size());
  }
}
