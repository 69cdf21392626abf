package dev.collab.bench;

import dev.collab.CommittedOp;
import dev.collab.ErrorCode;
import dev.collab.User;
import dev.collab.ot.RichText;
import dev.collab.server.internal.engine.CollabEngine;
import dev.collab.server.defaults.InMemoryDocumentStore;
import dev.collab.server.internal.engine.JoinReply;
import dev.collab.server.defaults.RoleAccessPolicy;
import dev.collab.server.internal.engine.Session;
import dev.collab.server.internal.engine.SessionListener;
import dev.collab.server.redis.RedisClusterBus;
import dev.collab.spi.ClusterBus;
import io.lettuce.core.RedisClient;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.jspecify.annotations.Nullable;

/**
 * Fan-out latency on the same node and across nodes: two engines ("nodes") share one in-memory
 * store, each on its own connection to Redis ({@code bus=redis}, the default;
 * {@code redis=redis://127.0.0.1:6379}) or to an Artemis broker embedded in this JVM and reached over
 * TCP on loopback ({@code bus=jms}). One writer on
 * node A submits ops one at a time (the next one after the previous ack, with an optional pause);
 * one reader on node A and one on node B record, for every op, the time from its submit to its
 * arrival (the writer is alone, so op {@code seq} is version {@code seq}). Same-node delivery happens in the committing sequencer; cross-node delivery goes
 * through Redis pub/sub and node B's sequencer. Arguments {@code key=value}: {@code ops} (default
 * 20000), {@code pauseMicros} (default 200), {@code redis}. Everything is in one JVM, so one clock
 * serves both ends.
 */
public final class FanOutLatency {
  private FanOutLatency() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options = new ConcurrentHashMap<>();
    for (String arg : args) {
      String[] kv = arg.split("=", 2);
      options.put(kv[0], kv[1]);
    }
    int ops = Integer.parseInt(options.getOrDefault("ops", "20000"));
    long pauseNanos = TimeUnit.MICROSECONDS.toNanos(Long.parseLong(options.getOrDefault("pauseMicros", "200")));
    String uri = options.getOrDefault("redis", "redis://127.0.0.1:6379");

    InMemoryDocumentStore store = new InMemoryDocumentStore();
    String prefix = "collab-fanout:" + UUID.randomUUID() + ":";
    boolean jms = "jms".equals(options.getOrDefault("bus", "redis"));
    RedisClient clientA = jms ? null : RedisClient.create(uri);
    RedisClient clientB = jms ? null : RedisClient.create(uri);
    org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ broker = jms ? startBroker() : null;
    ClusterBus busA = jms ? jmsBus() : new RedisClusterBus(clientA, prefix);
    ClusterBus busB = jms ? jmsBus() : new RedisClusterBus(clientB, prefix);
    CollabEngine nodeA = CollabEngine.builder().store(store).bus(busA).policy(new RoleAccessPolicy(true)).nodeId("A").build();
    CollabEngine nodeB = CollabEngine.builder().store(store).bus(busB).policy(new RoleAccessPolicy(true)).nodeId("B").build();
    try {
      nodeA.create("fanout", RichText.NAME, "Fan-out", Map.of(), User.of("bench"));
      Map<Long, Long> ackedAt = new ConcurrentHashMap<>();
      Histogram sameNode = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
      Histogram crossNode = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
      CountDownLatch crossDone = new CountDownLatch(ops);
      CountDownLatch sameDone = new CountDownLatch(ops);
      Session readerA = nodeA.openSession(User.of("ra"), "reader-a", new Reader(ackedAt, sameNode, sameDone));
      Session readerB = nodeB.openSession(User.of("rb"), "reader-b", new Reader(ackedAt, crossNode, crossDone));
      readerA.join("fanout", null);
      readerB.join("fanout", null);
      Writer writer = new Writer(ackedAt);
      Session writerSession = nodeA.openSession(User.of("w"), "writer", writer);
      writerSession.join("fanout", null);
      writer.joined.await(10, TimeUnit.SECONDS);
      TimeUnit.MILLISECONDS.sleep(500); // let both readers' joins land before the first op
      for (long seq = 1; seq <= ops; seq++) {
        writer.acked = new CountDownLatch(1);
        ackedAt.put(seq, System.nanoTime());
        writerSession.submit("fanout", seq - 1, seq, "[{\"insert\":\"x\"}]");
        if (!writer.acked.await(10, TimeUnit.SECONDS)) {
          throw new IllegalStateException("no ack for seq " + seq);
        }
        long until = System.nanoTime() + pauseNanos;
        while (System.nanoTime() < until) {
          Thread.onSpinWait();
        }
      }
      boolean complete = crossDone.await(30, TimeUnit.SECONDS) & sameDone.await(30, TimeUnit.SECONDS);
      System.out.printf(Locale.ROOT, "%d ops, pause %d us, all delivered: %s%n", ops, pauseNanos / 1000, complete);
      print("same node: submit -> reader on A", sameNode);
      print("cross node: submit -> " + (jms ? "JMS" : "Redis") + " -> reader on B", crossNode);
    } finally {
      nodeA.close();
      nodeB.close();
      busA.close();
      busB.close();
      if (clientA != null) {
        clientA.shutdown();
        clientB.shutdown();
      }
      if (broker != null) {
        broker.stop();
      }
    }
  }

  private static int brokerPort;

  private static org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ startBroker() throws Exception {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      brokerPort = socket.getLocalPort();
    }
    java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("collab-fanout-artemis");
    org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ broker =
        new org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ().setConfiguration(
            new org.apache.activemq.artemis.core.config.impl.ConfigurationImpl().setPersistenceEnabled(false)
                .setSecurityEnabled(false).setJournalDirectory(dir.resolve("j").toString())
                .setBindingsDirectory(dir.resolve("b").toString()).setLargeMessagesDirectory(dir.resolve("l").toString())
                .setPagingDirectory(dir.resolve("p").toString())
                .addAcceptorConfiguration("tcp", "tcp://127.0.0.1:" + brokerPort));
    broker.start();
    return broker;
  }

  private static ClusterBus jmsBus() {
    return new dev.collab.server.jms.JmsClusterBus(
        new org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory("tcp://127.0.0.1:" + brokerPort), "collab-fanout");
  }

  private static void print(String name, Histogram h) {
    System.out.printf(Locale.ROOT, "%-40s n=%d  p50 %.1f us  p90 %.1f us  p99 %.1f us  p99.9 %.1f us  max %.1f us%n",
        name, h.getTotalCount(), h.getValueAtPercentile(50) / 1e3, h.getValueAtPercentile(90) / 1e3,
        h.getValueAtPercentile(99) / 1e3, h.getValueAtPercentile(99.9) / 1e3, h.getMaxValue() / 1e3);
  }

  /** The writer: waits for each ack before the next submit. */
  static final class Writer extends Quiet {
    final Map<Long, Long> ackedAt;
    final CountDownLatch joined = new CountDownLatch(1);
    volatile CountDownLatch acked = new CountDownLatch(1);

    Writer(Map<Long, Long> ackedAt) {
      this.ackedAt = ackedAt;
    }

    @Override
    public void joined(JoinReply reply) {
      joined.countDown();
    }

    @Override
    public void ack(String documentId, long seq, long version) {
      acked.countDown();
    }
  }

  /** A reader: records how long after its submit each op arrived. */
  static final class Reader extends Quiet {
    final Map<Long, Long> ackedAt;
    final Histogram latency;
    final CountDownLatch done;

    Reader(Map<Long, Long> ackedAt, Histogram latency, CountDownLatch done) {
      this.ackedAt = ackedAt;
      this.latency = latency;
      this.done = done;
    }

    @Override
    public void op(String documentId, CommittedOp op) {
      long now = System.nanoTime();
      Long acked = ackedAt.get(op.version());
      synchronized (latency) {
        latency.recordValue(acked == null ? 0 : Math.max(0, now - acked));
      }
      done.countDown();
    }
  }

  /** Ignores everything but what a subclass overrides. */
  abstract static class Quiet implements SessionListener {
    @Override
    public void joined(JoinReply reply) {}

    @Override
    public void op(String documentId, CommittedOp op) {}

    @Override
    public void ack(String documentId, long seq, long version) {}

    @Override
    public void error(String documentId, @Nullable Long seq, ErrorCode code, String message) {
      System.err.println("error " + code + " " + message);
    }

    @Override
    public void presence(String documentId, String client, String userId, String userName, JsonValue range, @Nullable JsonObject meta) {}

    @Override
    public void presenceGone(String documentId, String client, String userId, String userName) {}

    @Override
    public void left(String documentId) {}
  }

}
