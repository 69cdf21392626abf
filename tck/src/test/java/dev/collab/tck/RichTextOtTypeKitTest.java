package dev.collab.tck;

import dev.collab.ot.Delta;
import dev.collab.ot.OtType;
import dev.collab.ot.RichText;
import dev.collab.testing.RandomDeltas;
import java.util.Random;

/**
 * The built-in rich-text type passes the OT kit, on the shared generator of the algebra's corners
 * ({@link RandomDeltas}: embeds, attribute removal, astral characters cut in two, non-canonical
 * deltas, empty documents and changes).
 */
class RichTextOtTypeKitTest extends OtTypeContractKit<Delta> {

  @Override
  protected OtType<Delta> type() {
    return RichText.INSTANCE;
  }

  @Override
  protected Generator<Delta> generator() {
    return new Generator<>() {
      @Override
      public Delta document(Random random) {
        return new RandomDeltas(random).document();
      }

      @Override
      public Delta change(Delta document, Random random) {
        return new RandomDeltas(random).change(document);
      }
    };
  }
}
