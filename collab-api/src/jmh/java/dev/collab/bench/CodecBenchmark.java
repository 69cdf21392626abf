package dev.collab.bench;

import dev.collab.ot.Delta;
import dev.collab.ot.DeltaJson;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Decoding and encoding the op of a typical submit message with {@link DeltaJson} (bounded by the
 * default limits, through the JSON provider on the class path, Parsson here). The full wire message
 * codec (envelope with document id, version, sequence number) does not exist yet; this measures the
 * op part only.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CodecBenchmark {
  private static final String OP_JSON =
      "[{\"retain\":1234},{\"insert\":\"hello\",\"attributes\":{\"bold\":true}}]";

  private final Delta op = DeltaJson.decode(OP_JSON);

  @Benchmark
  public Delta decode() {
    return DeltaJson.decode(OP_JSON);
  }

  @Benchmark
  public String encode() {
    return DeltaJson.encode(op);
  }

  @Benchmark
  public String decodeThenEncode() {
    return DeltaJson.encode(DeltaJson.decode(OP_JSON));
  }
}
