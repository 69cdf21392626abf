package dev.collab.server.internal.export.model;

import dev.collab.ot.Op;
import jakarta.json.JsonValue;
import java.util.List;
import java.util.Objects;

/**
 * Groups a line's inserts into nested runs of equal formats, so that {@code **ab**} comes out as
 * one strong run, not two: for the first key, consecutive inserts with the same value are wrapped
 * once, and inside each group the next key is applied, down to the inserts themselves.
 */
public final class Runs {
  private Runs() {}

  /**
   * What a converter builds from the runs.
   *
   * @param <P> the converter's node type (an HTML element, a Markdown node)
   */
  public interface Sink<P> {
    /** A node for the run formatted with {@code key = value}, appended to {@code parent}. */
    P wrap(P parent, String key, JsonValue value);

    /** Appends one insert (text or embed) to {@code parent}. */
    void leaf(P parent, Op insert);
  }

  /** Builds the runs of {@code inserts} into {@code parent}, grouping by {@code keys} in that order. */
  public static <P> void build(List<Op> inserts, List<String> keys, P parent, Sink<P> sink) {
    build(inserts, 0, inserts.size(), keys, 0, parent, sink);
  }

  private static <P> void build(List<Op> ops, int from, int to, List<String> keys, int k, P parent, Sink<P> sink) {
    if (k == keys.size()) {
      for (int i = from; i < to; i++) {
        sink.leaf(parent, ops.get(i));
      }
      return;
    }
    String key = keys.get(k);
    int i = from;
    while (i < to) {
      JsonValue value = ops.get(i).attributes().get(key);
      int j = i + 1;
      while (j < to && Objects.equals(ops.get(j).attributes().get(key), value)) {
        j++;
      }
      boolean set = value != null && value != JsonValue.NULL && value != JsonValue.FALSE;
      build(ops, i, j, keys, k + 1, set ? sink.wrap(parent, key, value) : parent, sink);
      i = j;
    }
  }
}
