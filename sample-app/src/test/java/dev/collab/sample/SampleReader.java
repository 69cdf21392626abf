package dev.collab.sample;

import java.time.Duration;
import java.net.http.HttpClient;
import dev.collab.tck.WireSocket;
import dev.collab.protocol.ClientMessage;
import dev.collab.protocol.ProtocolCodec;
import dev.collab.protocol.ServerMessage;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A client that reads a document's ops as they come, from a thread of its own, and keeps only the
 * size of each op's frame as the server encodes it (what any other subscriber is sent for it).
 */
final class SampleReader {
  private final WireSocket socket;
  private final Map<Long, Integer> frameChars = new ConcurrentHashMap<>();
  private final Thread thread;
  private volatile boolean stopping;
  private volatile Throwable failure;
  private volatile long version;

  private SampleReader(WireSocket socket, long version) {
    this.socket = socket;
    this.version = version;
    this.thread = new Thread(this::run, "sample-reader");
    thread.setDaemon(true);
  }

  /** Connects with {@code cookie}, joins {@code doc} and starts reading. */
  static SampleReader join(SampleHttp http, String cookie, String doc) throws Exception {
    WireSocket socket = WireSocket.open(HttpClient.newHttpClient(), http.webSocket(),
        Map.of("Cookie", cookie, "Origin", http.origin()), Duration.ofSeconds(60)).get(20, TimeUnit.SECONDS);
    socket.send(new ClientMessage.Hello(1, "reader-" + UUID.randomUUID().toString().substring(0, 8)));
    socket.next(ServerMessage.Welcome.class);
    socket.send(new ClientMessage.Join(doc, null));
    SampleReader reader = new SampleReader(socket, socket.next(ServerMessage.Snapshot.class).version());
    reader.thread.start();
    return reader;
  }

  private void run() {
    try {
      while (!stopping) {
        for (ServerMessage message : socket.quiet(200)) {
          if (message instanceof ServerMessage.Op op) {
            frameChars.put(op.version(), ProtocolCodec.encode(op).length());
            advanced(op.version(), null);
          } else if (message instanceof ServerMessage.Error error) {
            throw new AssertionError("the reader was sent " + error);
          }
        }
      }
    } catch (Throwable e) {
      advanced(version, e);
    }
  }

  /** Records progress (or the failure) and wakes {@link #awaitVersion}. */
  private synchronized void advanced(long newVersion, Throwable failed) {
    version = newVersion;
    if (failed != null) {
      failure = failed;
    }
    notifyAll();
  }

  /** The characters of the op frame of {@code version}; fails if it was not received. */
  int frameChars(long version) {
    Integer chars = frameChars.get(version);
    if (chars == null) {
      throw new AssertionError("the reader did not receive version " + version);
    }
    return chars;
  }

  /** Waits (60 s at most) until the reader has received {@code target}; fails if it does not. */
  synchronized void awaitVersion(long target) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    for (long left; version < target && failure == null && (left = deadline - System.nanoTime()) > 0; ) {
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    if (failure != null) {
      throw new AssertionError("the reader failed", failure);
    }
    if (version < target) {
      throw new AssertionError("the reader has version " + version + ", not " + target + ", 60 s after the writer stopped"
          + " (connection closed: " + (socket.isClosed() ? "yes" : "no") + ")");
    }
  }

  void stop() throws InterruptedException {
    stopping = true;
    thread.join(5_000);
    if (!socket.isClosed()) {
      socket.close();
    }
  }
}
