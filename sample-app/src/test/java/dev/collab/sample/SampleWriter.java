package dev.collab.sample;

import java.util.Map;
import java.time.Duration;
import java.net.http.HttpClient;
import dev.collab.tck.WireSocket;
import dev.collab.protocol.ClientMessage;
import dev.collab.protocol.ServerMessage;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A writer that keeps a document busy from a thread of its own: it replaces the document's whole
 * text (always {@value #TEXT} ASCII characters) with one submit at a time, each after the ack of
 * the last, at most {@value #PER_SECOND} a second (the sample's default rate limit is 100 messages
 * a second per connection), and records every ack with the time it arrived.
 */
final class SampleWriter {
  static final int TEXT = 50_000;
  static final int PER_SECOND = 80;

  /** An ack: the version it made, and when it arrived ({@link System#currentTimeMillis()}). */
  record Acked(long version, long atMillis) {}

  private final WireSocket socket;
  private final String doc;
  private final List<Acked> acked = new CopyOnWriteArrayList<>();
  private final Thread thread;
  private volatile boolean stopping;
  private volatile boolean paused;
  /** True while the writer waits in a pause, nothing in flight. */
  private volatile boolean idle;
  private volatile Throwable failure;
  private volatile long version;

  private SampleWriter(WireSocket socket, String doc, long version) {
    this.socket = socket;
    this.doc = doc;
    this.version = version;
    this.thread = new Thread(this::run, "sample-writer");
    thread.setDaemon(true);
  }

  /** Connects with {@code cookie}, joins {@code doc} and starts writing. */
  static SampleWriter join(SampleHttp http, String cookie, String doc) throws Exception {
    WireSocket socket = WireSocket.open(HttpClient.newHttpClient(), http.webSocket(),
        Map.of("Cookie", cookie, "Origin", http.origin()), Duration.ofSeconds(60)).get(20, TimeUnit.SECONDS);
    socket.send(new ClientMessage.Hello(1, "writer-" + UUID.randomUUID().toString().substring(0, 8)));
    socket.next(ServerMessage.Welcome.class);
    socket.send(new ClientMessage.Join(doc, null));
    SampleWriter writer = new SampleWriter(socket, doc, socket.next(ServerMessage.Snapshot.class).version());
    writer.thread.start();
    return writer;
  }

  private void run() {
    long period = TimeUnit.SECONDS.toNanos(1) / PER_SECOND;
    long next = System.nanoTime();
    try {
      for (long seq = 1; !stopping; seq++) {
        awaitResume();
        String text = String.valueOf((char) ('a' + seq % 26)).repeat(TEXT);
        var op = Json.createArrayBuilder();
        if (version > 0) {
          op.add(Json.createObjectBuilder().add("delete", TEXT));
        }
        JsonArray replace = op.add(Json.createObjectBuilder().add("insert", text)).build();
        socket.send(new ClientMessage.Submit(doc, version, seq, replace));
        ServerMessage.Ack ack = awaitAck(seq);
        version = ack.version();
        acked.add(new Acked(ack.version(), System.currentTimeMillis()));
        synchronized (this) {
          notifyAll(); // for awaitVersion
        }
        next = Math.max(next + period, System.nanoTime() - period);
        long wait = next - System.nanoTime();
        if (wait > 0) {
          TimeUnit.NANOSECONDS.sleep(wait);
        }
      }
    } catch (Throwable e) {
      failure = e;
    } finally {
      synchronized (this) {
        notifyAll();
      }
    }
  }

  /** While paused: idle (nothing in flight, {@link #pause} may return) until resumed or stopped. */
  private synchronized void awaitResume() throws InterruptedException {
    while (paused && !stopping) {
      idle = true;
      notifyAll();
      wait();
    }
    idle = false;
  }

  private ServerMessage.Ack awaitAck(long seq) throws InterruptedException {
    while (true) {
      ServerMessage message = socket.next(); // fails after 60 s without a message, saying whether it closed
      if (message instanceof ServerMessage.Error error) {
        throw new AssertionError("seq " + seq + " was answered " + error);
      }
      if (message instanceof ServerMessage.Ack ack && ack.seq() == seq) {
        return ack;
      }
    }
  }

  /** Fails if the writer stopped on an error. */
  void check() {
    if (failure != null) {
      throw new AssertionError("the writer failed", failure);
    }
  }

  /** Every ack so far, oldest first. */
  List<Acked> acked() {
    return List.copyOf(acked);
  }

  /** The version of the last ack. */
  long lastVersion() {
    return version;
  }

  /** Pauses after the submit in flight, and waits (70 s at most) until it is acked. */
  synchronized void pause() throws InterruptedException {
    paused = true;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(70);
    for (long left; !idle && failure == null && thread.isAlive() && (left = deadline - System.nanoTime()) > 0; ) {
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    check();
  }

  /** Waits (60 s at most) until an ack made {@code target} or later; fails if none did. */
  synchronized void awaitVersion(long target) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    for (long left; version < target && failure == null && (left = deadline - System.nanoTime()) > 0; ) {
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    check();
    if (version < target) {
      throw new AssertionError("the writer is at version " + version + ", not " + target + ", after 60 s");
    }
  }

  synchronized void resume() {
    paused = false;
    notifyAll();
  }

  /** Stops writing (after the submit in flight) and closes the connection; fails if the writer had failed. */
  void stop() throws InterruptedException {
    synchronized (this) {
      stopping = true;
      notifyAll();
    }
    thread.join(TimeUnit.SECONDS.toMillis(70));
    if (!socket.isClosed()) {
      socket.close();
    }
    check();
  }
}
