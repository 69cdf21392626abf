package dev.collab.server.internal.engine;

import dev.collab.server.defaults.InMemoryDocumentStore;
import dev.collab.server.defaults.LocalClusterBus;
import dev.collab.server.defaults.RoleAccessPolicy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.collab.CommittedOp;
import dev.collab.ErrorCode;
import dev.collab.User;
import dev.collab.client.ClientDocument;
import dev.collab.client.Submission;
import dev.collab.ot.Delta;
import dev.collab.ot.DeltaJson;
import dev.collab.ot.JsonLimits;
import dev.collab.ot.RichText;
import dev.collab.spi.ClusterBus;
import dev.collab.testing.RandomDeltas;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Three engines ("nodes") share one store and one bus; thirty clients spread over them edit one
 * document at random, following the protocol's client rules ({@link ClientDocument}), seeded.
 * Afterwards every client holds the store's document, the versions are 1..n without gap, and every
 * acknowledged op is in the log exactly once. Also with a bus that loses 20 % of messages,
 * duplicates 5 % and reorders, and with a node crashing mid-run (its clients reconnect elsewhere and
 * resubmit); and with each node on its own connection to a real Redis or an embedded Artemis broker,
 * whose transport is broken mid-run (the nodes resubscribe and catch up from the store).
 *
 * <p>Clients also open comment threads on ranges of the text they see, reply, resolve and reopen
 * ({@link SimulatedComments}); afterwards every node lists the threads the store has, each anchor where the
 * log's ops move it from the version it was written at, and every acknowledged comment is stored.
 *
 * <p>A fixed set of seeds runs in CI; {@code -Dcollab.seeds=N} adds N random ones, and
 * {@code -Dcollab.seed=S} runs S alone.
 */
class MultiNodeSimulationTest {
  private static final RichText TYPE = RichText.INSTANCE;
  private static final String DOC = "shared";

  static Stream<Arguments> runs() {
    List<Long> seeds = new ArrayList<>(List.of(1L, 2L, 3L));
    Long only = Long.getLong("collab.seed");
    if (only != null) {
      seeds = List.of(only);
    }
    int more = Integer.getInteger("collab.seeds", 0);
    Random random = new Random();
    for (int i = 0; i < more; i++) {
      seeds.add(random.nextLong());
    }
    List<Arguments> runs = new ArrayList<>();
    for (long seed : seeds) {
      for (Scenario scenario : Scenario.values()) {
        String scenarios = System.getProperty("collab.scenarios");
        if (scenarios == null || java.util.Arrays.asList(scenarios.split(",")).contains(scenario.name())) {
          runs.add(Arguments.of(scenario, seed));
        }
      }
    }
    return runs.stream();
  }

  enum Scenario {
    RELIABLE_BUS,
    LOSSY_BUS,
    NODE_CRASH,
    /** Each node on its own Redis connection (real Redis); mid-run every pub/sub connection is killed. */
    REDIS_BUS,
    /** Each node on its own JMS connection to an embedded Artemis broker, restarted mid-run. */
    JMS_BUS
  }

  @ParameterizedTest(name = "{0}, seed {1}")
  @MethodSource("runs")
  @DisplayName("thirty clients on three nodes converge, with every acknowledged op committed once")
  void clientsConverge(Scenario scenario, long seed) throws Exception {
    if (scenario == Scenario.REDIS_BUS) {
      dev.collab.server.bus.Services.requireRedis();
    }
    System.out.println("MultiNodeSimulationTest " + scenario + " seed " + seed + " (rerun with -Dcollab.seed=" + seed + ")");
    new Simulation(scenario, seed).run();
  }

  private static final class Simulation {
    final Scenario scenario;
    final long seed;
    final Random random;
    /** The clients' edits, drawn from {@link #random} between the simulation's own choices. */
    final RandomDeltas deltas;
    final InMemoryDocumentStore store = new InMemoryDocumentStore();
    final ClusterBus bus;
    final List<ClusterBus> buses = new ArrayList<>();
    final List<io.lettuce.core.RedisClient> redisClients = new ArrayList<>();
    org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ broker;
    int brokerPort;
    final List<CollabEngine> nodes = new ArrayList<>();
    final boolean[] crashed = new boolean[3];
    final List<SimClient> clients = new ArrayList<>();
    /** (client#seq) to the version it was acknowledged as. */
    final Map<String, Long> acked = new HashMap<>();
    int rejected;
    final SimulatedComments comments;

    Simulation(Scenario scenario, long seed) {
      this.scenario = scenario;
      this.seed = seed;
      this.random = new Random(seed);
      this.deltas = new RandomDeltas(random);
      this.comments = new SimulatedComments(DOC, random, seed);
      this.bus = scenario == Scenario.LOSSY_BUS
          ? new FaultyBus(new Random(seed ^ 0x5eed), 0.20, 0.05, 0.10)
          : new LocalClusterBus();
      EngineConfig config = EngineConfig.DEFAULTS.withWindowSize(40).withSnapshotEvery(25).withWorkerThreads(3);
      String prefix = "collab-sim:" + java.util.UUID.randomUUID() + ":";
      if (scenario == Scenario.JMS_BUS) {
        startBroker();
      }
      for (int i = 0; i < 3; i++) {
        ClusterBus nodeBus = bus;
        if (scenario == Scenario.REDIS_BUS) {
          io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create(
              dev.collab.server.bus.Services.redisUri());
          redisClients.add(client);
          nodeBus = new dev.collab.server.redis.RedisClusterBus(client, prefix);
        } else if (scenario == Scenario.JMS_BUS) {
          nodeBus = new dev.collab.server.jms.JmsClusterBus(
              new org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory("tcp://127.0.0.1:" + brokerPort), "collab-sim");
        }
        buses.add(nodeBus);
        nodes.add(CollabEngine.builder().store(store).bus(nodeBus).config(config).nodeId("node" + i)
            .policy(new RoleAccessPolicy(true)).build());
      }
    }

    void startBroker() {
      try {
        if (brokerPort == 0) {
          try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            brokerPort = socket.getLocalPort();
          }
        }
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory(java.nio.file.Path.of("target"), "artemis-sim");
        broker = new org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ().setConfiguration(
            new org.apache.activemq.artemis.core.config.impl.ConfigurationImpl().setPersistenceEnabled(false)
                .setSecurityEnabled(false).setJournalDirectory(dir.resolve("j").toString())
                .setBindingsDirectory(dir.resolve("b").toString()).setLargeMessagesDirectory(dir.resolve("l").toString())
                .setPagingDirectory(dir.resolve("p").toString()).addAcceptorConfiguration("tcp", "tcp://127.0.0.1:" + brokerPort));
        broker.start();
      } catch (Exception e) {
        throw new IllegalStateException("embedded broker did not start", e);
      }
    }

    /** Breaks the bus's transport mid-run: the nodes must resubscribe and catch up by themselves. */
    void restartTransport() throws Exception {
      if (scenario == Scenario.REDIS_BUS) {
        io.lettuce.core.RedisClient admin = io.lettuce.core.RedisClient.create(
            dev.collab.server.bus.Services.redisUri());
        try (io.lettuce.core.api.StatefulRedisConnection<String, String> connection = admin.connect()) {
          connection.sync().clientKill(io.lettuce.core.KillArgs.Builder.typePubsub());
        } finally {
          admin.shutdown();
        }
      } else if (scenario == Scenario.JMS_BUS) {
        broker.stop();
        startBroker();
      }
    }

    void run() throws Exception {
      try {
        nodes.get(0).create(DOC, RichText.NAME, "Shared", Map.of(), User.of("setup"));
        for (int i = 0; i < 30; i++) {
          SimClient client = new SimClient("client" + i, User.of("user" + (i % 10)));
          clients.add(client);
          client.connect(i % 3);
        }
        for (SimClient client : clients) {
          client.awaitReady();
        }
        int steps = 6_000;
        int crashAt = scenario == Scenario.NODE_CRASH ? steps / 3 + random.nextInt(steps / 3) : -1;
        int restartAt = scenario == Scenario.REDIS_BUS || scenario == Scenario.JMS_BUS
            ? steps / 3 + random.nextInt(steps / 3) : -1;
        for (int step = 0; step < steps; step++) {
          if (step == crashAt) {
            crash(random.nextInt(3));
          }
          if (step == restartAt) {
            restartTransport();
          }
          SimClient client = clients.get(random.nextInt(clients.size()));
          int action = random.nextInt(100);
          if (action < 30) {
            client.edit();
          } else if (action < 34) {
            if (client.ready && client.session != null) {
              comments.act(client.id, client.seqs, client.doc, client.session);
            }
          } else if (action < 90) {
            client.process(1 + random.nextInt(4));
          } else if (action < 97) {
            // A client that is slow to read: it waits a little for its next event.
            client.awaitEvent(1 + random.nextInt(2));
          } else if (action < 99) {
            client.process(Integer.MAX_VALUE);
          } else {
            client.reconnect();
          }
        }
        if (Boolean.getBoolean("collab.debug")) {
          for (SimClient c : clients) {
            System.out.println(c.id + " ready " + c.ready + " inbox " + c.inbox.size() + " doc " + (c.doc == null ? null : c.doc.version() + " pending " + c.doc.hasPending()));
          }
        }
        quiesce();
        check();
      } finally {
        for (CollabEngine node : nodes) {
          node.close();
        }
        new java.util.HashSet<>(buses).forEach(ClusterBus::close);
        redisClients.forEach(io.lettuce.core.RedisClient::shutdown);
        if (broker != null) {
          broker.stop();
        }
      }
    }

    void crash(int node) {
      if (crashed[node]) {
        return;
      }
      crashed[node] = true;
      nodes.get(node).crash();
      for (SimClient client : clients) {
        if (client.node == node) {
          client.reconnect();
        }
      }
    }

    List<CollabEngine> liveNodes() {
      List<CollabEngine> live = new ArrayList<>();
      for (int i = 0; i < nodes.size(); i++) {
        if (!crashed[i]) {
          live.add(nodes.get(i));
        }
      }
      return live;
    }

    int liveNode() {
      while (true) {
        int node = random.nextInt(3);
        if (!crashed[node]) {
          return node;
        }
      }
    }

    /** Heals the bus and processes every client's events until nothing is pending anywhere. */
    void quiesce() throws InterruptedException {
      if (bus instanceof FaultyBus) {
        ((FaultyBus) bus).heal();
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (System.nanoTime() < deadline) {
        boolean settled = true;
        long head = store.head(DOC);
        for (SimClient client : clients) {
          client.process(Integer.MAX_VALUE);
          if (client.doc == null || !client.ready || client.doc.hasPending() || client.doc.version() != head) {
            settled = false;
          }
        }
        if (settled && store.head(DOC) == head) {
          return;
        }
        // Wait for the next event of any client rather than spinning.
        clients.get(random.nextInt(clients.size())).awaitEvent(20);
      }
      StringBuilder state = new StringBuilder();
      for (SimClient c : clients) {
        state.append(c.id).append(" node ").append(c.node).append(" ready ").append(c.ready)
            .append(" version ").append(c.doc == null ? -1 : c.doc.version())
            .append(" pending ").append(c.doc != null && c.doc.hasPending()).append('\n');
      }
      throw new AssertionError("no quiescence within 60 s, seed " + seed + ", head " + store.head(DOC) + "\n" + state);
    }

    void check() throws Exception {
      List<CommittedOp> log = store.readOps(DOC, 0, Long.MAX_VALUE);
      assertThat(log).as("some ops were committed, seed " + seed).hasSizeGreaterThan(100);

      assertThat(log.stream().mapToLong(CommittedOp::version).toArray())
          .as("versions 1..n without gap, seed " + seed)
          .containsExactly(LongStream.rangeClosed(1, log.size()).toArray());
      Set<String> submits = new HashSet<>();
      Delta document = Delta.empty();
      for (CommittedOp op : log) {
        assertThat(submits.add(op.client() + "#" + op.seq())).as("(client, seq) committed twice: " + op + ", seed " + seed).isTrue();
        document = TYPE.apply(document, DeltaJson.decode(op.op(), JsonLimits.STORAGE));
      }
      for (Map.Entry<String, Long> ack : acked.entrySet()) {
        CommittedOp op = log.get((int) (ack.getValue() - 1));
        assertThat(op.client() + "#" + op.seq()).as("acknowledged op at its version, seed " + seed).isEqualTo(ack.getKey());
      }
      Delta expected = normal(document);
      for (SimClient client : clients) {
        for (Map.Entry<Long, String> t : client.told.entrySet()) {
          CommittedOp stored = log.get((int) (t.getKey() - 1));
          String v = t.getValue();
          String who = stored.client() + "#" + stored.seq();
          boolean ok;
          if (v.startsWith("ack:")) {
            ok = v.equals("ack:" + who);
          } else {
            String prefix = v.substring(0, v.indexOf(':') + 1) + who + ":";
            ok = v.startsWith(prefix) && DeltaJson.decode(v.substring(prefix.length()), JsonLimits.STORAGE)
                .equals(DeltaJson.decode(stored.op(), JsonLimits.STORAGE));
          }
          assertThat(ok).as(client.id + " was told version " + t.getKey() + " is " + v + " but the store has "
              + who + ":" + stored.op() + ", seed " + seed).isTrue();
        }
        assertThat(client.doc.document().text())
            .as(client.id + " (node " + client.node + ") converged (text), seed " + seed)
            .isEqualTo(expected.text());
        assertThat(normal(client.doc.document())).as(client.id + " converged, seed " + seed).isEqualTo(expected);
      }
      for (int i = 0; i < nodes.size(); i++) {
        if (!crashed[i]) {
          String data = nodes.get(i).read(DOC).toCompletableFuture().get(10, TimeUnit.SECONDS).data();
          assertThat(normal(DeltaJson.decode(data, JsonLimits.STORAGE))).as("node " + i + ", seed " + seed).isEqualTo(expected);
        }
      }
      List<dev.collab.comments.CommentThread> threads = comments.check(store, liveNodes());
      // The lists sent the clients of a node that had missed a change the whole list: let them read it.
      for (int round = 0; round < 5; round++) {
        for (SimClient client : clients) {
          client.awaitEvent(10);
          client.process(Integer.MAX_VALUE);
        }
      }
      comments.checkClients(log, threads, clients.stream().map(c -> c.id).toList());
      System.out.printf("  %d ops committed, %d acks seen, %d submits refused, conflicts %d, duplicates %d, gap reads %d%s%n",
          log.size(), acked.size(), rejected,
          nodes.stream().mapToLong(n -> n.metrics().conflicts.get()).sum(),
          nodes.stream().mapToLong(n -> n.metrics().duplicates.get()).sum(),
          nodes.stream().mapToLong(n -> n.metrics().gapReads.get()).sum(),
          bus instanceof FaultyBus ? ", bus dropped " + ((FaultyBus) bus).dropped + " duplicated "
              + ((FaultyBus) bus).duplicated + " reordered " + ((FaultyBus) bus).reordered : "");
    }

    /** One simulated browser tab: a session on some node and its client state machine. */
    final class SimClient {
      final String id;
      final User user;
      final AtomicLong seqs = new AtomicLong();
      final LinkedBlockingQueue<Object[]> inbox = new LinkedBlockingQueue<>();
      @Nullable ClientDocument<Delta> doc;
      /** What this client was told each version is: "op:<json>" or "ack:<client>#<seq>". */
      final Map<Long, String> told = new HashMap<>();
      @Nullable Session session;
      int node;
      /** Bumped at every connection; events of an older connection are ignored. */
      volatile int generation;
      boolean ready;

      SimClient(String id, User user) {
        this.id = id;
        this.user = user;
      }

      void connect(int toNode) {
        node = toNode;
        ready = false;
        int gen = ++generation;
        session = nodes.get(node).openSession(user, id, new Tagged(gen));
        session.join(DOC, doc == null ? null : doc.version());
      }

      void reconnect() {
        if (session != null && !crashed[node]) {
          session.close();
        }
        inbox.clear();
        connect(liveNode());
      }

      void edit() {
        if (!ready) {
          return;
        }
        doc.edit(deltas.edit(doc.document())).ifPresent(this::send);
      }

      void send(Submission<Delta> submission) {
        session.submit(DOC, submission.base(), submission.seq(), DeltaJson.encode(submission.op()));
      }

      void awaitReady() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!ready && System.nanoTime() < deadline) {
          awaitEvent(100);
        }
        assertThat(ready).as(id + " joined, seed " + seed).isTrue();
      }

      void awaitEvent(long millis) throws InterruptedException {
        Object[] event = inbox.poll(millis, TimeUnit.MILLISECONDS);
        if (event != null) {
          handle(event);
        }
      }

      void process(int max) {
        for (int i = 0; i < max; i++) {
          Object[] event = inbox.poll();
          if (event == null) {
            return;
          }
          handle(event);
        }
      }

      @SuppressWarnings("unchecked")
      void handle(Object[] event) {
        if ((int) event[0] != generation) {
          return;
        }
        switch ((String) event[1]) {
          case "joined":
            JoinReply reply = (JoinReply) event[2];
            if (reply instanceof JoinReply.SnapshotReply) {
              JoinReply.SnapshotReply snapshot = (JoinReply.SnapshotReply) reply;
              assertThat(doc).as(id + " got a snapshot on rejoin, seed " + seed).isNull();
              doc = new ClientDocument<>(TYPE, DOC, id, user.id(), snapshot.version(),
                  DeltaJson.decode(snapshot.data(), JsonLimits.STORAGE), seqs::incrementAndGet);
            } else {
              List<ClientDocument.Entry<Delta>> entries = new ArrayList<>();
              for (CommittedOp op : ((JoinReply.OpsReply) reply).ops()) {
                entries.add(new ClientDocument.Entry<>(op.version(), DeltaJson.decode(op.op(), JsonLimits.STORAGE), op.client(), op.seq(),
                    op.userId()));
                if (op.client().equals(id)) {
                  acked.put(op.client() + "#" + op.seq(), op.version());
                }
                told.put(op.version(), "entry:" + op.client() + "#" + op.seq() + ":" + op.op());
              }
              doc.catchUp(entries).submit().ifPresent(this::send);
            }
            comments.joined(id);
            ready = true;
            break;
          case "ack":
            long seq = (Long) event[2];
            long version = (Long) event[3];
            acked.put(id + "#" + seq, version);
            told.putIfAbsent(version, "ack:" + id + "#" + seq);
            doc.ack(seq, version).ifPresent(this::send);
            break;
          case "op":
            CommittedOp op = (CommittedOp) event[2];
            told.put(op.version(), "op:" + op.client() + "#" + op.seq() + ":" + op.op());
            doc.remote(op.version(), DeltaJson.decode(op.op(), JsonLimits.STORAGE));
            break;
          case "threads":
            @SuppressWarnings("unchecked")
            List<dev.collab.comments.CommentThread> all = (List<dev.collab.comments.CommentThread>) event[2];
            comments.threads(id, all);
            break;
          case "thread":
            comments.thread(id, (dev.collab.comments.CommentThread) event[2]);
            break;
          case "thread-deleted":
            comments.threadDeleted(id, (String) event[2]);
            break;
          case "commented":
            comments.commented(id, (Long) event[2]);
            break;
          case "error":
            Long failedSeq = (Long) event[2];
            if (failedSeq == null) {
              throw new AssertionError(id + " error " + event[3] + ": " + event[4] + ", seed " + seed);
            }
            if (Boolean.getBoolean("collab.debug")) {
              System.out.println(id + " error " + failedSeq + " " + event[3] + ": " + event[4]);
            }
            if (comments.failed(id, failedSeq)) {
              break;
            }
            rejected++;
            doc.rejected(failedSeq).submit().ifPresent(this::send);
            break;
          default:
            break;
        }
      }

      /** Tags events with the connection they belong to. */
      final class Tagged implements SessionListener {
        final int gen;

        Tagged(int gen) {
          this.gen = gen;
        }

        @Override
        public void joined(JoinReply reply) {
          inbox.add(new Object[] {gen, "joined", reply});
        }

        @Override
        public void op(String documentId, CommittedOp op) {
          inbox.add(new Object[] {gen, "op", op});
        }

        @Override
        public void ack(String documentId, long seq, long version) {
          inbox.add(new Object[] {gen, "ack", seq, version});
        }

        @Override
        public void error(String documentId, @Nullable Long seq, ErrorCode code, String message) {
          inbox.add(new Object[] {gen, "error", seq, code, message});
        }

        @Override
        public void presence(String documentId, String client, String userId, String userName, JsonValue range, @Nullable JsonObject meta) {}

        @Override
        public void presenceGone(String documentId, String client, String userId, String userName) {}

        @Override
        public void left(String documentId) {}

        @Override
        public void threads(String documentId, long version, List<dev.collab.comments.CommentThread> threads) {
          inbox.add(new Object[] {gen, "threads", threads});
        }

        @Override
        public void thread(String documentId, long version, dev.collab.comments.CommentThread thread) {
          inbox.add(new Object[] {gen, "thread", thread});
        }

        @Override
        public void threadDeleted(String documentId, long version, String threadId) {
          inbox.add(new Object[] {gen, "thread-deleted", threadId});
        }

        @Override
        public void commented(String documentId, long seq, String threadId) {
          inbox.add(new Object[] {gen, "commented", seq});
        }
      }

    }
  }

  private static Delta normal(Delta delta) {
    Delta.Builder builder = Delta.builder();
    delta.ops().forEach(builder::push);
    return builder.build();
  }
}
