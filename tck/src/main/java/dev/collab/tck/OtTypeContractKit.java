package dev.collab.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.collab.ot.JsonLimits;
import dev.collab.ot.OtDocument;
import dev.collab.ot.OtType;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The algebra an {@link OtType} must satisfy for the engine to converge, checked on random ops from
 * a generator the implementer supplies, seeded. An implementation proves itself with a few lines:
 *
 * <pre>{@code
 * class MyTypeKitTest extends OtTypeContractKit<MyOp> {
 *   @Override protected OtType<MyOp> type() { return MyType.INSTANCE; }
 *   @Override protected Generator<MyOp> generator() { return new MyGenerator(); }
 * }
 * }</pre>
 *
 * <p>The seed is printed; rerun one with {@code -Dcollab.seed=S}; {@code -Dcollab.cases=N} sets the
 * cases per property (default 1,000). Documents are compared through {@link #sameDocument}, which by
 * default compares the JSON of {@link OtType#newDocument}'s snapshot, so a type whose documents have
 * several representations of one content should canonicalise there (or override it).
 *
 * @param <O> the op type
 */
@Tag("ot")
@org.junit.jupiter.api.extension.ExtendWith(KitReport.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@org.junit.jupiter.api.DisplayNameGeneration(KitDisplayNames.class)
public abstract class OtTypeContractKit<O> {

  /**
   * Random documents and changes for the type under test. The kit seeds {@code random} per case, so
   * a generator that draws only from it makes every case reproducible.
   *
   * @param <O> the op type
   */
  public interface Generator<O> {
    /**
     * A random document.
     *
     * @param random the case's source of randomness; the only one to use
     * @return a document of the type, empty or not; vary its length and content
     */
    O document(Random random);

    /**
     * A random op that applies to {@code document}.
     *
     * @param document a document from {@link #document} or one the kit built from it
     * @param random the case's source of randomness; the only one to use
     * @return an op made on {@code document}; the more kinds of edit it covers (inserts, deletes,
     *     formatting, at random places), the more the properties check
     */
    O change(O document, Random random);
  }

  /**
   * The type under test. Called for every property; may return the same instance each time.
   *
   * @return the OT type
   */
  protected abstract OtType<O> type();

  /**
   * The generator of random documents and ops for {@link #type()}.
   *
   * @return a generator; for reproducible cases it draws only on the {@code Random} it is given
   */
  protected abstract Generator<O> generator();

  private long seed;
  private int cases;

  @BeforeAll
  void seed() {
    seed = Long.getLong("collab.seed", new Random().nextLong());
    cases = Integer.getInteger("collab.cases", 1_000);
    System.out.println(getClass().getSimpleName() + " seed " + seed + " (rerun with -Dcollab.seed=" + seed + ")");
  }

  /**
   * Whether two documents hold the same content: how every property compares documents.
   *
   * @param a a document
   * @param b another document
   * @return true when they hold the same content; by default, when the JSON of their {@link
   *     OtType#newDocument} snapshots is equal
   */
  protected boolean sameDocument(O a, O b) {
    OtType<O> t = type();
    return t.encode(t.newDocument(a).snapshot()).equals(t.encode(t.newDocument(b).snapshot()));
  }

  private void forEachCase(String property, CaseBody<O> body) {
    OtType<O> t = type();
    Generator<O> g = generator();
    for (int i = 0; i < cases; i++) {
      Random random = new Random(seed + i * 31L);
      O doc = g.document(random);
      try {
        body.check(t, g, random, doc);
      } catch (AssertionError | RuntimeException e) {
        throw new AssertionError(property + " failed at case " + i + " (seed " + seed + ") on document "
            + t.encodeToString(doc) + ": " + e.getMessage(), e);
      }
    }
  }

  @FunctionalInterface
  private interface CaseBody<O> {
    void check(OtType<O> t, Generator<O> g, Random random, O doc);
  }

  private void assertSame(O expected, O actual, Supplier<String> what) {
    if (!sameDocument(expected, actual)) {
      throw new AssertionError(what.get() + ": expected " + type().encodeToString(expected) + " but was "
          + type().encodeToString(actual));
    }
  }

  @Test
  @DisplayName("concurrent ops converge whichever is applied first (TP1), with both tie-breaks")
  void convergence() {
    forEachCase("convergence", (t, g, random, doc) -> {
      O a = g.change(doc, random);
      O b = g.change(doc, random);
      for (boolean aFirst : new boolean[] {true, false}) {
        O viaA = t.apply(t.apply(doc, a), t.transform(a, b, aFirst));
        O viaB = t.apply(t.apply(doc, b), t.transform(b, a, !aFirst));
        assertSame(viaA, viaB, () -> "a=" + t.encodeToString(a) + " b=" + t.encodeToString(b) + " aFirst=" + aFirst);
      }
    });
  }

  @Test
  @DisplayName("applying compose(a, b) equals applying a then b")
  void composeThenApply() {
    forEachCase("compose", (t, g, random, doc) -> {
      O a = g.change(doc, random);
      O afterA = t.apply(doc, a);
      O b = g.change(afterA, random);
      assertSame(t.apply(afterA, b), t.apply(doc, t.compose(a, b)),
          () -> "a=" + t.encodeToString(a) + " b=" + t.encodeToString(b));
    });
  }

  @Test
  @DisplayName("invert undoes an op")
  void invertRoundTrip() {
    forEachCase("invert", (t, g, random, doc) -> {
      O a = g.change(doc, random);
      assertSame(doc, t.apply(t.apply(doc, a), t.invert(a, doc)), () -> "a=" + t.encodeToString(a));
    });
  }

  @Test
  @DisplayName("a generated op passes check, and the type's mutable document agrees with apply")
  void checkAndMutableDocument() {
    forEachCase("mutable document", (t, g, random, doc) -> {
      OtDocument<O> mutable = t.newDocument(doc);
      O expected = doc;
      for (int step = 0; step < 4; step++) {
        O op = g.change(expected, random);
        t.check(expected, op);
        expected = t.apply(expected, op);
        mutable.apply(op);
        O snapshot = mutable.snapshot();
        assertSame(expected, snapshot, () -> "op=" + t.encodeToString(op));
        assertThat(mutable.length()).isEqualTo(t.length(expected));
      }
    });
  }

  @Test
  @DisplayName("an op encodes and decodes back to an equal op")
  void encodeDecode() {
    forEachCase("encode/decode", (t, g, random, doc) -> {
      O a = g.change(doc, random);
      String json = t.encodeToString(a);
      assertThat(t.encodeToString(t.decode(json, JsonLimits.STORAGE))).isEqualTo(json);
      assertThat(t.encode(t.decode(t.encode(a), JsonLimits.STORAGE))).isEqualTo(t.encode(a));
    });
  }
}
