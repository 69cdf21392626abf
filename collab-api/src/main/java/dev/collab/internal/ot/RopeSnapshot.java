package dev.collab.internal.ot;

import dev.collab.ot.Delta;
import dev.collab.ot.Op;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads a rope back as a Delta in canonical form: an in-order walk that merges neighbouring text
 * chunks with equal attributes into one insert, as {@link Delta#builder()} would push them.
 */
final class RopeSnapshot {
  private RopeSnapshot() {}

  static Delta of(@Nullable RopeNode root) {
    ArrayList<Op> ops = new ArrayList<>();
    StringBuilder run = new StringBuilder();
    Map<String, JsonValue> runAttributes = Map.of();
    RopeNode[] stack = new RopeNode[64];
    int top = 0;
    RopeNode node = root;
    while (node != null || top > 0) {
      while (node != null) {
        if (top == stack.length) {
          stack = Arrays.copyOf(stack, top * 2);
        }
        stack[top++] = node;
        node = node.left;
      }
      node = stack[--top];
      if (node.isText() && (run.length() == 0 || RopeNode.sameAttributes(runAttributes, node.attributes))) {
        node.appendTo(run);
        runAttributes = node.attributes;
      } else {
        if (run.length() > 0) {
          ops.add(Op.insert(run.toString(), runAttributes));
          run.setLength(0);
        }
        if (node.isText()) {
          node.appendTo(run);
          runAttributes = node.attributes;
        } else {
          ops.add(Op.insertEmbed(node.embed, node.attributes));
        }
      }
      node = node.right;
    }
    if (run.length() > 0) {
      ops.add(Op.insert(run.toString(), runAttributes));
    }
    return Delta.of(ops);
  }
}
