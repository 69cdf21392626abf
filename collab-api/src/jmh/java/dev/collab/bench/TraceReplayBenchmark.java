package dev.collab.bench;

import dev.collab.ot.Delta;
import dev.collab.ot.OtDocument;
import dev.collab.ot.RichText;
import jakarta.json.JsonArray;
import java.util.List;
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
 * Replays a whole editing trace, one delta per patch, through a fresh server-side document: the
 * time per trace. Parsing the trace is not measured. {@code replayPrebuilt} applies deltas built in
 * setup (the engine's cost alone); {@code replayBuilding} also builds each delta with
 * {@link Delta#builder()}, as a decoder would. The final text is checked against the trace README's
 * sha256 after every iteration, and its length after every invocation.
 *
 * <p>{@code impl=rope} is {@link RichText#newDocument} (the rope); {@code impl=compose} applies each
 * delta by {@link Delta#compose} on an immutable value, as the placeholder did: O(n) per edit, so
 * only run it on a small trace.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class TraceReplayBenchmark {

  /** Relative to the working directory: run from the repository root. */
  @Param("../shared/data/editing-traces/automerge-paper.json.gz")
  public String trace;

  @Param("rope")
  public String impl;

  private List<JsonArray> patches;
  private Delta[] deltas;
  private int expectedLength;
  private OtDocument<Delta> last;

  @Setup(Level.Trial)
  public void setUp() {
    patches = EditingTraces.readPatches(trace);
    deltas = EditingTraces.toDeltas(patches);
    OtDocument<Delta> check = newDocument();
    for (Delta delta : deltas) {
      check.apply(delta);
    }
    EditingTraces.verify(trace, check);
    expectedLength = check.length();
  }

  @Benchmark
  public OtDocument<Delta> replayPrebuilt() {
    OtDocument<Delta> document = newDocument();
    for (Delta delta : deltas) {
      document.apply(delta);
    }
    return finish(document);
  }

  @Benchmark
  public OtDocument<Delta> replayBuilding() {
    OtDocument<Delta> document = newDocument();
    for (JsonArray patch : patches) {
      document.apply(EditingTraces.toDelta(patch));
    }
    return finish(document);
  }

  private OtDocument<Delta> finish(OtDocument<Delta> document) {
    if (document.length() != expectedLength) {
      throw new IllegalStateException("replay ended at length " + document.length() + ", not " + expectedLength);
    }
    last = document;
    return document;
  }

  @TearDown(Level.Iteration)
  public void verify() {
    if (last != null) {
      EditingTraces.verify(trace, last);
      last = null;
    }
  }

  private OtDocument<Delta> newDocument() {
    switch (impl) {
      case "rope":
        return RichText.INSTANCE.newDocument(Delta.empty());
      case "compose":
        return new ComposeDocument();
      default:
        throw new IllegalArgumentException("impl must be rope or compose, was " + impl);
    }
  }

  /** The placeholder's way: check, then compose onto an immutable delta. O(document) per op. */
  private static final class ComposeDocument implements OtDocument<Delta> {
    private Delta current = Delta.empty();

    @Override
    public void apply(Delta op) {
      current = RichText.INSTANCE.apply(current, op);
    }

    @Override
    public Delta snapshot() {
      return current;
    }

    @Override
    public int length() {
      return current.length();
    }
  }
}
