package dev.collab.server.internal.engine;

import dev.collab.comments.Anchor;
import dev.collab.comments.CommentThread;
import dev.collab.ot.OtType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The comment threads of one loaded document, their anchors at the document's head: every op the
 * head advances by moves every anchor ({@link Anchor#moved}), on every node alike, so all nodes
 * agree on where each thread sits at each version. Not loaded until a join, a comment or a cluster
 * message needs them ({@link CommentPath#ensureLoaded}); a rebuild of the document from the store
 * unloads them, so they are read again with it.
 *
 * <p>Confined to the document's turn (its owner, {@link DocumentState}, checks it).
 *
 * @param <O> the document's op type
 */
final class DocumentThreads<O> {
  /** By thread id, in the order the threads were opened; null while not loaded. */
  private @Nullable LinkedHashMap<String, CommentThread> threads;
  /** The anchor version each thread was last written to the store with (for the rebase at snapshots). */
  private final Map<String, Long> storedAt = new HashMap<>();

  boolean isLoaded() {
    return threads != null;
  }

  void unload() {
    threads = null;
    storedAt.clear();
  }

  /** Starts from {@code loaded}, already moved to the head; {@code stored} their versions in the store. */
  void load(List<CommentThread> loaded, Map<String, Long> stored) {
    threads = new LinkedHashMap<>();
    storedAt.clear();
    for (CommentThread thread : loaded) {
      threads.put(thread.id(), thread);
    }
    storedAt.putAll(stored);
  }

  /** Moves every anchor over {@code op}, the op just committed at the head. */
  void moved(OtType<O> type, O op) {
    if (threads == null || threads.isEmpty()) {
      return;
    }
    threads.replaceAll((id, thread) -> thread.withAnchor(thread.anchor().moved(type, op)));
  }

  @Nullable CommentThread get(String threadId) {
    return threads == null ? null : threads.get(threadId);
  }

  /** The threads in the order they were opened; empty when not loaded. */
  List<CommentThread> all() {
    return threads == null ? List.of() : new ArrayList<>(threads.values());
  }

  int size() {
    return threads == null ? 0 : threads.size();
  }

  /**
   * {@code thread} as now stored, written with its anchor at {@code storedVersion}.
   *
   * @param head the document's head: the thread's anchor must be at it (every anchor here moves
   *     with each op from then on, so one left behind would drift)
   */
  void put(CommentThread thread, long storedVersion, long head) {
    if (thread.anchor().version() != head) {
      throw new IllegalStateException("thread " + thread.id() + " anchored at version " + thread.anchor().version()
          + ", not at the head " + head);
    }
    if (threads != null) {
      threads.put(thread.id(), thread);
      storedAt.put(thread.id(), storedVersion);
    }
  }

  void remove(String threadId) {
    if (threads != null) {
      threads.remove(threadId);
      storedAt.remove(threadId);
    }
  }

  /**
   * A digest of the threads' ids and revisions, the same on every node that has the same threads
   * (in any order), for the {@code head} announcement: a node whose digest differs reads them again.
   */
  long digest() {
    long digest = 0;
    if (threads != null) {
      for (CommentThread thread : threads.values()) {
        digest += thread.id().hashCode() * 1_000_003L + thread.revision();
      }
    }
    return digest;
  }

  /** The threads whose stored anchor is older than {@code version}. */
  List<CommentThread> storedBefore(long version) {
    List<CommentThread> old = new ArrayList<>();
    if (threads != null) {
      for (CommentThread thread : threads.values()) {
        if (storedAt.getOrDefault(thread.id(), 0L) < version) {
          old.add(thread);
        }
      }
    }
    return old;
  }
}
