package dev.collab.internal.ot;

import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The chunk-size invariant of a {@link RichTextRope}: every node holds at most {@code max} code
 * units (or one embed), and two neighbours that could be one are each at least {@code min} long.
 * Cutting new text into chunks, restoring the invariant at a seam, and checking it (for tests).
 *
 * @param max the most code units of one chunk
 * @param min the least code units of a chunk next to a compatible one ({@code max / 4})
 */
record RopeChunks(int max, int min) {
  /**
   * Fuses neighbouring compatible nodes of {@code nodes[0, count)} (detached, in order) where the
   * chunk size allows, and evens out a compatible pair where one is below {@code min}.
   * Returns the new count; the nodes left are compacted at the front.
   */
  int normalise(RopeNode[] nodes, int count) {
    int out = 0;
    for (int i = 0; i < count; i++) {
      RopeNode node = nodes[i];
      if (out > 0) {
        RopeNode previous = nodes[out - 1];
        if (previous.canJoin(node)) {
          if (previous.length + node.length <= max) {
            previous.append(node, max);
            previous.sum = previous.length;
            continue;
          }
          if (previous.length < min || node.length < min) {
            RopeNode.rebalance(previous, node, max);
            previous.sum = previous.length;
            node.sum = node.length;
          }
        }
      }
      nodes[out++] = node;
    }
    return out;
  }

  /**
   * Appends nodes for {@code text}: one chunk if it fits three quarters of the chunk size, else
   * even pieces of at most that, so that each is over {@code min} and has room to grow.
   */
  void addChunks(List<RopeNode> nodes, String text, Map<String, JsonValue> attributes, IntSupplier priorities) {
    int length = text.length();
    if (length == 0) {
      return;
    }
    int target = max - max / 4;
    int pieces = (length + target - 1) / target;
    int from = 0;
    for (int i = 0; i < pieces; i++) {
      int to = (int) ((long) length * (i + 1) / pieces);
      nodes.add(RopeNode.text(text, from, to, attributes, priorities.getAsInt()));
      from = to;
    }
  }

  /**
   * Verifies the structure invariants (sums, heap order, chunk sizes, no small compatible
   * neighbours) in O(n); for tests. Returns the number of nodes.
   */
  int checkInvariants(@Nullable RopeNode root) {
    ArrayList<RopeNode> nodes = new ArrayList<>();
    RopeTreap.checkSubtree(root, nodes);
    for (int i = 0; i < nodes.size(); i++) {
      RopeNode node = nodes.get(i);
      if (node.length <= 0 || node.length > max || (!node.isText() && node.length != 1)) {
        throw new IllegalStateException("node " + i + " has length " + node.length);
      }
      if (i > 0 && nodes.get(i - 1).canJoin(node)
          && (nodes.get(i - 1).length < min || node.length < min)) {
        throw new IllegalStateException(
            "nodes " + (i - 1) + " and " + i + " are compatible and one is below " + min);
      }
    }
    return nodes.size();
  }
}
