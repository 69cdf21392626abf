package dev.collab.server.internal.engine;

import dev.collab.VersionComparison.Author;
import dev.collab.ot.Delta;
import dev.collab.ot.Op;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Who made which part of a rich-text document between two versions: replays the ops between them
 * over runs of characters, remembering for each run of the newer version who inserted it and who
 * last re-formatted it, and for each character of the older version who deleted it. A run of the
 * older version keeps its offset there, so a deletion many ops later still finds its place. Not
 * thread-safe; one per comparison.
 */
final class Authorship {

  /** A run of characters of the current version. */
  private record Run(int length, int origin, @Nullable Author inserted, @Nullable Author formatted) {
    Run cut(int from, int to) {
      return new Run(to - from, origin < 0 ? -1 : origin + from, inserted, formatted);
    }

    boolean continues(Run previous) {
      return previous.inserted == inserted && previous.formatted == formatted
          && (origin < 0 ? previous.origin < 0 : previous.origin >= 0 && previous.origin + previous.length == origin);
    }
  }

  /** A deleted range of the older version: {@code [start, end)} deleted by {@code by}. */
  private record Deletion(int start, int end, Author by) {}

  private List<Run> runs = new ArrayList<>();
  private final TreeMap<Integer, Deletion> deletions = new TreeMap<>();
  /** One Author instance per user id, so runs compare authors by identity and merge. */
  private final Map<String, Author> authors = new java.util.HashMap<>();

  /** @param olderLength the length of the older version's document */
  Authorship(int olderLength) {
    if (olderLength > 0) {
      runs.add(new Run(olderLength, 0, null, null));
    }
  }

  /** Applies one committed op, made by the given user. */
  void apply(Delta op, String userId, String userName) {
    Author author = authors.computeIfAbsent(userId, id -> new Author(id, userName));
    List<Run> next = new ArrayList<>(runs.size() + 2);
    int index = 0;
    int offset = 0; // within runs.get(index)
    for (Op component : op.ops()) {
      if (component.isInsert()) {
        add(next, new Run(component.length(), -1, author, null));
        continue;
      }
      int remaining = component.length();
      while (remaining > 0 && index < runs.size()) {
        Run run = runs.get(index);
        int take = Math.min(remaining, run.length() - offset);
        Run piece = run.cut(offset, offset + take);
        if (component.isRetain()) {
          add(next, component.hasAttributes() ? new Run(piece.length(), piece.origin(), piece.inserted(), author) : piece);
        } else if (piece.origin() >= 0) {
          deletions.put(piece.origin(), new Deletion(piece.origin(), piece.origin() + take, author));
        }
        remaining -= take;
        offset += take;
        if (offset == run.length()) {
          index++;
          offset = 0;
        }
      }
    }
    if (index < runs.size()) {
      add(next, runs.get(index).cut(offset, runs.get(index).length()));
      for (int i = index + 1; i < runs.size(); i++) {
        add(next, runs.get(i));
      }
    }
    runs = next;
  }

  private static void add(List<Run> runs, Run run) {
    if (run.length() == 0) {
      return;
    }
    int last = runs.size() - 1;
    if (last >= 0 && run.continues(runs.get(last))) {
      Run previous = runs.get(last);
      runs.set(last, new Run(previous.length() + run.length(), previous.origin(), previous.inserted(), previous.formatted()));
    } else {
      runs.add(run);
    }
  }

  /** A stretch of a version with one author (or none known). */
  record Stretch(int start, int end, @Nullable Author author) {}

  /** The newer version's {@code [start, end)} cut where its inserting (or re-formatting) author changes. */
  List<Stretch> newer(int start, int end, boolean formatted) {
    List<Stretch> stretches = new ArrayList<>();
    int position = 0;
    for (Run run : runs) {
      int from = Math.max(start, position);
      int to = Math.min(end, position + run.length());
      if (from < to) {
        addStretch(stretches, from, to, formatted ? run.formatted() : run.inserted());
      }
      position += run.length();
      if (position >= end) {
        break;
      }
    }
    if (stretches.isEmpty() || stretches.get(stretches.size() - 1).end() < end) {
      addStretch(stretches, stretches.isEmpty() ? start : stretches.get(stretches.size() - 1).end(), end, null);
    }
    return stretches;
  }

  /** The older version's {@code [start, end)} cut where its deleting author changes. */
  List<Stretch> older(int start, int end) {
    List<Stretch> stretches = new ArrayList<>();
    int position = start;
    Map.Entry<Integer, Deletion> entry = deletions.floorEntry(start);
    Integer key = entry == null ? deletions.ceilingKey(start) : entry.getKey();
    for (Deletion d : key == null ? List.<Deletion>of() : deletions.tailMap(key, true).values()) {
      if (d.start() >= end) {
        break;
      }
      int from = Math.max(position, d.start());
      int to = Math.min(end, d.end());
      if (from >= to) {
        continue;
      }
      if (from > position) {
        addStretch(stretches, position, from, null);
      }
      addStretch(stretches, from, to, d.by());
      position = to;
    }
    if (position < end) {
      addStretch(stretches, position, end, null);
    }
    return stretches;
  }

  private static void addStretch(List<Stretch> stretches, int start, int end, @Nullable Author author) {
    int last = stretches.size() - 1;
    if (last >= 0 && stretches.get(last).author() == author && stretches.get(last).end() == start) {
      stretches.set(last, new Stretch(stretches.get(last).start(), end, author));
    } else {
      stretches.add(new Stretch(start, end, author));
    }
  }

  /** No author known anywhere: for a comparison whose ops are no longer all kept. */
  static List<Stretch> unknown(int start, int end) {
    return List.of(new Stretch(start, end, null));
  }
}
