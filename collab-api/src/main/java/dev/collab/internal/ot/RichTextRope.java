package dev.collab.internal.ot;

import dev.collab.ot.Attributes;
import dev.collab.ot.Delta;
import dev.collab.ot.InvalidOpException;
import dev.collab.ot.InvalidOpException.Problem;
import dev.collab.ot.Op;
import dev.collab.ot.OtDocument;
import dev.collab.ot.RichText;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;

/**
 * The server-side rich-text document: a rope of text chunks, kept in a treap (a binary search tree
 * by position that is balanced by random heap priorities) whose nodes know their subtree's length.
 *
 * <p>Cost of {@link #apply}: O(log n) expected per op component, plus the size of what it inserts
 * or reformats; a delete of any size is O(log n), as the deleted subtree is simply dropped. The
 * common case, typing or deleting a few plain characters inside one chunk, walks down the tree
 * once and shifts at most one chunk's characters. {@link #length()} is O(1); {@link #snapshot()}
 * is O(n) once, then cached until the next change.
 *
 * <p>Structure invariants (besides the treap's): every node is non-empty and holds at most
 * {@code maxChunk} code units of one run, or one embed; two neighbouring nodes that could be one
 * (text with equal attributes) are each at least {@code minChunk} long. The second bounds the node
 * count by about {@code n / minChunk} plus the number of runs, whatever the edit history; it is
 * restored at the seams of every structural change (split, then join) and kept by the in-place paths,
 * which only grow a chunk or shrink one that stays at least {@code minChunk}.
 *
 * <p>The result always equals {@code snapshot().compose(op)} in canonical form (neighbouring
 * inserts with equal attributes merged, as {@link Delta#builder()} pushes them). Positions count
 * UTF-16 code units, so a surrogate pair may be cut, as in Quill.
 *
 * <p>Not thread-safe: one writer (the document's sequencer). This class holds the edits and the
 * treap operations that use its scratch state (the found path, split results); the stateless treap
 * operations are {@link RopeTreap}'s, the chunk invariant {@link RopeChunks}'s, and reading the
 * rope back as a Delta {@link RopeSnapshot}'s.
 */
public final class RichTextRope implements OtDocument<Delta> {
  /**
   * Chunk size chosen by measurement (docs/PERFORMANCE.md): smaller chunks make a deeper tree,
   * larger ones make each in-place insert shift more characters.
   */
  static final int DEFAULT_MAX_CHUNK = 1024;

  private final int maxChunk;
  private final int minChunk;
  private final RopeChunks chunks;

  // All fields below are guarded by the single-writer contract of OtDocument (no lock).

  private @Nullable RopeNode root;

  /** The snapshot of the current content, or null when it must be rebuilt. */
  private @Nullable Delta snapshot;

  /** Xorshift state for node priorities; seeded at random so ops cannot aim at a bad shape. */
  private int random;

  /** Nodes from the root to the last {@link #find} result, {@code path[0, pathDepth)}. */
  private RopeNode[] path = new RopeNode[64];

  private int pathDepth;

  /** Offset inside the node returned by the last {@link #find}. */
  private int foundOffset;

  /** Results of {@link #split}, and of {@link #popFirst} / {@link #popLast}. */
  private @Nullable RopeNode splitLeft;

  private @Nullable RopeNode splitRight;
  private @Nullable RopeNode popped;

  /** The detached tail of a node that {@link #split} cut, to be put back at the top level. */
  private @Nullable RopeNode cutTail;

  /** A copy of {@code document}, which must hold inserts only. */
  public RichTextRope(Delta document) {
    this(document, DEFAULT_MAX_CHUNK);
  }

  /** With another chunk size: for tests (many chunks from little text) and measurements. */
  RichTextRope(Delta document, int maxChunk) {
    this(document, maxChunk, ThreadLocalRandom.current().nextInt());
  }

  /** With a fixed priority seed as well, so that a seeded test reproduces the tree's shape too. */
  RichTextRope(Delta document, int maxChunk, int prioritySeed) {
    if (maxChunk < 4) {
      throw new IllegalArgumentException("maxChunk must be at least 4, was " + maxChunk);
    }
    if (!document.isDocument()) {
      throw new InvalidOpException(Problem.NOT_A_DOCUMENT, "a rope holds a document (inserts only)");
    }
    this.maxChunk = maxChunk;
    this.minChunk = maxChunk / 4;
    this.chunks = new RopeChunks(maxChunk, minChunk);
    this.random = prioritySeed == 0 ? 1 : prioritySeed; // xorshift must not start at 0
    ArrayList<RopeNode> nodes = new ArrayList<>();
    StringBuilder run = new StringBuilder();
    Map<String, JsonValue> runAttributes = Map.of();
    for (Op op : document.ops()) {
      if (op.isTextInsert() && RopeNode.sameAttributes(runAttributes, op.attributes())) {
        run.append(op.text());
        runAttributes = op.attributes();
        continue;
      }
      chunks.addChunks(nodes, run.toString(), runAttributes, this::nextPriority);
      run.setLength(0);
      runAttributes = op.attributes();
      if (op.isTextInsert()) {
        run.append(op.text());
      } else {
        nodes.add(RopeNode.embed(op.embed(), op.attributes(), nextPriority()));
      }
    }
    chunks.addChunks(nodes, run.toString(), runAttributes, this::nextPriority);
    this.root = RopeTreap.build(nodes, nodes.size());
    this.snapshot = null;
  }

  @Override
  public void apply(Delta op) {
    RichText.checkOp(op, length());
    // Nothing below can fail: the check guarantees every position is inside the document.
    int position = 0;
    for (Op o : op.ops()) {
      switch (o.kind()) {
        case RETAIN:
          if (o.hasAttributes()) {
            format(position, o.length(), o.attributes());
            snapshot = null;
          }
          position += o.length();
          break;
        case INSERT:
          if (o.isTextInsert()) {
            insertText(position, o.text(), o.attributes());
          } else {
            root = insertTree(position, RopeNode.embed(o.embed(), o.attributes(), nextPriority()));
          }
          position += o.length();
          snapshot = null;
          break;
        default:
          delete(position, o.length());
          snapshot = null;
          break;
      }
    }
  }

  @Override
  public Delta snapshot() {
    Delta result = snapshot;
    if (result == null) {
      result = RopeSnapshot.of(root);
      snapshot = result;
    }
    return result;
  }

  @Override
  public int length() {
    return RopeNode.sum(root);
  }

  // ---- edits ---------------------------------------------------------------------------------

  private void insertText(int position, String text, Map<String, JsonValue> attributes) {
    int count = text.length();
    if (root != null && count <= maxChunk) {
      // Fast path: into the chunk just before the position (or the first one at 0), in place.
      RopeNode node = find(position, position > 0);
      if (node.isText()
          && node.length + count <= maxChunk
          && RopeNode.sameAttributes(node.attributes, attributes)) {
        node.insert(foundOffset, text, maxChunk);
        addAlongPath(count);
        return;
      }
    }
    ArrayList<RopeNode> nodes = new ArrayList<>();
    chunks.addChunks(nodes, text, attributes, this::nextPriority);
    root = insertTree(position, RopeTreap.build(nodes, nodes.size()));
  }

  private @Nullable RopeNode insertTree(int position, @Nullable RopeNode inserted) {
    split(root, position);
    RopeNode right = splitRight;
    return join(join(splitLeft, inserted), right);
  }

  private void delete(int position, int count) {
    RopeNode node = find(position, false);
    if (foundOffset + count <= node.length && node.length - count >= minChunk) {
      // Fast path: inside one chunk that stays long enough to keep the invariant.
      node.delete(foundOffset, count);
      addAlongPath(-count);
      return;
    }
    split(root, position);
    RopeNode left = splitLeft;
    split(splitRight, count);
    root = join(left, splitRight);
  }

  private void format(int position, int count, Map<String, JsonValue> change) {
    split(root, position);
    RopeNode left = splitLeft;
    split(splitRight, count);
    RopeNode right = splitRight;
    ArrayList<RopeNode> nodes = new ArrayList<>();
    RopeTreap.collect(splitLeft, nodes);
    // Neighbours usually share one map: compose once per distinct map, and keep sharing.
    Map<String, JsonValue> lastBefore = null;
    Map<String, JsonValue> lastAfter = Map.of();
    for (RopeNode node : nodes) {
      if (node.attributes != lastBefore) {
        lastBefore = node.attributes;
        lastAfter = Attributes.compose(node.attributes, change, false);
      }
      node.attributes = lastAfter;
    }
    RopeNode[] array = nodes.toArray(new RopeNode[0]);
    RopeNode middle = RopeTreap.build(array, chunks.normalise(array, array.length));
    root = join(join(left, middle), right);
  }

  // ---- treap ---------------------------------------------------------------------------------

  /**
   * Walks down to the node holding {@code position}, recording the path and {@link #foundOffset}.
   * Left-biased it finds the node holding the code unit before the position (offset in
   * {@code (0, length]}), else the one holding the code unit at it (offset in {@code [0, length)}).
   */
  private RopeNode find(int position, boolean leftBiased) {
    RopeNode node = root;
    int depth = 0;
    int at = position;
    while (true) {
      if (depth == path.length) {
        path = Arrays.copyOf(path, depth * 2);
      }
      path[depth++] = node;
      int leftSum = RopeNode.sum(node.left);
      if (leftBiased ? at <= leftSum : at < leftSum) {
        node = node.left;
        continue;
      }
      at -= leftSum;
      if (leftBiased ? at <= node.length : at < node.length) {
        pathDepth = depth;
        foundOffset = at;
        return node;
      }
      at -= node.length;
      node = node.right;
    }
  }

  private void addAlongPath(int delta) {
    for (int i = 0; i < pathDepth; i++) {
      path[i].sum += delta;
    }
  }

  /** Splits {@code node} into {@link #splitLeft} of length {@code position} and {@link #splitRight}. */
  private void split(@Nullable RopeNode node, int position) {
    cutTail = null;
    splitAt(node, position);
    if (cutTail != null) {
      // The tail of a cut node gets a fresh priority, so it can only be merged in at the top.
      splitRight = RopeTreap.merge(cutTail, splitRight);
      cutTail = null;
    }
  }

  private void splitAt(@Nullable RopeNode node, int position) {
    if (node == null) {
      splitLeft = null;
      splitRight = null;
      return;
    }
    int leftSum = RopeNode.sum(node.left);
    if (position <= leftSum) {
      splitAt(node.left, position);
      node.left = splitRight;
      node.updateSum();
      splitRight = node;
    } else if (position >= leftSum + node.length) {
      splitAt(node.right, position - leftSum - node.length);
      node.right = splitLeft;
      node.updateSum();
      splitLeft = node;
    } else {
      cutTail = node.cut(position - leftSum, nextPriority());
      splitRight = node.right;
      node.right = null;
      node.updateSum();
      splitLeft = node;
    }
  }

  /**
   * {@link RopeTreap#merge} that also restores the chunk invariant where the two meet: the two nodes on
   * each side of the seam are taken out, fused or evened out ({@link RopeChunks#normalise}), and put back.
   * Two on each side, because a cut can leave a small piece next to an old compatible neighbour.
   */
  private @Nullable RopeNode join(@Nullable RopeNode left, @Nullable RopeNode right) {
    // Also where one side is empty: a cut can leave a small piece at the document's either end.
    RopeNode[] seam = new RopeNode[4];
    int count = 0;
    if (left != null) {
      left = popLast(left);
      RopeNode beforeSeam = popped;
      if (left != null) {
        left = popLast(left);
        seam[count++] = popped;
      }
      seam[count++] = beforeSeam;
    }
    if (right != null) {
      right = popFirst(right);
      seam[count++] = popped;
      if (right != null) {
        right = popFirst(right);
        seam[count++] = popped;
      }
    }
    count = chunks.normalise(seam, count);
    for (int i = 0; i < count; i++) {
      left = RopeTreap.merge(left, seam[i]);
    }
    return RopeTreap.merge(left, right);
  }

  /** {@code node} without its first node, which goes to {@link #popped} detached. */
  private @Nullable RopeNode popFirst(RopeNode node) {
    if (node.left == null) {
      RopeNode rest = node.right;
      RopeTreap.detach(node);
      popped = node;
      return rest;
    }
    node.left = popFirst(node.left);
    node.sum -= popped.length;
    return node;
  }

  /** {@code node} without its last node, which goes to {@link #popped} detached. */
  private @Nullable RopeNode popLast(RopeNode node) {
    if (node.right == null) {
      RopeNode rest = node.left;
      RopeTreap.detach(node);
      popped = node;
      return rest;
    }
    node.right = popLast(node.right);
    node.sum -= popped.length;
    return node;
  }

  private int nextPriority() {
    int x = random;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    random = x;
    return x;
  }

  // ---- checks --------------------------------------------------------------------------------

  /**
   * Verifies the structure invariants (sums, heap order, chunk sizes, no small compatible
   * neighbours) in O(n); for tests. Returns the number of nodes.
   */
  int checkInvariants() {
    return chunks.checkInvariants(root);
  }

}
