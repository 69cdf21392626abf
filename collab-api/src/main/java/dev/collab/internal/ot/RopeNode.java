package dev.collab.internal.ot;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One node of a {@link RichTextRope}'s treap, and the chunk of content it holds: up to the rope's
 * chunk size of text that shares one attribute map, or exactly one embed.
 *
 * <p>A node never holds two runs: a document formatted in many small runs has about one node per
 * run, as its {@code Delta} has one op per run. Text is kept in a growable {@code char[]} so that
 * typing into a chunk is one {@code arraycopy} of at most the chunk size.
 *
 * <p>Mutable, and confined to its rope (one writer); the rope keeps {@link #sum} up to date.
 */
final class RopeNode {
  private static final char[] NO_CHARS = new char[0];

  /** Heap priority of the treap: a parent's is at least its children's. Random per node. */
  final int priority;

  /** The embed, for an embed node (then {@link #length} is 1 and {@link #chars} is empty). */
  final @Nullable JsonObject embed;

  @Nullable RopeNode left;
  @Nullable RopeNode right;

  /** Length of the whole subtree: {@code left.sum + length + right.sum}. */
  int sum;

  /** Length of this node's own chunk, in UTF-16 code units; always positive. */
  int length;

  /** The text, in {@code chars[0, length)}; spare capacity after it. */
  char[] chars;

  /** The chunk's attributes; empty for none. Unmodifiable, shared between nodes freely. */
  Map<String, JsonValue> attributes;

  private RopeNode(
      int priority,
      char[] chars,
      int length,
      @Nullable JsonObject embed,
      Map<String, JsonValue> attributes) {
    this.priority = priority;
    this.chars = chars;
    this.length = length;
    this.sum = length;
    this.embed = embed;
    this.attributes = attributes;
  }

  /** A node holding {@code text[from, to)}, which must not be empty. */
  static RopeNode text(
      String text, int from, int to, Map<String, JsonValue> attributes, int priority) {
    int length = to - from;
    char[] chars = new char[length];
    text.getChars(from, to, chars, 0);
    return new RopeNode(priority, chars, length, null, attributes);
  }

  static RopeNode embed(JsonObject embed, Map<String, JsonValue> attributes, int priority) {
    return new RopeNode(priority, NO_CHARS, 1, embed, attributes);
  }

  boolean isText() {
    return embed == null;
  }

  /** True when both are text with equal attributes, so their chunks could be one. */
  boolean canJoin(RopeNode other) {
    return embed == null && other.embed == null && sameAttributes(attributes, other.attributes);
  }

  static boolean sameAttributes(Map<String, JsonValue> a, Map<String, JsonValue> b) {
    return a == b || (a.isEmpty() ? b.isEmpty() : a.equals(b));
  }

  /** Inserts {@code text} at {@code offset}; the caller checked the result fits {@code max}. */
  void insert(int offset, String text, int max) {
    int count = text.length();
    ensureCapacity(length + count, max);
    System.arraycopy(chars, offset, chars, offset + count, length - offset);
    text.getChars(0, count, chars, offset);
    length += count;
  }

  /** Deletes {@code count} code units at {@code offset}. */
  void delete(int offset, int count) {
    System.arraycopy(chars, offset + count, chars, offset, length - offset - count);
    length -= count;
  }

  /**
   * Cuts this text node at {@code offset} (strictly inside): this keeps the head, the returned new
   * node (detached) holds the tail. Subtree sums are the caller's to fix.
   */
  RopeNode cut(int offset, int newPriority) {
    int tailLength = length - offset;
    char[] tail = new char[tailLength];
    System.arraycopy(chars, offset, tail, 0, tailLength);
    length = offset;
    return new RopeNode(newPriority, tail, tailLength, null, attributes);
  }

  /** Appends the text of {@code next} (compatible, detached) to this; the caller checked it fits. */
  void append(RopeNode next, int max) {
    ensureCapacity(length + next.length, max);
    System.arraycopy(next.chars, 0, chars, length, next.length);
    length += next.length;
    // Keep the later map, as Delta.Builder does when it merges two inserts.
    attributes = next.attributes;
  }

  /**
   * Evens out two compatible neighbours whose total exceeds {@code max}, so that neither is left
   * small: both end with about half. Both must be detached (the caller resets sums).
   */
  static void rebalance(RopeNode a, RopeNode b, int max) {
    int target = (a.length + b.length) / 2;
    if (a.length > target) {
      int move = a.length - target;
      b.ensureCapacity(b.length + move, max);
      System.arraycopy(b.chars, 0, b.chars, move, b.length);
      System.arraycopy(a.chars, target, b.chars, 0, move);
      b.length += move;
      a.length = target;
    } else if (a.length < target) {
      int move = target - a.length;
      a.ensureCapacity(a.length + move, max);
      System.arraycopy(b.chars, 0, a.chars, a.length, move);
      a.length += move;
      b.delete(0, move);
    }
  }

  void appendTo(StringBuilder text) {
    text.append(chars, 0, length);
  }

  private void ensureCapacity(int needed, int max) {
    if (needed > chars.length) {
      // Double (typing grows a chunk one character at a time), but never past the chunk size.
      int capacity = Math.max(needed, Math.min(max, Math.max(16, chars.length * 2)));
      char[] grown = new char[capacity];
      System.arraycopy(chars, 0, grown, 0, length);
      chars = grown;
    }
  }

  static int sum(@Nullable RopeNode node) {
    return node == null ? 0 : node.sum;
  }

  void updateSum() {
    sum = length + sum(left) + sum(right);
  }
}
