package dev.collab.server.internal.engine;

import dev.collab.CommittedOp;
import dev.collab.VersionComparison;
import dev.collab.VersionComparison.Kind;
import dev.collab.VersionComparison.Part;
import dev.collab.internal.json.BoundedJson;
import dev.collab.ot.Delta;
import dev.collab.ot.DeltaJson;
import dev.collab.ot.JsonLimits;
import dev.collab.ot.Op;
import dev.collab.ot.RichText;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Compares two versions of a rich-text document: {@link Delta#diff} (diff-match-patch on the texts,
 * then the formats where the text is equal) says what is inserted, deleted and re-formatted, and
 * {@link Authorship}, replaying the op log between the versions, says who did it. Stateless.
 */
final class VersionCompare {
  /** The most ops replayed for authors; a comparison over more carries no authors (still correct). */
  static final int MAX_ATTRIBUTED_OPS = 5_000;

  /** How an embed (an image, a formula) stands in a part's text. */
  static final String EMBED = "\uFFFC";

  private VersionCompare() {}

  /**
   * @param ops the ops with {@code from < version <= to}, as the store still keeps them; authors are
   *     known only when they are all there and at most {@link #MAX_ATTRIBUTED_OPS}
   */
  static VersionComparison compare(String documentId, long from, long to, Delta older, Delta newer,
      List<CommittedOp> ops) {
    boolean authorsKnown = ops.size() == to - from && ops.size() <= MAX_ATTRIBUTED_OPS;
    Authorship authorship = null;
    if (authorsKnown) {
      authorship = new Authorship(older.length());
      for (CommittedOp op : ops) {
        authorship.apply(RichText.SERVER.decode(op.op(), JsonLimits.STORAGE), op.userId(), op.userName());
      }
    }
    Delta diff = older.diff(newer);
    List<Part> parts = new ArrayList<>();
    int a = 0;
    int b = 0;
    for (Op change : diff.ops()) {
      int length = change.length();
      if (change.isInsert()) {
        for (Authorship.Stretch s : authorship == null ? Authorship.unknown(b, b + length) : authorship.newer(b, b + length, false)) {
          addParts(parts, Kind.INSERTED, newer.slice(s.start(), s.end()), "{}", s.author());
        }
        b += length;
      } else if (change.isDelete()) {
        for (Authorship.Stretch s : authorship == null ? Authorship.unknown(a, a + length) : authorship.older(a, a + length)) {
          addParts(parts, Kind.DELETED, older.slice(s.start(), s.end()), "{}", s.author());
        }
        a += length;
      } else if (!change.hasAttributes()) {
        addParts(parts, Kind.UNCHANGED, newer.slice(b, b + length), "{}", null);
        a += length;
        b += length;
      } else {
        String formats = json(change.attributes());
        for (Authorship.Stretch s : authorship == null ? Authorship.unknown(b, b + length) : authorship.newer(b, b + length, true)) {
          addParts(parts, Kind.FORMATTED, newer.slice(s.start(), s.end()), formats, s.author());
        }
        a += length;
        b += length;
      }
    }
    if (b < newer.length()) {
      addParts(parts, Kind.UNCHANGED, newer.slice(b, newer.length()), "{}", null);
    }
    return new VersionComparison(documentId, from, to, DeltaJson.encode(diff), parts, authorsKnown);
  }

  private static void addParts(List<Part> parts, Kind kind, Delta slice, String formats,
      VersionComparison.Author author) {
    for (Op op : slice.ops()) {
      parts.add(new Part(kind, op.isTextInsert() ? op.text() : EMBED, json(op.attributes()), formats, author));
    }
  }

  private static String json(Map<String, JsonValue> attributes) {
    return attributes.isEmpty() ? "{}" : BoundedJson.PROVIDER.createObjectBuilder(Map.<String, Object>copyOf(attributes)).build().toString();
  }
}
