package dev.collab.bench;

import dev.collab.ot.Delta;
import dev.collab.ot.OtDocument;
import dev.collab.ot.RichText;
import jakarta.json.JsonValue;
import java.util.Map;
import java.util.SplittableRandom;
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
 * Does the cost of an edit grow with the document? One plain character inserted and one deleted
 * at random positions (so the size stays put) on documents of {@code size} characters, made of
 * lines of which one in four is bold. {@code impl=rope} is {@link RichText#newDocument};
 * {@code impl=compose} is {@link RichText#apply} on an immutable delta, the placeholder's way.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class DocumentSizeBenchmark {

  @Param({"10000", "1000000", "10000000"})
  public int size;

  @Param("rope")
  public String impl;

  private OtDocument<Delta> document;
  private Delta current;
  private SplittableRandom random;

  @Setup
  public void setUp() {
    Delta.Builder builder = Delta.builder();
    int length = 0;
    for (int line = 0; length < size; line++) {
      String text = "line " + line + " of some document text\n";
      if (line % 4 == 0) {
        builder.insert(text, Map.of("bold", JsonValue.TRUE));
      } else {
        builder.insert(text);
      }
      length += text.length();
    }
    current = builder.build();
    document = RichText.INSTANCE.newDocument(current);
    random = new SplittableRandom(42);
  }

  @Benchmark
  @OperationsPerInvocation(2)
  public int insertAndDelete() {
    int length = impl.equals("rope") ? document.length() : current.length();
    Delta insert = Delta.builder().retain(random.nextInt(length + 1)).insert("x").build();
    Delta delete = Delta.builder().retain(random.nextInt(length + 1)).delete(1).build();
    if (impl.equals("rope")) {
      document.apply(insert);
      document.apply(delete);
      return document.length();
    }
    current = RichText.INSTANCE.apply(RichText.INSTANCE.apply(current, insert), delete);
    return current.length();
  }
}
