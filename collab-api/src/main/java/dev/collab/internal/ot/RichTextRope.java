package dev.collab.internal.ot;

import dev.collab.ot.Delta;
import dev.collab.ot.OtDocument;
import dev.collab.ot.RichText;

/**
 * PLACEHOLDER being replaced by a rope (see the brief): applies by compose, O(document) per op.
 */
public final class RichTextRope implements OtDocument<Delta> {
  private Delta current;

  public RichTextRope(Delta document) {
    this.current = document;
  }

  @Override
  public void apply(Delta op) {
    RichText.checkOp(op, current.length());
    current = current.compose(op);
  }

  @Override
  public Delta snapshot() {
    return current;
  }

  @Override
  public int length() {
    return current.length();
  }
}
