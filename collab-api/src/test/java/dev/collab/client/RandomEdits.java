package dev.collab.client;

import dev.collab.ot.Delta;
import jakarta.json.JsonValue;
import java.util.Map;
import java.util.Random;

/** Random rich-text edits on a document, for tests. */
final class RandomEdits {
  private RandomEdits() {}

  static Delta op(Random random, Delta document) {
    int length = document.length();
    int at = random.nextInt(length);
    Delta.Builder op = Delta.builder().retain(at);
    switch (random.nextInt(5)) {
      case 0:
        return at < length - 1 ? op.delete(1 + random.nextInt(Math.min(3, length - 1 - at))).build() : op.insert("z").build();
      case 1:
        return at < length - 1
            ? op.retain(1 + random.nextInt(Math.min(4, length - 1 - at)),
                Map.of("bold", random.nextBoolean() ? JsonValue.TRUE : JsonValue.NULL)).build()
            : op.insert("y").build();
      default:
        return op.insert(random.nextBoolean() ? "ab" : "\uD83D\uDE00",
            random.nextBoolean() ? Map.of() : Map.of("italic", JsonValue.TRUE)).build();
    }
  }
}
