package dev.collab.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.collab.ot.Delta;
import dev.collab.ot.DeltaJson;
import dev.collab.ot.RichText;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The shared generator keeps the sequences that tests pin with their seeds, and its typing edits
 * are what the simulations assume (the algebra generator is checked by {@code DeltaPropertyTest}).
 */
class RandomDeltasTest {

  @Test
  @DisplayName("edit draws the sequence MultiNodeSimulationTest's seeds were chosen with (seed 1, a fixed document)")
  void editSequenceIsPinned() {
    RandomDeltas deltas = new RandomDeltas(1L);
    Delta document = Delta.ofText("hello world\n");
    List<String> edits = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      Delta edit = deltas.edit(document);
      edits.add(DeltaJson.encode(edit));
      document = RichText.INSTANCE.apply(document, edit);
    }
    assertThat(edits).containsExactly(GOLDEN);
  }

  /** Drawn by the algorithm as it was in MultiNodeSimulationTest when its seeds were pinned. */
  private static final String[] GOLDEN = {
    "[{\"retain\":4},{\"insert\":\"\\n\"}]",
    "[{\"retain\":7},{\"insert\":\"word \"}]",
    "[{\"retain\":10},{\"insert\":\"\uD83D\uDE00\"}]",
    "[{\"retain\":13},{\"insert\":\"\uD83D\uDE00\"}]",
    "[{\"retain\":18},{\"retain\":4,\"attributes\":{\"bold\":true}}]",
    "[{\"delete\":4}]",
    "[{\"retain\":2},{\"insert\":\"\\n\"}]",
    "[{\"retain\":10},{\"insert\":\"word \"}]",
  };

  @Test
  @DisplayName("an edit is canonical, never empty, and valid on its document, from the empty document on")
  void editsAreValidTypingEdits() {
    long seed = new Random().nextLong();
    System.out.println("RandomDeltasTest seed " + seed);
    RandomDeltas deltas = new RandomDeltas(seed);
    Delta document = Delta.empty();
    for (int i = 0; i < 2_000; i++) {
      Delta edit = deltas.edit(document);
      assertThat(edit.ops()).as("seed %d, edit %d", seed, i).isNotEmpty();
      assertThat(edit).as("canonical, seed %d", seed).isEqualTo(RandomDeltas.normalise(edit));
      RichText.INSTANCE.check(document, edit);
      document = RichText.INSTANCE.apply(document, edit);
    }
    assertThat(document.length()).as("the document grows, seed %d", seed).isPositive();
  }
}
