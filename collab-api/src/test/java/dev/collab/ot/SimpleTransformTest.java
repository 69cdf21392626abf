package dev.collab.ot;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The arithmetic fast path of {@link Delta#transform} against the reference algorithm, on every
 * pair of simple changes with positions up to 6 and lengths up to 3, both priorities.
 */
class SimpleTransformTest {
  private static final Map<String, JsonValue> BOLD = Map.of("bold", JsonValue.TRUE);

  @Test
  void agreesWithTheGeneralAlgorithmOnEverySmallSimplePair() {
    List<Delta> simple = simpleChanges();
    int compared = 0;
    for (Delta first : simple) {
      for (Delta other : simple) {
        for (boolean priority : new boolean[] {true, false}) {
          Delta fast = SimpleTransform.transform(first, other, priority);
          assertThat(fast).as("%s over %s", other, first).isNotNull();
          assertThat(fast).as("%s over %s, priority %s", other, first, priority)
              .isEqualTo(first.transformGeneral(other, priority));
          compared++;
        }
      }
    }
    assertThat(compared).isEqualTo(simple.size() * simple.size() * 2);
  }

  @Test
  void leavesEveryOtherShapeToTheGeneralAlgorithm() {
    Delta keystroke = Delta.of(Op.retain(2), Op.insert("x"));
    List<Delta> notSimple = List.of(
        Delta.empty(),
        Delta.of(Op.retain(3)),
        Delta.of(Op.retain(2, BOLD), Op.insert("x")),
        Delta.of(Op.retain(1), Op.retain(1), Op.insert("x")),
        Delta.of(Op.retain(1), Op.insert("x"), Op.retain(2)),
        Delta.of(Op.delete(1), Op.insert("x")),
        Delta.of(Op.retain(1), Op.retain(2, BOLD)));
    for (Delta shape : notSimple) {
      assertThat(SimpleTransform.transform(shape, keystroke, true)).as("%s first", shape).isNull();
      assertThat(SimpleTransform.transform(keystroke, shape, true)).as("%s second", shape).isNull();
      // And transform still answers as the reference does.
      assertThat(shape.transform(keystroke, true)).isEqualTo(shape.transformGeneral(keystroke, true));
      assertThat(keystroke.transform(shape, false)).isEqualTo(keystroke.transformGeneral(shape, false));
    }
  }

  /** Every plain-retain-then-insert-or-delete change with position 0..6 and length 1..3. */
  private static List<Delta> simpleChanges() {
    List<Op> edits = new ArrayList<>();
    for (int length = 1; length <= 3; length++) {
      edits.add(Op.delete(length));
      edits.add(Op.insert("abc".substring(0, length)));
      edits.add(Op.insert("xyz".substring(0, length), BOLD));
    }
    edits.add(Op.insertEmbed(Json.createObjectBuilder().add("image", "a.png").build(), Map.of()));
    edits.add(Op.insert("\uD83D\uDE00")); // a surrogate pair: length 2
    List<Delta> changes = new ArrayList<>();
    for (int position = 0; position <= 6; position++) {
      for (Op edit : edits) {
        changes.add(position == 0 ? Delta.of(edit) : Delta.of(Op.retain(position), edit));
      }
    }
    return changes;
  }
}
