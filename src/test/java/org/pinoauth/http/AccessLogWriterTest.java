package org.pinoauth.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class AccessLogWriterTest {
  private final List<String> written = Collections.synchronizedList(new ArrayList<>());
  private final List<String> threads = Collections.synchronizedList(new ArrayList<>());
  private final List<Thread> writerThreads = Collections.synchronizedList(new ArrayList<>());

  private AccessLogWriter writer(int capacity) {
    return new AccessLogWriter(
        capacity,
        line -> {
          threads.add(Thread.currentThread().getName());
          writerThreads.add(Thread.currentThread());
          written.add(line);
        });
  }

  @Test
  void submitThenWrittenInOrderOnTheWriterThread() {
    AccessLogWriter writer = writer(1024);
    String caller = Thread.currentThread().getName();

    for (int i = 0; i < 100; i++) {
      writer.submit("line " + i);
    }

    assertTrue(writer.awaitWritten(Duration.ofSeconds(5)));
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      expected.add("line " + i);
    }
    assertEquals(expected, written);
    assertTrue(threads.stream().allMatch("pinoauth-access-log"::equals), threads.toString());
    assertNotEquals("pinoauth-access-log", caller);
    writer.close();
  }

  @Test
  void submitWhenManyThreadsAndTinyQueueThenNoLineLost() throws Exception {
    AccessLogWriter writer = writer(2);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<?>> submitters = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      int thread = t;
      submitters.add(
          pool.submit(
              () -> {
                for (int i = 0; i < 2_000; i++) {
                  writer.submit(thread + ":" + i);
                }
              }));
    }
    for (Future<?> submitter : submitters) {
      submitter.get();
    }
    pool.shutdown();

    assertTrue(writer.awaitWritten(Duration.ofSeconds(10)));
    assertEquals(16_000, written.size());
    assertEquals(16_000, new HashSet<>(written).size());
    writer.close();
  }

  @Test
  void submitWhenHandlerThrowsOnALineThenOnlyThatLineIsLost() {
    AccessLogWriter writer =
        new AccessLogWriter(
            1024,
            line -> {
              if (line.equals("bad")) {
                throw new IllegalStateException("handler failed");
              }
              written.add(line);
            });

    writer.submit("before");
    writer.submit("bad");
    writer.submit("after");

    assertTrue(writer.awaitWritten(Duration.ofSeconds(5)));
    assertEquals(List.of("before", "after"), written);
    writer.close();
  }

  @Test
  void closeThenNoWriterThreadLeftAndLaterLinesWrittenByTheCaller() {
    AccessLogWriter writer = writer(1024);
    writer.submit("one");
    writer.close();

    writer.submit("after close");

    assertEquals(List.of("one", "after close"), written);
    assertEquals(Thread.currentThread().getName(), threads.get(1));
    assertFalse(writerThreads.isEmpty());
    assertTrue(
        writerThreads.stream()
            .filter(t -> t.getName().equals("pinoauth-access-log"))
            .noneMatch(Thread::isAlive),
        "the writer outlived close()");
  }

  @Test
  void closeThenEverySubmittedLineWritten() {
    AccessLogWriter writer = writer(100_000);
    for (int i = 0; i < 50_000; i++) {
      writer.submit("line " + i);
    }

    writer.close();

    assertEquals(50_000, written.size());
    assertEquals(50_000, new HashSet<>(written).size());
  }
}
