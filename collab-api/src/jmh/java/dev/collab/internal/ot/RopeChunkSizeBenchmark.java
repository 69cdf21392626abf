package dev.collab.internal.ot;

import dev.collab.bench.EditingTraces;
import dev.collab.ot.Delta;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The trace replay of {@code TraceReplayBenchmark} (prebuilt deltas) on ropes of several chunk
 * sizes: how {@link RichTextRope#DEFAULT_MAX_CHUNK} was chosen. In the rope's package because the
 * chunk size is a package-private knob, not an API.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class RopeChunkSizeBenchmark {

  @Param("../shared/data/editing-traces/automerge-paper.json.gz")
  public String trace;

  @Param({"64", "256", "1024", "4096"})
  public int maxChunk;

  private Delta[] deltas;
  private RichTextRope last;

  @Setup(Level.Trial)
  public void setUp() {
    deltas = EditingTraces.toDeltas(EditingTraces.readPatches(trace));
  }

  @Benchmark
  public RichTextRope replay() {
    RichTextRope rope = new RichTextRope(Delta.empty(), maxChunk);
    for (Delta delta : deltas) {
      rope.apply(delta);
    }
    last = rope;
    return rope;
  }

  @TearDown(Level.Iteration)
  public void verify() {
    if (last != null) {
      EditingTraces.verify(trace, last);
      last = null;
    }
  }
}
