package dev.collab.tck;

import dev.collab.ot.Delta;
import dev.collab.ot.OtType;
import dev.collab.ot.RichText;
import jakarta.json.JsonValue;
import java.util.Map;
import java.util.Random;

/** The built-in rich-text type passes the OT kit, with a small generator of text, attributes and embeds. */
class RichTextOtTypeKitTest extends OtTypeContractKit<Delta> {
  private static final String[] TEXT = {"a", "bc", "\n", " ", "é", "\uD83D\uDE00"};

  @Override
  protected OtType<Delta> type() {
    return RichText.INSTANCE;
  }

  @Override
  protected Generator<Delta> generator() {
    return new Generator<>() {
      @Override
      public Delta document(Random random) {
        Delta.Builder doc = Delta.builder();
        int runs = random.nextInt(6);
        for (int i = 0; i < runs; i++) {
          doc.insert(text(random), random.nextBoolean() ? Map.of() : Map.of("bold", JsonValue.TRUE));
        }
        return doc.build();
      }

      @Override
      public Delta change(Delta document, Random random) {
        Delta.Builder op = Delta.builder();
        int length = document.length();
        int at = 0;
        for (int step = random.nextInt(4); step >= 0 && at <= length; step--) {
          int skip = random.nextInt(length - at + 1);
          op.retain(skip);
          at += skip;
          int left = length - at;
          switch (random.nextInt(4)) {
            case 0:
              op.insert(text(random), random.nextBoolean() ? Map.of() : Map.of("italic", JsonValue.TRUE));
              break;
            case 1:
              if (left > 0) {
                int n = 1 + random.nextInt(Math.min(3, left));
                op.delete(n);
                at += n;
              }
              break;
            case 2:
              if (left > 0) {
                int n = 1 + random.nextInt(Math.min(3, left));
                op.retain(n, Map.of("bold", random.nextBoolean() ? JsonValue.TRUE : JsonValue.NULL));
                at += n;
              }
              break;
            default:
              op.insertEmbed(jakarta.json.Json.createObjectBuilder().add("divider", true).build(), Map.of());
          }
        }
        return op.build();
      }

      private String text(Random random) {
        return TEXT[random.nextInt(TEXT.length)];
      }
    };
  }
}
