package dev.collab.internal.ot;

import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Treap operations on {@link RopeNode}s that need no state of a rope: concatenating two treaps,
 * building one from nodes in order (a Cartesian tree of their priorities), taking one apart, and
 * checking heap order and subtree sums. The operations that keep the chunk invariant or record a
 * path are {@link RichTextRope}'s.
 */
final class RopeTreap {
  private RopeTreap() {}

  /** Concatenates two treaps, all of {@code left} before all of {@code right}. */
  static @Nullable RopeNode merge(@Nullable RopeNode left, @Nullable RopeNode right) {
    if (left == null) {
      return right;
    }
    if (right == null) {
      return left;
    }
    if (left.priority >= right.priority) {
      left.right = merge(left.right, right);
      left.updateSum();
      return left;
    }
    right.left = merge(left, right.left);
    right.updateSum();
    return right;
  }

  static void detach(RopeNode node) {
    node.left = null;
    node.right = null;
    node.sum = node.length;
  }

  /** A treap of detached nodes, in order, in O(count): the Cartesian tree of their priorities. */
  static @Nullable RopeNode build(List<RopeNode> nodes, int count) {
    return build(nodes.toArray(new RopeNode[0]), count);
  }

  static @Nullable RopeNode build(RopeNode[] nodes, int count) {
    if (count == 0) {
      return null;
    }
    RopeNode[] stack = new RopeNode[Math.min(count, 64)];
    int top = 0;
    for (int i = 0; i < count; i++) {
      RopeNode node = nodes[i];
      node.left = null;
      node.right = null;
      RopeNode last = null;
      while (top > 0 && stack[top - 1].priority < node.priority) {
        last = stack[--top];
      }
      node.left = last;
      if (top > 0) {
        stack[top - 1].right = node;
      }
      if (top == stack.length) {
        stack = Arrays.copyOf(stack, top * 2);
      }
      stack[top++] = node;
    }
    RopeNode result = stack[0];
    fixSums(result);
    return result;
  }

  static int fixSums(@Nullable RopeNode node) {
    if (node == null) {
      return 0;
    }
    node.sum = fixSums(node.left) + node.length + fixSums(node.right);
    return node.sum;
  }

  /** Appends the nodes of {@code node} in order, detached. */
  static void collect(@Nullable RopeNode node, List<RopeNode> into) {
    if (node == null) {
      return;
    }
    RopeNode right = node.right;
    collect(node.left, into);
    detach(node);
    into.add(node);
    collect(right, into);
  }

  static int checkSubtree(@Nullable RopeNode node, List<RopeNode> nodes) {
    if (node == null) {
      return 0;
    }
    for (RopeNode child : new RopeNode[] {node.left, node.right}) {
      if (child != null && child.priority > node.priority) {
        throw new IllegalStateException("heap order broken");
      }
    }
    int sum = checkSubtree(node.left, nodes);
    nodes.add(node);
    sum += node.length + checkSubtree(node.right, nodes);
    if (sum != node.sum) {
      throw new IllegalStateException("sum " + node.sum + " should be " + sum);
    }
    return sum;
  }
}
