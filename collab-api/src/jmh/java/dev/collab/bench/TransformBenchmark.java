package dev.collab.bench;

import dev.collab.ot.Delta;
import jakarta.json.JsonValue;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A server sequencer's catch-up: one submitted op, made at base version v, transformed over the
 * {@code window} ops committed since ({@code op = committed[i].transform(op, true)} in order). The
 * edits are small and realistic (typing, deleting a few characters, bolding a word) on a document
 * of about 10,000 characters, generated from a fixed seed. {@code window} reports the time for the
 * whole window, {@code perCommittedOp} the same divided by the window size.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TransformBenchmark {
  private static final int WINDOW = 1000;
  private static final int SUBMITTED = 64;

  @Param("42")
  public long seed;

  private Delta[] committed;
  private Delta[] submitted;
  private int next;

  @Setup
  public void setUp() {
    Random random = new Random(seed);
    int length = 10_000;
    // Submitted ops are made on the base document (version v)...
    submitted = new Delta[SUBMITTED];
    for (int i = 0; i < SUBMITTED; i++) {
      submitted[i] = smallEdit(random, length);
    }
    // ...and each committed op on the document the previous one left.
    committed = new Delta[WINDOW];
    for (int i = 0; i < WINDOW; i++) {
      committed[i] = smallEdit(random, length);
      length += committed[i].changeLength();
    }
  }

  private static Delta smallEdit(Random random, int length) {
    int kind = random.nextInt(10);
    if (kind < 6) {
      String text = "abcdefghij \n".substring(0, 1 + random.nextInt(random.nextInt(10) == 0 ? 11 : 2));
      return Delta.builder().retain(random.nextInt(length + 1)).insert(text).build();
    }
    if (kind < 9) {
      int count = 1 + random.nextInt(3);
      return Delta.builder().retain(random.nextInt(length - count)).delete(count).build();
    }
    int count = 3 + random.nextInt(8);
    return Delta.builder()
        .retain(random.nextInt(length - count))
        .retain(count, Map.of("bold", JsonValue.TRUE))
        .build();
  }

  private Delta transformOverWindow() {
    Delta op = submitted[next];
    next = (next + 1) % SUBMITTED;
    for (Delta applied : committed) {
      op = applied.transform(op, true);
    }
    return op;
  }

  @Benchmark
  public Delta window() {
    return transformOverWindow();
  }

  @Benchmark
  @OperationsPerInvocation(WINDOW)
  public Delta perCommittedOp() {
    return transformOverWindow();
  }
}
