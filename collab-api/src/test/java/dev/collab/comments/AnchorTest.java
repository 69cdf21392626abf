package dev.collab.comments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.collab.ot.DeltaJson;
import dev.collab.ot.JsonLimits;
import dev.collab.ot.RichText;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The anchor rule ({@link Anchor#moved}) and mentions ({@link Mention#usersIn}). */
class AnchorTest {
  private static final RichText TYPE = RichText.INSTANCE;

  private static Anchor move(Anchor anchor, String op) {
    return anchor.moved(TYPE, DeltaJson.decode(op, JsonLimits.STORAGE));
  }

  @Test
  @DisplayName("inserts before the range move it; at its start or end they stay outside; inside they join it")
  void inserts() {
    Anchor world = new Anchor(6, 5, 1, false); // "Hello world"
    assertThat(move(world, "[{\"insert\":\"Oh \"}]")).isEqualTo(new Anchor(9, 5, 2, false));
    assertThat(move(world, "[{\"retain\":6},{\"insert\":\"big \"}]")).isEqualTo(new Anchor(10, 5, 2, false));
    assertThat(move(world, "[{\"retain\":11},{\"insert\":\"!\"}]")).isEqualTo(new Anchor(6, 5, 2, false));
    assertThat(move(world, "[{\"retain\":8},{\"insert\":\"-\"}]")).isEqualTo(new Anchor(6, 6, 2, false));
    assertThat(move(world, "[{\"retain\":20},{\"insert\":\"later\"}]")).isEqualTo(new Anchor(6, 5, 2, false));
    assertThat(move(world, "[{\"retain\":6},{\"retain\":5,\"attributes\":{\"bold\":true}}]")).isEqualTo(new Anchor(6, 5, 2, false));
  }

  @Test
  @DisplayName("deletes shrink it; deleting all of it detaches it for good, its position still moving")
  void deletes() {
    Anchor world = new Anchor(6, 5, 1, false);
    assertThat(move(world, "[{\"retain\":4},{\"delete\":4}]")).isEqualTo(new Anchor(4, 3, 2, false));
    assertThat(move(world, "[{\"retain\":9},{\"delete\":5}]")).isEqualTo(new Anchor(6, 3, 2, false));
    Anchor gone = move(world, "[{\"retain\":5},{\"delete\":7}]");
    assertThat(gone).isEqualTo(new Anchor(5, 0, 2, true));
    assertThat(move(gone, "[{\"retain\":5},{\"insert\":\"world\"}]")).isEqualTo(new Anchor(10, 0, 3, true));
    assertThat(move(gone, "[{\"delete\":2}]")).isEqualTo(new Anchor(3, 0, 3, true));
  }

  @Test
  @DisplayName("an anchor's length is positive unless detached")
  void checks() {
    assertThatThrownBy(() -> new Anchor(0, 0, 0, false)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Anchor(0, 3, 0, true)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Anchor(-1, 3, 0, false)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @DisplayName("mentions: @ and a user id, at the start or after a separator, each user once, trailing punctuation left out")
  void mentions() {
    assertThat(Mention.usersIn("@alice, ask @bob.smith. mail@example.com; (@carol) @alice @-x @"))
        .containsExactly("alice", "bob.smith", "carol");
    assertThat(Mention.usersIn("no one")).isEmpty();
  }

  @Test
  @DisplayName("comment text: not blank, at most 4,000 units")
  void text() {
    assertThat(Comment.checkText("x".repeat(Comment.MAX_TEXT_LENGTH))).hasSize(Comment.MAX_TEXT_LENGTH);
    assertThatThrownBy(() -> Comment.checkText("x".repeat(Comment.MAX_TEXT_LENGTH + 1))).hasMessageContaining("at most");
    assertThatThrownBy(() -> Comment.checkText(" \n\t")).hasMessageContaining("some text");
    assertThat(List.of(Comment.isId("t-1_x"), Comment.isId("a b"), Comment.isId(""), Comment.isId("x".repeat(65))))
        .containsExactly(true, false, false, false);
  }
}
