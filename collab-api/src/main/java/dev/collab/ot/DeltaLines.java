package dev.collab.ot;

import java.util.Map;

/**
 * Splits a document into lines for {@link Delta#eachLine}, as npm {@code quill-delta} 5.1.0 does.
 * Pure function.
 */
final class DeltaLines {
  private DeltaLines() {}

  /** Calls {@code consumer} for every line of {@code document}: see {@link Delta#eachLine}. */
  static void eachLine(Delta document, Delta.LineConsumer consumer, String newline) {
    OpIterator iter = new OpIterator(document.ops());
    Delta.Builder line = Delta.builder();
    int i = 0;
    while (iter.hasNext()) {
      if (iter.peekKind() != Op.Kind.INSERT) {
        return;
      }
      Op thisOp = iter.peek();
      int start = thisOp.length() - iter.peekLength();
      int index = thisOp.isTextInsert() ? thisOp.text().indexOf(newline, start) - start : -1;
      if (index < 0) {
        line.push(iter.next());
      } else if (index > 0) {
        line.push(iter.next(index));
      } else {
        if (!consumer.accept(line.build(), iter.next(1).attributes(), i)) {
          return;
        }
        i++;
        line = Delta.builder();
      }
    }
    Delta last = line.build();
    if (last.length() > 0) {
      consumer.accept(last, Map.of(), i);
    }
  }
}
