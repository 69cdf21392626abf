package dev.collab.client;

import dev.collab.ErrorCode;
import dev.collab.comments.Anchor;
import dev.collab.comments.Comment;
import dev.collab.comments.CommentThread;
import dev.collab.ot.Delta;
import dev.collab.ot.JsonLimits;
import dev.collab.ot.RichText;
import dev.collab.protocol.ClientMessage;
import dev.collab.protocol.ProtocolCodec;
import dev.collab.protocol.ServerMessage;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link Transport} that is a tiny in-memory Collab server: one sequencer per document
 * (transform from base, idempotent on {@code (client, seq)}), joins with snapshot or catch-up,
 * presence relay, and fault injection (drops, refused submits, refused connections, lost history).
 * Synchronized: the clients' event threads call it.
 */
final class FakeServer implements Transport {
  static final RichText TYPE = RichText.INSTANCE;
  static final ServerMessage.WireUser USER = new ServerMessage.WireUser("ann", "Ann");

  /** When set, the next join with {@code from} is answered with a catch-up that has a gap (once). */
  boolean gapInNextCatchUp;

  /** What to do with the next submit. */
  sealed interface Fault {}

  /** Commit it, then drop the connection before the ack is sent. */
  record CommitThenDrop() implements Fault {}

  /** Drop the connection without committing it. */
  record DropWithoutCommit() implements Fault {}

  /** Answer with this error (not committed). */
  record Refuse(ErrorCode code) implements Fault {}

  static final class Doc {
    final Delta initial;
    final List<Delta> log = new ArrayList<>();
    final List<String> clients = new ArrayList<>();
    final List<Long> seqs = new ArrayList<>();
    final Map<String, Long> committed = new HashMap<>();
    Delta head;
    /** Joins from a version below this get a snapshot (the history is gone). */
    long historyStart;
    /** Comment threads, anchors at the head. */
    final Map<String, CommentThread> threads = new LinkedHashMap<>();

    Doc(Delta initial) {
      this.initial = initial;
      this.head = initial;
    }
  }

  final class Conn implements Connection {
    final Listener listener;
    final Set<String> joined = new HashSet<>();
    String client;
    boolean open = true;

    Conn(Listener listener) {
      this.listener = listener;
    }

    @Override
    public void send(String frame) {
      receive(this, frame);
    }

    @Override
    public void close(int code, String reason) {
      synchronized (FakeServer.this) {
        open = false;
      }
    }

    @Override
    public void abort() {
      synchronized (FakeServer.this) {
        open = false;
      }
    }
  }

  final Map<String, Doc> docs = new HashMap<>();
  final List<Conn> conns = new ArrayList<>();
  /** Every message received, in order, with the client that sent it. */
  final List<ClientMessage> received = new ArrayList<>();
  final ArrayDeque<Fault> faults = new ArrayDeque<>();
  /** What to do with the next comment messages. */
  final ArrayDeque<Fault> commentFaults = new ArrayDeque<>();
  int presenceIntervalMs = 50;
  boolean arrayFrames;
  int refuseConnections;
  int refuseStatus;
  int connects;

  synchronized Doc create(String id, String text) {
    Doc doc = new Doc(Delta.ofText(text));
    docs.put(id, doc);
    return doc;
  }

  /** Deletes a document as the server does: its joined connections get unknown-document, then left. */
  synchronized void delete(String id) {
    docs.remove(id);
    String error = ProtocolCodec.encode(new ServerMessage.Error(ErrorCode.UNKNOWN_DOCUMENT, "document " + id + " was deleted", id, null));
    String left = ProtocolCodec.encode(new ServerMessage.Left(id));
    for (Conn c : conns) {
      if (c.open && c.joined.remove(id)) {
        c.listener.onText(error);
        c.listener.onText(left);
      }
    }
  }

  synchronized Delta head(String id) {
    return docs.get(id).head;
  }

  synchronized <M extends ClientMessage> List<M> received(Class<M> type) {
    List<M> out = new ArrayList<>();
    for (ClientMessage m : received) {
      if (type.isInstance(m)) {
        out.add(type.cast(m));
      }
    }
    return out;
  }

  synchronized void fault(Fault fault) {
    faults.add(fault);
  }

  /** Closes every open connection from the server's side with {@code code}. */
  synchronized void dropAll(int code) {
    for (Conn c : conns) {
      if (c.open) {
        c.open = false;
        c.listener.onClosed(code, "test drop");
      }
    }
  }

  /** The URIs the clients connected to, in order. */
  final List<URI> dialled = new java.util.concurrent.CopyOnWriteArrayList<>();

  synchronized int openConnections() {
    return (int) conns.stream().filter(c -> c.open).count();
  }

  @Override
  public synchronized CompletableFuture<Connection> connect(URI uri, Map<String, String> headers, Listener listener) {
    connects++;
    dialled.add(uri);
    if (refuseConnections > 0) {
      refuseConnections--;
      return CompletableFuture.failedFuture(
          refuseStatus > 0 ? new Refused(refuseStatus, "refused " + refuseStatus) : new IOException("connection refused"));
    }
    Conn conn = new Conn(listener);
    conns.add(conn);
    return CompletableFuture.completedFuture(conn);
  }

  /** A client frame arrives; replies are handed to the listeners before this returns. */
  private void receive(Conn conn, String frame) {
    List<Runnable> deliveries = new ArrayList<>();
    synchronized (this) {
      if (!conn.open) {
        return;
      }
      Map<Conn, List<ServerMessage>> out = new HashMap<>();
      for (ProtocolCodec.Decoded<ClientMessage> d : ProtocolCodec.decodeClientFrame(frame, JsonLimits.DEFAULT)) {
        if (d.error() != null) {
          to(out, conn, d.error());
          continue;
        }
        ClientMessage m = d.message();
        received.add(m);
        if (handle(conn, m, out)) {
          break;
        }
      }
      for (Map.Entry<Conn, List<ServerMessage>> e : out.entrySet()) {
        Conn to = e.getKey();
        List<ServerMessage> messages = e.getValue();
        if (arrayFrames) {
          List<String> encoded = messages.stream().map(ProtocolCodec::encode).toList();
          String text = "[" + String.join(",", encoded) + "]";
          deliveries.add(() -> to.listener.onText(text));
        } else {
          for (ServerMessage message : messages) {
            String text = ProtocolCodec.encode(message);
            deliveries.add(() -> to.listener.onText(text));
          }
        }
      }
      if (!conn.open) {
        deliveries.add(() -> conn.listener.onClosed(1006, "dropped by the test"));
      }
      // Delivered under the lock so that every connection sees ops in version order; the
      // client's listener only hands the frame to its event thread, so this never blocks.
      deliveries.forEach(Runnable::run);
    }
  }

  /** Handles one message; true when the connection was dropped. */
  private boolean handle(Conn conn, ClientMessage m, Map<Conn, List<ServerMessage>> out) {
    if (m instanceof ClientMessage.Hello h) {
      conn.client = h.client();
      to(out, conn, new ServerMessage.Welcome(1, USER,
          new ServerMessage.Limits(1 << 20, 100_000, 10_000_000, 100, 16, presenceIntervalMs)));
    } else if (m instanceof ClientMessage.Join j) {
      Doc doc = docs.get(j.doc());
      if (doc == null) {
        to(out, conn, new ServerMessage.Error(ErrorCode.UNKNOWN_DOCUMENT, "no " + j.doc(), j.doc(), null));
        return false;
      }
      long head = doc.log.size();
      if (j.from() != null && j.from() > head) {
        to(out, conn, new ServerMessage.Error(ErrorCode.VERSION_AHEAD, "ahead", j.doc(), null));
        return false;
      }
      conn.joined.add(j.doc());
      if (j.from() != null && gapInNextCatchUp) {
        // A broken catch-up: one entry, numbered as if the one before it had been lost.
        gapInNextCatchUp = false;
        to(out, conn, new ServerMessage.Ops(j.doc(), List.of(new ServerMessage.Entry(j.from() + 2,
            TYPE.encode(Delta.builder().insert("?").build()), "lost", 1, USER)), TYPE.name(), "write"));
        return false;
      }
      if (j.from() == null || j.from() < doc.historyStart) {
        to(out, conn, new ServerMessage.Snapshot(j.doc(), head, TYPE.name(), TYPE.encode(doc.head), "write"));
      } else {
        List<ServerMessage.Entry> entries = new ArrayList<>();
        for (long v = j.from(); v < head; v++) {
          int i = (int) v;
          entries.add(new ServerMessage.Entry(v + 1, TYPE.encode(doc.log.get(i)), doc.clients.get(i), doc.seqs.get(i), USER));
        }
        to(out, conn, new ServerMessage.Ops(j.doc(), entries, TYPE.name(), "write"));
      }
      if (!doc.threads.isEmpty()) {
        to(out, conn, new ServerMessage.Threads(j.doc(), head, List.copyOf(doc.threads.values())));
      }
    } else if (m instanceof ClientMessage.Submit s) {
      Doc doc = docs.get(s.doc());
      Fault fault = faults.poll();
      if (fault instanceof DropWithoutCommit) {
        conn.open = false;
        return true;
      }
      if (fault instanceof Refuse r) {
        to(out, conn, new ServerMessage.Error(r.code(), "refused by the test", s.doc(), s.seq()));
        return false;
      }
      String key = conn.client + "#" + s.seq();
      Long existing = doc.committed.get(key);
      long version;
      if (existing != null) {
        version = existing;
      } else {
        Delta op = TYPE.decode(s.op(), JsonLimits.DEFAULT);
        for (long v = s.base(); v < doc.log.size(); v++) {
          op = TYPE.transform(doc.log.get((int) v), op, true);
        }
        doc.head = TYPE.apply(doc.head, op);
        doc.log.add(op);
        doc.clients.add(conn.client);
        doc.seqs.add(s.seq());
        version = doc.log.size();
        doc.committed.put(key, version);
        Delta committed = op;
        doc.threads.replaceAll((t, thread) -> thread.withAnchor(thread.anchor().moved(TYPE, committed)));
        for (Conn other : conns) {
          if (other != conn && other.open && other.joined.contains(s.doc())) {
            to(out, other, new ServerMessage.Op(s.doc(), version, TYPE.encode(op), conn.client, s.seq(), USER));
          }
        }
      }
      if (fault instanceof CommitThenDrop) {
        conn.open = false;
        return true;
      }
      to(out, conn, new ServerMessage.Ack(s.doc(), s.seq(), version));
    } else if (m instanceof ClientMessage.Presence p) {
      for (Conn other : conns) {
        if (other != conn && other.open && other.joined.contains(p.doc())) {
          to(out, other, new ServerMessage.Presence(p.doc(), conn.client, USER, p.range(), p.meta()));
        }
      }
    } else if (m instanceof ClientMessage.Leave l) {
      conn.joined.remove(l.doc());
      to(out, conn, new ServerMessage.Left(l.doc()));
    } else if (m instanceof ClientMessage.Ping) {
      to(out, conn, new ServerMessage.Pong());
    } else if (m instanceof ClientMessage.Comment c) {
      return comment(conn, c, out);
    }
    return false;
  }

  /** A comment command, with the rules of the real server (ids idempotent for create and reply). */
  private boolean comment(Conn conn, ClientMessage.Comment c, Map<Conn, List<ServerMessage>> out) {
    Doc doc = docs.get(c.doc());
    Fault fault = commentFaults.poll();
    if (fault instanceof DropWithoutCommit) {
      conn.open = false;
      return true;
    }
    if (fault instanceof Refuse r) {
      to(out, conn, new ServerMessage.Error(r.code(), "refused by the test", c.doc(), c.seq()));
      return false;
    }
    long head = doc.log.size();
    CommentThread t = doc.threads.get(c.thread());
    Instant now = Instant.now();
    CommentThread after = t;
    switch (c.action()) {
      case CREATE -> {
        if (t == null) {
          Anchor a = new Anchor(c.index(), c.length(), c.base(), false);
          for (long v = c.base(); v < head; v++) {
            a = a.moved(TYPE, doc.log.get((int) v));
          }
          after = new CommentThread(c.doc(), c.thread(), a, List.of(new Comment(c.comment(), USER.id(), USER.name(), c.text(), now, null)),
              false, null, null, 1);
        }
      }
      case REPLY -> {
        if (t != null && t.comment(c.comment()) == null) {
          List<Comment> comments = new ArrayList<>(t.comments());
          comments.add(new Comment(c.comment(), USER.id(), USER.name(), c.text(), now, null));
          after = new CommentThread(c.doc(), t.id(), t.anchor(), comments, t.resolved(), t.resolvedBy(), t.resolvedAt(), t.revision() + 1);
        }
      }
      case EDIT, DELETE -> {
        if (t != null && t.comment(c.comment()) != null) {
          List<Comment> comments = new ArrayList<>();
          for (Comment x : t.comments()) {
            if (!x.id().equals(c.comment())) {
              comments.add(x);
            } else if (c.action() == ClientMessage.CommentAction.EDIT) {
              comments.add(new Comment(x.id(), x.userId(), x.userName(), c.text(), x.created(), now));
            }
          }
          boolean gone = comments.isEmpty() || !comments.get(0).id().equals(t.first().id());
          after = gone ? null : new CommentThread(c.doc(), t.id(), t.anchor(), comments, t.resolved(), t.resolvedBy(),
              t.resolvedAt(), t.revision() + 1);
        } else if (c.action() == ClientMessage.CommentAction.EDIT) {
          t = null;
        } // a delete of what is gone already is done (a repeat after a reconnect), as the engine answers it
      }
      default -> {
        boolean resolve = c.action() == ClientMessage.CommentAction.RESOLVE;
        if (t != null) {
          after = new CommentThread(c.doc(), t.id(), t.anchor(), t.comments(), resolve, resolve ? USER.id() : null,
              resolve ? now : null, t.revision() + 1);
        }
      }
    }
    if (t == null && c.action() != ClientMessage.CommentAction.CREATE && c.action() != ClientMessage.CommentAction.DELETE) {
      to(out, conn, new ServerMessage.Error(ErrorCode.BAD_MESSAGE, "no such thread or comment", c.doc(), c.seq()));
      return false;
    }
    if (after != t) {
      ServerMessage shown = after == null ? new ServerMessage.ThreadDeleted(c.doc(), head, c.thread())
          : new ServerMessage.ThreadChanged(c.doc(), head, after);
      if (after == null) {
        doc.threads.remove(c.thread());
      } else {
        doc.threads.put(c.thread(), after);
      }
      for (Conn other : conns) {
        if (other.open && other.joined.contains(c.doc())) {
          to(out, other, shown);
        }
      }
    }
    if (fault instanceof CommitThenDrop) {
      conn.open = false;
      return true;
    }
    to(out, conn, new ServerMessage.Commented(c.doc(), c.seq(), c.thread()));
    return false;
  }

  private static void to(Map<Conn, List<ServerMessage>> out, Conn conn, ServerMessage message) {
    out.computeIfAbsent(conn, c -> new ArrayList<>()).add(message);
  }
}
