package dev.collab.client;

import dev.collab.comments.Anchor;
import dev.collab.comments.CommentThread;
import dev.collab.ot.OtType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The comment threads of one document as {@link ClientComments} knows them: each with its anchor at
 * this client's confirmed version, moved with every committed op ({@link #committed}) by {@link
 * Anchor#moved}, as the server moves it; and the view other threads read, in display space (over
 * the pending edits, the in-flight op then the buffer). Confined to the client's event thread but for {@link #view()}.
 *
 * @param <O> the document's op type
 */
final class ClientThreads<O> {
  private final Connector client;
  private final OtType<O> type;
  private final String id;
  private final SharedDocument<O> owner;
  /** The threads by id, in the order they were opened; anchors at this client's confirmed version. */
  private final Map<String, CommentThread> threads = new LinkedHashMap<>();
  private volatile List<CommentThread> view = List.of();
  /** What the listeners were last told. */
  private List<CommentThread> fired = List.of();

  ClientThreads(Connector client, OtType<O> type, String id, SharedDocument<O> owner) {
    this.client = client;
    this.type = type;
    this.id = id;
    this.owner = owner;
  }

  /** The threads in display space, as last published. Any thread. */
  List<CommentThread> view() {
    return view;
  }

  @Nullable CommentThread get(String threadId) {
    return threads.get(threadId);
  }

  /** Forgets every thread (the document was replaced); the listeners hear of it with the next {@link #replace}. */
  void clear() {
    threads.clear();
  }

  /** A {@code thread} message: opened or changed. */
  void put(CommentThread thread, ClientDocument<O> doc) {
    threads.put(thread.id(), current(thread, doc));
    changed(doc);
  }

  /** A {@code thread} message with {@code deleted}. */
  void remove(String threadId, ClientDocument<O> doc) {
    if (threads.remove(threadId) != null) {
      changed(doc);
    }
  }

  /** The threads after a join: those of its {@code threads} message, or none. */
  void replace(List<CommentThread> all, ClientDocument<O> doc) {
    boolean quiet = all.isEmpty() && fired.isEmpty();
    threads.clear();
    all.forEach(t -> threads.put(t.id(), current(t, doc)));
    if (quiet) {
      refresh(doc);
    } else {
      changed(doc);
    }
  }

  /** {@code op} was committed as {@code version}: every anchor at the version before moves over it. */
  void committed(long version, O op) {
    threads.replaceAll((threadId, t) -> t.anchor().version() == version - 1 ? t.withAnchor(t.anchor().moved(type, op)) : t);
  }

  /** {@code thread} with its anchor at the confirmed version (it was sent at it unless the order broke). */
  private CommentThread current(CommentThread thread, ClientDocument<O> doc) {
    Anchor a = thread.anchor();
    if (a.version() >= doc.version()) {
      return thread;
    }
    client.log(System.Logger.Level.WARNING, "document " + id + ": thread " + thread.id() + " arrived at version "
        + a.version() + ", behind " + doc.version() + "; shown as it came");
    return thread.withAnchor(new Anchor(a.index(), a.length(), doc.version(), a.detached()));
  }

  private void changed(ClientDocument<O> doc) {
    refresh(doc);
    List<CommentThread> shown = view;
    fired = shown;
    owner.fire(l -> l.onThreads(shown));
  }

  /** Publishes the threads in display space: each anchor moved over the pending edits. */
  void refresh(ClientDocument<O> doc) {
    List<O> pending = doc.pending();
    List<CommentThread> shown = new ArrayList<>(threads.size());
    for (CommentThread t : threads.values()) {
      Anchor a = t.anchor();
      if (!pending.isEmpty() && a.version() == doc.version()) {
        for (O op : pending) {
          a = a.moved(type, op);
        }
        a = new Anchor(a.index(), a.length(), doc.version(), a.detached());
      }
      shown.add(a == t.anchor() ? t : t.withAnchor(a));
    }
    view = List.copyOf(shown);
  }
}
