package dev.collab.server.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.collab.CommittedOp;
import dev.collab.User;
import dev.collab.client.ClientDocument;
import dev.collab.comments.Anchor;
import dev.collab.comments.CommentThread;
import dev.collab.ot.Delta;
import dev.collab.ot.DeltaJson;
import dev.collab.ot.JsonLimits;
import dev.collab.ot.RichText;
import dev.collab.protocol.ClientMessage;
import dev.collab.protocol.ClientMessage.CommentAction;
import dev.collab.server.defaults.InMemoryDocumentStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * The comment side of {@link MultiNodeSimulationTest}: clients open threads on ranges of the text
 * they have confirmed, reply, resolve and reopen, over the wire, with numbers from the simulation's
 * seeded random. At the end every live node must list the threads the store has, each anchor where
 * the log's ops move it from the version it was written at, and every acknowledged thread and
 * reply must be stored.
 */
final class SimulatedComments {
  private final String doc;
  private final Random random;
  private final long seed;
  /** client#seq of a comment message to what it did: "create:thread", "reply:thread:comment", "other". */
  private final Map<String, String> sent = new HashMap<>();
  private final List<String> threads = new ArrayList<>();
  /** Each thread's range as its create message gave it, at the message's base version. */
  private final Map<String, Anchor> asCreated = new HashMap<>();
  private final Set<String> createdAcked = new HashSet<>();
  private final Set<String> repliesAcked = new HashSet<>();
  private int refused;
  /** What each client was told: thread id to the thread with its anchor at the version of the message. */
  private final Map<String, Map<String, CommentThread>> told = new HashMap<>();

  SimulatedComments(String doc, Random random, long seed) {
    this.doc = doc;
    this.random = random;
    this.seed = seed;
  }

  /** One comment message of client {@code id} (nothing when its document has unconfirmed edits and it would open a thread). */
  void act(String id, AtomicLong seqs, @Nullable ClientDocument<Delta> document, Session session) {
    if (document == null) {
      return;
    }
    int kind = random.nextInt(10);
    ClientMessage.Comment message;
    if (kind < 4 || threads.isEmpty()) {
      int length = document.document().length();
      if (document.hasPending() || length < 2) {
        return; // a range is taken on the confirmed version (the browser client waits the same way)
      }
      long seq = seqs.incrementAndGet();
      int index = random.nextInt(length - 1);
      int size = 1 + random.nextInt(Math.min(20, length - index));
      String thread = "t" + seq + id;
      sent.put(id + "#" + seq, "create:" + thread);
      threads.add(thread);
      asCreated.put(thread, new Anchor(index, size, document.version(), false));
      message = new ClientMessage.Comment(doc, seq, CommentAction.CREATE, thread, "c" + seq, document.version(), index, size,
          "on " + index + "+" + size + " @user" + random.nextInt(10));
    } else {
      long seq = seqs.incrementAndGet();
      String thread = threads.get(random.nextInt(threads.size()));
      CommentAction action = kind < 8 ? CommentAction.REPLY : kind == 8 ? CommentAction.RESOLVE : CommentAction.REOPEN;
      String comment = action == CommentAction.REPLY ? "r" + seq + id : null;
      sent.put(id + "#" + seq, comment != null ? "reply:" + thread + ":" + comment : "other");
      message = new ClientMessage.Comment(doc, seq, action, thread, comment, null, null, null, comment != null ? "reply " + seq : null);
    }
    session.comment(message);
  }

  /** Client {@code id} got a join reply: it holds no threads until a {@code threads} message. */
  void joined(String id) {
    told.put(id, new HashMap<>());
  }

  void threads(String id, List<CommentThread> threads) {
    Map<String, CommentThread> now = new HashMap<>();
    threads.forEach(t -> now.put(t.id(), t));
    told.put(id, now);
  }

  void thread(String id, CommentThread thread) {
    told.computeIfAbsent(id, k -> new HashMap<>()).put(thread.id(), thread);
  }

  void threadDeleted(String id, String threadId) {
    told.computeIfAbsent(id, k -> new HashMap<>()).remove(threadId);
  }

  void commented(String id, long seq) {
    String what = sent.remove(id + "#" + seq);
    if (what != null && what.startsWith("create:")) {
      createdAcked.add(what.substring("create:".length()));
    } else if (what != null && what.startsWith("reply:")) {
      repliesAcked.add(what.substring("reply:".length()));
    }
  }

  /** True when {@code seq} of client {@code id} was a comment message (refused: a reply to a thread not stored yet, say). */
  boolean failed(String id, long seq) {
    if (sent.remove(id + "#" + seq) == null) {
      return false;
    }
    refused++;
    return true;
  }

  /**
   * Checks the store and the nodes (each lists the threads, which also sends its clients the whole
   * list if it had missed a change); returns the threads as they are at the head.
   */
  List<CommentThread> check(InMemoryDocumentStore store, List<CollabEngine> liveNodes) throws Exception {
    List<CommittedOp> log = store.readOps(doc, 0, Long.MAX_VALUE);
    List<CommentThread> stored = store.comments().threads(doc);
    assertThat(stored).as("some threads were opened, seed " + seed).isNotEmpty();
    List<CommentThread> expected = new ArrayList<>();
    for (CommentThread thread : stored) {
      expected.add(thread.withAnchor(atHead(thread.anchor(), log)));
    }
    for (CommentThread thread : expected) {
      Anchor truth = atHead(asCreated.get(thread.id()), log);
      assertThat(thread.anchor()).as("the stored anchor of " + thread.id() + " (revision " + thread.revision()
          + ") is where its range moves from its create message, seed " + seed).isEqualTo(truth);
    }
    for (String thread : createdAcked) {
      assertThat(stored).as("acknowledged thread " + thread + " is stored, seed " + seed).anyMatch(t -> t.id().equals(thread));
    }
    for (String reply : repliesAcked) {
      String[] parts = reply.split(":");
      assertThat(stored).as("acknowledged reply " + reply + " is stored, seed " + seed)
          .anyMatch(t -> t.id().equals(parts[0]) && t.comment(parts[1]) != null);
    }
    for (CollabEngine node : liveNodes) {
      List<CommentThread> listed = node.comments().list(doc, User.of("user1")).toCompletableFuture().get(10, TimeUnit.SECONDS);
      assertThat(listed).as(node.nodeId() + " agrees on every thread and anchor, seed " + seed).containsExactlyElementsOf(expected);
    }
    System.out.printf("  %d threads (%d detached), %d comments; %d comment messages refused%n", stored.size(),
        stored.stream().filter(t -> t.anchor().detached()).count(), stored.stream().mapToInt(t -> t.comments().size()).sum(), refused);
    return expected;
  }

  /** The thread with revision 1: a rebase after a snapshot writes a new revision that clients are not sent. */
  private static CommentThread withoutRevision(CommentThread t) {
    return new CommentThread(t.documentId(), t.id(), t.anchor(), t.comments(), t.resolved(), t.resolvedBy(), t.resolvedAt(), 1);
  }

  /**
   * Every client in {@code clients} holds every thread as it is (its revision aside: see {@link #withoutRevision}), and its anchor, moved
   * from the version of the message that told it over the log's later ops, is where the store's is.
   */
  void checkClients(List<CommittedOp> log, List<CommentThread> expected, List<String> clients) {
    Map<String, CommentThread> wanted = new HashMap<>();
    expected.forEach(t -> wanted.put(t.id(), withoutRevision(t)));
    for (String client : clients) {
      Map<String, CommentThread> seen = new HashMap<>();
      for (CommentThread thread : told.getOrDefault(client, Map.of()).values()) {
        seen.put(thread.id(), withoutRevision(thread.withAnchor(atHead(thread.anchor(), log))));
      }
      assertThat(seen).as(client + " was told every thread as it is, seed " + seed).isEqualTo(wanted);
    }
  }

  /** {@code anchor} moved over the log's ops after its version: where it is at the log's head. */
  private static Anchor atHead(Anchor anchor, List<CommittedOp> log) {
    for (CommittedOp op : log.subList((int) anchor.version(), log.size())) {
      anchor = anchor.moved(RichText.INSTANCE, DeltaJson.decode(op.op(), JsonLimits.STORAGE));
    }
    return anchor;
  }
}
