package dev.collab.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.collab.ot.Delta;
import dev.collab.ot.Op;
import dev.collab.ot.RichText;
import dev.collab.testing.RandomDeltas;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Several {@link ClientDocument}s editing one document through a minimal in-test sequencer, with
 * messages delivered in a random (seeded) interleaving, random disconnects that lose what was in
 * transit, reconnects that catch up and resubmit, and refused submits. Afterwards every client holds
 * the server's document, and every submit was committed at most once.
 */
class ClientDocumentSimulationTest {
  private static final RichText TYPE = RichText.INSTANCE;
  private static final long SEED = Long.getLong("collab.seed", new Random().nextLong());

  @Test
  void clientsConvergeThroughReorderingDisconnectsAndRefusals() {
    System.out.println("ClientDocumentSimulationTest seed: " + SEED + " (rerun with -Dcollab.seed=" + SEED + ")");
    int runs = Integer.getInteger("collab.cases", 200);
    for (int run = 0; run < runs; run++) {
      long seed = SEED + run;
      new Simulation(new Random(seed), seed).run();
    }
  }

  /** One run: a sequencer, clients, and the messages in transit between them. */
  private static final class Simulation {
    private final Random random;
    /** The clients' edits: the algebra's corners (embeds, astral characters, non-canonical ops). */
    private final RandomDeltas deltas;
    private final long seed;
    private final List<Delta> log = new ArrayList<>();
    private final List<String> logClient = new ArrayList<>();
    private final List<Long> logSeq = new ArrayList<>();
    private final Map<String, Long> committedSeqs = new HashMap<>();
    private final List<Client> clients = new ArrayList<>();
    private Delta server = Delta.ofText("hello world\n");

    Simulation(Random random, long seed) {
      this.random = random;
      this.deltas = new RandomDeltas(random);
      this.seed = seed;
    }

    void run() {
      int count = 2 + random.nextInt(4);
      for (int i = 0; i < count; i++) {
        clients.add(new Client("c" + i));
      }
      int steps = 60 + random.nextInt(120);
      for (int step = 0; step < steps; step++) {
        Client c = clients.get(random.nextInt(clients.size()));
        int action = random.nextInt(100);
        if (!c.connected) {
          if (action < 30) {
            c.reconnect();
          }
        } else if (action < 35) {
          c.edit();
        } else if (action < 60) {
          c.deliverToServer();
        } else if (action < 92) {
          c.deliverToClient();
        } else {
          c.disconnect();
        }
      }
      // Quiesce: reconnect everyone, then deliver until nothing is in transit or pending.
      for (Client c : clients) {
        if (!c.connected) {
          c.reconnect();
        }
      }
      for (int guard = 0; guard < 100_000; guard++) {
        boolean busy = false;
        for (Client c : clients) {
          busy |= c.deliverToServer() | c.deliverToClient();
        }
        if (!busy) {
          break;
        }
      }
      for (Client c : clients) {
        assertThat(c.doc.hasPending()).as(c.id + " has pending ops, seed " + seed).isFalse();
        assertThat(c.doc.version()).as(c.id + " version, seed " + seed).isEqualTo(log.size());
        assertThat(normal(c.doc.document()))
            .as(c.id + " document, seed " + seed)
            .isEqualTo(normal(server));
      }
      Set<String> seen = new HashSet<>();
      for (int i = 0; i < log.size(); i++) {
        assertThat(seen.add(logClient.get(i) + "#" + logSeq.get(i)))
            .as("op committed twice, seed " + seed)
            .isTrue();
      }
    }

    /** The sequencer: idempotent on (client, seq), transforms from base, refuses some ops. */
    private List<Object[]> submit(Client from, Submission<Delta> s) {
      String key = from.id + "#" + s.seq();
      List<Object[]> replies = new ArrayList<>();
      Long existing = committedSeqs.get(key);
      if (existing != null) {
        replies.add(new Object[] {"ack", s.seq(), existing});
        return replies;
      }
      if (random.nextInt(20) == 0) {
        replies.add(new Object[] {"error", s.seq()});
        return replies;
      }
      Delta op = s.op();
      for (long v = s.base(); v < log.size(); v++) {
        op = TYPE.transform(log.get((int) v), op, true);
      }
      server = TYPE.apply(server, op);
      log.add(op);
      logClient.add(from.id);
      logSeq.add(s.seq());
      long version = log.size();
      committedSeqs.put(key, version);
      replies.add(new Object[] {"ack", s.seq(), version});
      for (Client other : clients) {
        if (other != from && other.connected && other.joined) {
          other.inbox.add(new Object[] {"op", version, op});
        }
      }
      return replies;
    }

    private final class Client {
      final String id;
      final AtomicLong seqs = new AtomicLong();
      final ArrayDeque<Submission<Delta>> outbox = new ArrayDeque<>();
      final ArrayDeque<Object[]> inbox = new ArrayDeque<>();
      ClientDocument<Delta> doc;
      boolean connected = true;
      boolean joined = true;

      Client(String id) {
        this.id = id;
        this.doc = new ClientDocument<>(TYPE, "d", id, "u", log.size(), server, seqs::incrementAndGet);
      }

      void edit() {
        doc.edit(deltas.change(doc.document())).ifPresent(outbox::add);
      }

      boolean deliverToServer() {
        Submission<Delta> s = outbox.poll();
        if (s == null) {
          return false;
        }
        inbox.addAll(submit(this, s));
        return true;
      }

      boolean deliverToClient() {
        Object[] m = inbox.poll();
        if (m == null) {
          return false;
        }
        switch ((String) m[0]) {
          case "ack":
            doc.ack((Long) m[1], (Long) m[2]).ifPresent(outbox::add);
            break;
          case "error":
            doc.rejected((Long) m[1]).submit().ifPresent(outbox::add);
            break;
          default:
            doc.remote((Long) m[1], (Delta) m[2]);
        }
        return true;
      }

      void disconnect() {
        connected = false;
        joined = false;
        // What was in transit is lost; the server may or may not have committed it.
        if (random.nextBoolean() && !outbox.isEmpty()) {
          deliverToServer();
        }
        outbox.clear();
        inbox.clear();
      }

      void reconnect() {
        connected = true;
        joined = true;
        List<ClientDocument.Entry<Delta>> entries = new ArrayList<>();
        for (long v = doc.version(); v < log.size(); v++) {
          entries.add(
              new ClientDocument.Entry<>(
                  v + 1, log.get((int) v), logClient.get((int) v), logSeq.get((int) v), "u"));
        }
        doc.catchUp(entries).submit().ifPresent(outbox::add);
      }
    }
  }

  private static Delta normal(Delta delta) {
    Delta.Builder builder = Delta.builder();
    delta.ops().forEach(builder::push);
    return builder.build();
  }

  @Test
  void ackForTheWrongSeqOrAGapIsRefused() {
    AtomicLong seqs = new AtomicLong();
    ClientDocument<Delta> doc =
        new ClientDocument<>(TYPE, "d", "c", "u", 3, Delta.ofText("abc"), seqs::incrementAndGet);
    Optional<Submission<Delta>> first = doc.edit(Delta.builder().insert("x").build());
    assertThat(first).hasValueSatisfying(s -> assertThat(s.base()).isEqualTo(3));
    assertThat(doc.edit(Delta.builder().insert("y").build())).isEmpty();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> doc.ack(99, 4))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("seq 99");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> doc.remote(5, Delta.ofText("q")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("rejoin");
    assertThat(doc.remote(3, Delta.ofText("dup"))).isEmpty();
    Optional<Submission<Delta>> buffered = doc.ack(1, 4);
    assertThat(buffered)
        .hasValueSatisfying(
            s -> {
              assertThat(s.seq()).isEqualTo(2);
              assertThat(s.base()).isEqualTo(4);
              assertThat(s.op()).isEqualTo(Delta.of(Op.insert("y")));
            });
    assertThat(doc.document().text()).isEqualTo("yxabc");
  }

  @Test
  @org.junit.jupiter.api.DisplayName("a catch-up entry with this client id and the in-flight seq but another user is someone else's op: the in-flight op is transformed over it and resubmitted with its seq")
  void catchUpEntryOfAnotherUserIsNotTheAck() {
    AtomicLong seqs = new AtomicLong(2);
    ClientDocument<Delta> doc =
        new ClientDocument<>(TYPE, "d", "x", "alice", 2, Delta.ofText("ab"), seqs::incrementAndGet);
    Optional<Submission<Delta>> mine = doc.edit(Delta.builder().insert("ALICE").build());
    assertThat(mine).hasValueSatisfying(s -> assertThat(s.seq()).isEqualTo(3));
    ClientDocument.CatchUp<Delta> caughtUp = doc.catchUp(
        List.of(new ClientDocument.Entry<>(3, Delta.builder().retain(2).insert("BOB").build(), "x", 3, "bob")));
    assertThat(caughtUp.toApply()).hasSize(1);
    assertThat(caughtUp.submit()).hasValueSatisfying(s -> {
      assertThat(s.seq()).isEqualTo(3);
      assertThat(s.base()).isEqualTo(3);
      assertThat(s.op()).isEqualTo(Delta.of(Op.insert("ALICE")));
    });
    assertThat(doc.document().text()).isEqualTo("ALICEabBOB");
    assertThat(doc.hasPending()).isTrue();
    // Her own entry (same client, same user, same seq) is the ack.
    ClientDocument.CatchUp<Delta> acked = doc.catchUp(
        List.of(new ClientDocument.Entry<>(4, Delta.builder().insert("ALICE").build(), "x", 3, "alice")));
    assertThat(acked.toApply()).isEmpty();
    assertThat(acked.submit()).isEmpty();
    assertThat(doc.hasPending()).isFalse();
    assertThat(doc.version()).isEqualTo(4);
  }
}
