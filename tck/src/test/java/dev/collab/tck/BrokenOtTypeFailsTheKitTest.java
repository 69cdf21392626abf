package dev.collab.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.collab.ot.Delta;
import dev.collab.ot.JsonLimits;
import dev.collab.ot.OtType;
import dev.collab.ot.RichText;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The OT kit must catch a broken type: one whose transform ignores who goes first. */
class BrokenOtTypeFailsTheKitTest {

  /** Rich text, except that transform always lets the applied op win ties. */
  static final class SelfishRichText implements OtType<Delta> {
    private final RichText base = RichText.INSTANCE;

    @Override public String name() { return "selfish"; }
    @Override public Delta empty() { return base.empty(); }
    @Override public void check(Delta document, Delta op) { base.check(document, op); }
    @Override public Delta apply(Delta document, Delta op) { return base.apply(document, op); }
    @Override public Delta compose(Delta first, Delta second) { return base.compose(first, second); }
    @Override public Delta transform(Delta applied, Delta op, boolean appliedFirst) { return base.transform(applied, op, true); }
    @Override public int transformPosition(Delta applied, int index, boolean appliedFirst) { return base.transformPosition(applied, index, true); }
    @Override public Delta invert(Delta op, Delta document) { return base.invert(op, document); }
    @Override public int length(Delta document) { return base.length(document); }
    @Override public int insertedLength(Delta op) { return base.insertedLength(op); }
    @Override public boolean isNoop(Delta op) { return base.isNoop(op); }
    @Override public Delta decode(JsonValue json, JsonLimits limits) { return base.decode(json, limits); }
    @Override public Delta decode(String json, JsonLimits limits) { return base.decode(json, limits); }
    @Override public JsonValue encode(Delta op) { return base.encode(op); }
    @Override public String encodeToString(Delta op) { return base.encodeToString(op); }
    @Override public dev.collab.ot.OtDocument<Delta> newDocument(Delta document) { return base.newDocument(document); }
  }

  static class Selfish extends RichTextOtTypeKitTest {
    @Override
    protected OtType<Delta> type() {
      return new SelfishRichText();
    }
  }

  @Test
  @DisplayName("a type whose transform ignores the tie-break fails convergence, and only that")
  void selfishTransformFails() {
    assertThat(KitRunner.failed(KitRunner.run(Selfish.class))).containsExactly("Selfish.convergence");
  }
}
