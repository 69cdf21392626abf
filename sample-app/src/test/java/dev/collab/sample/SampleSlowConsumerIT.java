package dev.collab.sample;

import dev.collab.ot.JsonLimits;
import dev.collab.protocol.ClientMessage;
import dev.collab.protocol.ProtocolCodec;
import dev.collab.protocol.ServerMessage;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, row 1, as an operator meets it: the sample app on Payara Micro with its embedded
 * defaults (H2) in a process of its own, a document a writer keeps busy, and a client that joins it
 * and stops reading. The server must close that client with 1013 before it owes more than
 * {@code collab.max-queued-bytes}, and its memory must not grow past that bound plus a slack.
 *
 * <p><b>The clients.</b> alice writes: she replaces a {@value SampleWriter#TEXT}-character text,
 * one submit at a time, each after the ack of the last, at most {@value SampleWriter#PER_SECOND} a
 * second (under the sample's default of 100 messages per second per connection), for the whole
 * test. bob reads everything (a bystander: the server must keep serving him). carol, a reader, is
 * the stalled client: a hand-made WebSocket over a plain socket ({@link StalledSocket}) with a
 * {@value #RECEIVE_BUFFER}-byte receive buffer, which reads its welcome and its snapshot (version
 * {@code s}) and then never reads again, nor answers a ping.
 *
 * <p><b>What the server owes her, and when it must cut her.</b> Every op committed after
 * {@code s} is queued for her in the same step that acks it to alice ({@code DocumentSequencer}
 * delivers to every subscriber in one loop), so when alice has the ack of version {@code v}, the
 * server has taken on the op frames of versions {@code s+1..v} for carol; bob receives the same
 * frames, which gives their sizes. carol never answers a ping, so she confirms nothing: Collab counts
 * all of it as owed, whether it waits in Collab's queue, in Payara's write queue, or in the kernel's
 * socket buffers. The kernel holds at most carol's receive buffer plus the server's send buffer
 * (at most {@code net.ipv4.tcp_wmem}'s maximum: 4 MiB here), so what the server process itself
 * holds for her is the owed amount minus up to that much. Bounding the owed amount bounds that too,
 * and is the stronger statement, so the test asserts it, on Collab's own count: the frames acked
 * to alice up to the moment of the cut (the server's log line, with its
 * {@code timeMillis}) add up to at most the bound plus two op frames (the op that crossed the
 * bound, and one more for the millisecond of the log's clock), and the server's own figure in
 * that line ("it owes N characters") is at most the bound plus one op frame. Ops are ASCII, so a
 * character is a byte on the wire. The test also checks that alice produced several times the
 * bound for carol during the stall (else nothing was tested), and that after the stall carol's
 * socket holds no more than the bound and then ends: a 1013 close frame, or, Payara's known gap
 * (docs/SECURITY.md), a reset or an end of stream without it; a connection still open fails.
 *
 * <p><b>Memory.</b> The server's heap is pinned and touched at start ({@code -Xms} = {@code -Xmx}
 * = {@value #HEAP}, {@code -XX:+AlwaysPreTouch}): the heap is then a constant part of the resident
 * set, so the collector's sizing of it does not count as growth, and what the RSS
 * ({@code VmRSS}) shows growing is memory outside the heap (direct buffers, thread stacks, code,
 * malloc); it is sampled every 100 ms through the stall. Payara's write queue is on the heap, so
 * what the server keeps for carol is measured apart, as the heap in use after a full collection
 * ({@code jcmd GC.run}) at the end of the warm-up and at the end of the stall, both at a quiet
 * moment (alice paused or stopped, bob caught up: under load the live heap moves by tens of MiB
 * with what is in flight), carol not yet read again. A server that keeps what it owes her (flow
 * control defeated) fails there, by the whole stall's owed amount, while its RSS does not move.
 * Both may grow by at most the bound plus a slack: {@value #RSS_SLACK_MIB} MiB for the RSS
 * (measured: 1 to 13 MiB; code compiled for the cut and close paths, the ping threads' stacks,
 * the JDK's cached temporary direct buffers of the socket writes, malloc arenas),
 * {@value #HEAP_SLACK_MIB} MiB for the heap (measured at quiet moments: +4 MiB; the store's
 * caches and the documents' windows move between two collections). The warm-up runs the same load
 * with bob alone reading for at least {@value #WARM_UP_SECONDS} s, longer (up to 60 s) while the
 * RSS still grows by more than 4 MiB in 5 s.
 *
 * <p><b>Settings</b> (system properties of the test): {@code sample.it.slow.max-queued-bytes}
 * (default 4 MiB) is the bound the test asserts and gives the server; {@code
 * sample.it.slow.server-max-queued-bytes} gives the server another value (an absurdly high one
 * defeats the flow control, to see the test fail). The stall lasts until alice's edits owe carol
 * {@value #STALL_FACTOR} times the bound and at least {@value #STALL_MIN_OWED_MIB} MiB,
 * {@value #STALL_MAX_SECONDS} s at most (alice's round trip, H2's commit included, allows 20 to 50
 * submits a second on a busy 2-core machine: 35 to 60 s).
 */
class SampleSlowConsumerIT {
  private static final int BOUND = Integer.getInteger("sample.it.slow.max-queued-bytes", 4 << 20);
  private static final int SERVER_BOUND = Integer.getInteger("sample.it.slow.server-max-queued-bytes", BOUND);
  /**
   * The stall lasts until alice's edits owe carol this many times the bound, and at least
   * {@value #STALL_MIN_OWED_MIB} MiB (so that a server that kept it all would fail the heap check
   * by far), or {@value #STALL_MAX_SECONDS} s.
   */
  private static final int STALL_FACTOR = 10;
  private static final int STALL_MIN_OWED_MIB = 128;
  private static final int STALL_MAX_SECONDS = 120;
  private static final int WARM_UP_SECONDS = 20;
  private static final int RECEIVE_BUFFER = 65_536;
  private static final String HEAP = "512m";
  private static final int RSS_SLACK_MIB = 32;
  private static final int HEAP_SLACK_MIB = 32;
  private static final long MIB = 1 << 20;
  private static final Pattern TIME_MILLIS = Pattern.compile("timeMillis: (\\d+)");

  @Test
  @DisplayName("a client that stops reading a busy document is closed with 1013 within the bound, and the server's RSS and heap stay within the bound plus a slack")
  void stalledClientIsCutWithinTheBound() throws Exception {
    Path workDir = Files.createDirectories(Path.of(System.getProperty("sample.it.restart-dir", "target/restart"))
        .resolve("slow-" + UUID.randomUUID().toString().substring(0, 8))).toAbsolutePath();
    Map<String, String> settings = Map.of("SAMPLE_DB", "h2", "SAMPLE_DATA_DIR", workDir.resolve("data").toString(),
        "COLLAB_MAX_QUEUED_BYTES", String.valueOf(SERVER_BOUND));
    List<String> jvm = List.of("-Xms" + HEAP, "-Xmx" + HEAP, "-XX:+AlwaysPreTouch");
    try (SampleServer server = PayaraMicroServer.start(settings, workDir, jvm)) {
      ServerMemory memory = new ServerMemory(server.jvm().pid());
      SampleHttp http = new SampleHttp(server.base());
      String alice = http.login("alice");
      String doc = http.createDocument(alice, "slow-" + UUID.randomUUID().toString().substring(0, 8), "Slow consumer");
      SampleReader bob = SampleReader.join(http, http.login("bob"), doc);
      SampleWriter writer = SampleWriter.join(http, alice, doc);
      try {
        run(server, memory, http, http.login("carol"), doc, writer, bob);
      } finally {
        writer.stop();
        bob.stop();
      }
    }
  }

  private static void run(SampleServer server, ServerMemory memory, SampleHttp http, String carol, String doc,
      SampleWriter writer, SampleReader bob) throws Exception {
    // Warm-up: the same load, bob alone reading, until the RSS settles.
    List<Long> warmUp = new ArrayList<>();
    long started = System.nanoTime();
    warmUp.add(memory.rss());
    while (true) {
      Thread.sleep(5_000);
      writer.check();
      warmUp.add(memory.rss());
      long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
      long lastStep = warmUp.get(warmUp.size() - 1) - warmUp.get(warmUp.size() - 2);
      if (seconds >= 60 || (seconds >= WARM_UP_SECONDS && lastStep < 4 * MIB)) {
        break;
      }
    }
    // The heap is compared at quiet moments (alice paused, bob caught up): under load what is
    // live after a collection moves by tens of MiB with what is in flight.
    writer.pause();
    bob.awaitVersion(writer.lastVersion());
    long heapBefore = memory.heapAfterFullGc();
    long resumedAt = writer.lastVersion();
    writer.resume();
    writer.awaitVersion(resumedAt + SampleWriter.PER_SECOND / 4); // back under load before the RSS is read
    long rssBefore = memory.rss();
    System.out.printf("SampleSlowConsumerIT: server pid %d, bound %,d (server's setting %,d), warm-up RSS (MiB, every 5 s) %s, "
        + "%d ops acked; before the stall RSS %,d, heap after GC %,d%n", memory.pid(), BOUND, SERVER_BOUND,
        warmUp.stream().map(r -> String.valueOf(r / MIB)).toList(), writer.acked().size(), rssBefore, heapBefore);

    // carol joins and stops reading after her snapshot.
    String client = "stalled-" + UUID.randomUUID().toString().substring(0, 8);
    StalledSocket stalled = StalledSocket.open(http.webSocket(), carol, http.origin(), RECEIVE_BUFFER);
    int receiveBuffer = stalled.receiveBuffer();
    try {
      stalled.sendText(ProtocolCodec.encode(new ClientMessage.Hello(1, client)));
      stalled.sendText(ProtocolCodec.encode(new ClientMessage.Join(doc, null)));
      Set<Long> readBeforeStall = new HashSet<>();
      long snapshotVersion = readUntilSnapshot(stalled, readBeforeStall);
      long stallStart = System.currentTimeMillis();

      // The stall: the writer goes on; the RSS is sampled; the log is watched for the cut.
      String cutLine = "closing client " + client + " of user carol with 1013";
      long rssPeak = rssBefore;
      long cutSeenAt = -1;
      long stallEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(STALL_MAX_SECONDS);
      long stallTarget = Math.max((long) STALL_FACTOR * BOUND, STALL_MIN_OWED_MIB * MIB);
      for (int i = 0; System.nanoTime() < stallEnd
          && (writer.lastVersion() - snapshotVersion) * SampleWriter.TEXT < stallTarget; i++) {
        Thread.sleep(100);
        rssPeak = Math.max(rssPeak, memory.rss());
        if (cutSeenAt < 0 && i % 5 == 0 && server.log().contains(cutLine)) {
          cutSeenAt = System.currentTimeMillis();
        }
      }
      writer.check();
      long stallMillis = System.currentTimeMillis() - stallStart;
      rssPeak = Math.max(rssPeak, memory.rss());
      writer.stop();
      bob.awaitVersion(writer.lastVersion());
      long heapStalled = memory.heapAfterFullGc();

      // What the server said and when.
      String log = server.log();
      int at = log.indexOf(cutLine);
      long cutAt = -1;
      long serverOwed = -1;
      if (at >= 0) {
        Matcher time = TIME_MILLIS.matcher(log.substring(Math.max(0, log.lastIndexOf("\n[", at)), at));
        cutAt = time.find() ? Long.parseLong(time.group(1)) : cutSeenAt;
        Matcher owes = Pattern.compile("it owes ([\\d,]+) characters").matcher(log.substring(at));
        serverOwed = owes.find() ? Long.parseLong(owes.group(1).replace(",", "")) : -1;
      }
      // What alice's acks say the server had taken on for carol, by the cut and during the whole stall.
      long maxFrame = 0;
      long owedAtCut = 0;
      long owedInStall = 0;
      for (SampleWriter.Acked ack : writer.acked()) {
        if (ack.version() <= snapshotVersion || readBeforeStall.contains(ack.version())) {
          continue;
        }
        int frame = bob.frameChars(ack.version());
        maxFrame = Math.max(maxFrame, frame);
        owedInStall += frame;
        if (cutAt >= 0 && ack.atMillis() <= cutAt) {
          owedAtCut += frame;
        }
      }
      Drained drained = drain(stalled);
      stalled.close();
      long heapDrained = memory.heapAfterFullGc();
      System.out.printf("SampleSlowConsumerIT: bound %,d; cut %s after the stall began (server: owes %,d); "
          + "acked for carol by the cut %,d, during the %,d ms stall %,d (op frame up to %,d); carol's receive buffer %,d, "
          + "tcp_wmem %s; then carol read %,d bytes and %s; RSS before %,d, peak %,d (+%,d); "
          + "heap after GC before %,d, at the stall's end %,d (%+,d), once carol's socket is closed %,d (%+,d)%n",
          BOUND, cutAt < 0 ? "never" : (cutAt - stallStart) + " ms", serverOwed, owedAtCut, stallMillis, owedInStall, maxFrame,
          receiveBuffer, String.join(" ", Files.readAllLines(Path.of("/proc/sys/net/ipv4/tcp_wmem"))),
          drained.bytes, drained.end, rssBefore, rssPeak, rssPeak - rssBefore,
          heapBefore, heapStalled, heapStalled - heapBefore, heapDrained, heapDrained - heapBefore);

      SoftAssertions soft = new SoftAssertions();
      soft.assertThat(owedInStall).as("what alice's edits owed carol during the stall (else nothing was tested)")
          .isGreaterThan(Math.max(3L * BOUND, BOUND + 2 * HEAP_SLACK_MIB * MIB));
      soft.assertThat(cutAt).as("the server's log names carol's client closed with 1013 during the stall")
          .isGreaterThanOrEqualTo(0);
      soft.assertThat(serverOwed).as("what the server's log says carol owed at the cut").isLessThanOrEqualTo(BOUND + maxFrame);
      soft.assertThat(owedAtCut).as("the op frames acked to alice for carol up to the cut").isLessThanOrEqualTo(BOUND + 2 * maxFrame);
      soft.assertThat(drained.end).as("how carol's connection ended (a 1013 close frame, or Payara's reset)")
          .matches("close 1013|reset.*|end of stream");
      soft.assertThat(drained.bytes).as("what carol's socket gave after her snapshot").isLessThanOrEqualTo(BOUND + maxFrame);
      soft.assertThat(rssPeak - rssBefore).as("the server's RSS growth (bound + %d MiB)", RSS_SLACK_MIB)
          .isLessThanOrEqualTo(BOUND + RSS_SLACK_MIB * MIB);
      soft.assertThat(heapStalled - heapBefore).as("the server's heap growth after a full GC (bound + %d MiB)", HEAP_SLACK_MIB)
          .isLessThanOrEqualTo(BOUND + HEAP_SLACK_MIB * MIB);
      soft.assertAll();
    } finally {
      stalled.close();
    }
  }

  /** Reads carol's frames until her snapshot; the versions of ops read with it go to {@code read}. */
  private static long readUntilSnapshot(StalledSocket stalled, Set<Long> read) throws IOException {
    long snapshot = -1;
    while (snapshot < 0) {
      StalledSocket.Frame frame = stalled.next();
      if (frame.opcode() == StalledSocket.Frame.CLOSE) {
        throw new AssertionError("carol's connection was closed before her snapshot: " + frame.closeCode());
      }
      if (frame.opcode() != StalledSocket.Frame.TEXT) {
        continue; // a ping: never answered
      }
      for (ServerMessage message : ProtocolCodec.decodeServerFrame(frame.text(), JsonLimits.STORAGE)) {
        if (message instanceof ServerMessage.Snapshot s) {
          snapshot = s.version();
        } else if (message instanceof ServerMessage.Op op) {
          read.add(op.version());
        } else if (message instanceof ServerMessage.Error error) {
          throw new AssertionError("carol's join was answered " + error);
        }
      }
    }
    return snapshot;
  }

  /** How carol's connection ended once she read again, and how much it gave her first. */
  private record Drained(long bytes, String end) {}

  /** Reads carol's socket to its end (or 30 s of silence: the connection is still open). */
  private static Drained drain(StalledSocket stalled) throws IOException {
    stalled.timeout(30_000);
    long bytes = 0;
    while (true) {
      StalledSocket.Frame frame;
      try {
        frame = stalled.next();
      } catch (EOFException e) {
        return new Drained(bytes, "end of stream");
      } catch (IOException e) {
        return new Drained(bytes, StalledSocket.timedOut(e) ? "still open after 30 s of silence" : "reset (" + e + ")");
      }
      if (frame.opcode() == StalledSocket.Frame.CLOSE) {
        return new Drained(bytes, "close " + frame.closeCode());
      }
      if (frame.opcode() == StalledSocket.Frame.TEXT) {
        bytes += frame.payload().length;
      }
    }
  }
}
