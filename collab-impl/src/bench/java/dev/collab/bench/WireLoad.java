package dev.collab.bench;

import dev.collab.protocol.ClientMessage;
import dev.collab.protocol.ProtocolCodec;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.jspecify.annotations.Nullable;

/**
 * A closed-loop load tool over real WebSockets on loopback. It forks {@link WireServer} (embedded
 * Jetty + Weld + Jersey with the collab-impl classes) as a separate JVM, so that the server's CPU
 * time and heap are measured apart from the clients', and drives it with raw JDK WebSocket clients
 * speaking {@code collab.v1}, all in this JVM (one {@code System.nanoTime} clock for every client).
 *
 * <p>Load scenarios ({@code docs x clients}): every client is its own user, says hello, joins its
 * document, then keeps exactly one submit in flight: it sends the next op when the ack of the
 * previous one arrives. An op inserts one character at a random position of the document at the
 * client's last acked version (every op inserts one character, so version {@code v} has {@code v}
 * characters); the server transforms it over the others' ops. Measured in a window after a warmup:
 * <ul>
 *   <li>committed ops/s (acks received in the window; the server's own committed count is printed
 *       next to it);
 *   <li>ack latency: submit sent to ack received at the sender;
 *   <li>fan-out latency: ack received at the sender to the op's arrival at each other client of
 *       the document. An op that reaches another client before its sender has read the ack counts
 *       as 0 (the number of such samples is printed). Delivery latency, submit sent to the op's
 *       arrival at the others, is printed too; it needs no such convention;
 *   <li>server CPU seconds per committed op (the server process's CPU time, all threads and GC,
 *       over the server's own committed count, both read from {@code /stats} at the ends of the
 *       window), and this (client) process's CPU time per ack.
 * </ul>
 *
 * <p>Idle scenario: opens {@code idle} connections (hello + join, spread over 50 documents) after a
 * warmup of 100 that are closed again; the server's heap after {@code System.gc()} with all of them
 * open, minus the heap before, divided by their number, is the heap per idle connection.
 *
 * <p>Arguments {@code key=value}: {@code scenarios} (default {@code 1x20,1x100,1000x1,idle}),
 * {@code warmup} and {@code seconds} per load scenario (default 5 and 10), {@code rounds} (default
 * 1), {@code idle} (default 5000), {@code serverHeap} (default {@code 1g}), {@code serverOpts} (extra
 * JVM flags for the server, space-separated, e.g. a flight recording), {@code maxSeconds}
 * (default 900: the whole run, server included, stops by then), {@code thinkMs} (default 0: each
 * client waits a random 0.5x to 1.5x of this after an ack before its next submit, which offers
 * about {@code clients / (thinkMs + latency)} ops/s: latency below saturation). Everything binds to
 * 127.0.0.1.
 */
public final class WireLoad {
  static final String PASSWORD = "secret";
  private static final long MAX_NANOS = TimeUnit.MINUTES.toNanos(1);
  private static final int RING = 4096;
  private static volatile ThinkTime think = ThinkTime.of(Map.of());

  private WireLoad() {}

  static Map<String, String> parse(String[] args) {
    Map<String, String> options = new LinkedHashMap<>();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("arguments are key=value, got " + arg);
      }
      options.put(arg.substring(0, eq), arg.substring(eq + 1));
    }
    return options;
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options = parse(args);
    int warmup = Integer.parseInt(options.getOrDefault("warmup", "5"));
    int seconds = Integer.parseInt(options.getOrDefault("seconds", "10"));
    int rounds = Integer.parseInt(options.getOrDefault("rounds", "1"));
    int idle = Integer.parseInt(options.getOrDefault("idle", "5000"));
    long maxSeconds = Long.parseLong(options.getOrDefault("maxSeconds", "900"));
    String heap = options.getOrDefault("serverHeap", "1g");
    String[] scenarios = options.getOrDefault("scenarios", "1x20,1x100,1000x1,idle").split(",");
    think = ThinkTime.of(options);

    List<String> serverOpts = options.containsKey("serverOpts")
        ? List.of(options.get("serverOpts").trim().split("\\s+")) : List.of();
    Process server = fork(heap, serverOpts, Math.max(idle, 1000) + 200, maxSeconds);
    Runtime.getRuntime().addShutdownHook(new Thread(server::destroy));
    Thread watchdog = new Thread(() -> {
      try {
        Thread.sleep(maxSeconds * 1000);
        System.err.println("wire load: maxSeconds reached, stopping");
        server.destroy();
        Runtime.getRuntime().halt(3);
      } catch (InterruptedException e) {
        // finished in time
      }
    }, "wire-load-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
    int status = 0;
    try {
      int port = awaitPort(server);
      WireLoad.Target target = new Target(URI.create("http://127.0.0.1:" + port + "/"));
      System.out.printf(Locale.ROOT, "java %s, %d processors; server JVM -Xmx%s (pid %d); warmup %d s, measure %d s,"
              + " %d round(s); think time %s%n", System.getProperty("java.version"),
          Runtime.getRuntime().availableProcessors(), heap, server.pid(), warmup, seconds, rounds,
          think);
      int scenarioIndex = 0;
      for (String scenario : scenarios) {
        scenarioIndex++;
        if (scenario.equals("idle")) {
          idle(target, idle, scenarioIndex);
          continue;
        }
        String[] parts = scenario.split("x");
        int docs = Integer.parseInt(parts[0]);
        int perDoc = Integer.parseInt(parts[1]);
        for (int round = 1; round <= rounds; round++) {
          System.out.printf(Locale.ROOT, "%s round %d: %s%n", scenario, round,
              load(target, docs, perDoc, warmup, seconds, scenarioIndex * 100 + round));
        }
      }
    } catch (Exception e) {
      // Exit rather than return: the clients' HTTP threads would keep this JVM alive (a failed
      // scenario once left it running after the watchdog had been stood down).
      e.printStackTrace();
      status = 1;
    } finally {
      server.destroy();
      server.waitFor(10, TimeUnit.SECONDS);
      watchdog.interrupt();
    }
    System.exit(status);
  }

  // ------------------------------------------------------------------ the server process

  private static Process fork(String heap, List<String> serverOpts, int users, long maxSeconds) throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    File log = new File(System.getProperty("java.io.tmpdir"), "collab-wire-server.log");
    List<String> command = new ArrayList<>(List.of(java, "-Xmx" + heap, "-Xms" + heap));
    command.addAll(serverOpts);
    command.addAll(List.of(
        "-Dcollab.any-user-writes=true",
        // Measure throughput, not the flood protection: the per-connection and per-user limits are
        // lifted (a 1 x 20 client at full speed sends more than the default 100 messages/s).
        "-Dcollab.max-messages-per-second=1000000", "-Dcollab.max-messages-per-second-per-user=1000000",
        // Likewise the caps on work per principal: one user creates every document of a run.
        "-Dcollab.max-creates-per-user=1000000", "-Dcollab.max-connections-per-user=1000000",
        "-Dcollab.max-loaded-documents=1000000",
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
        "-cp", System.getProperty("java.class.path"), WireServer.class.getName(),
        "port=0", "users=" + users, "maxSeconds=" + (maxSeconds + 30)));
    System.out.println("server log: " + log);
    return new ProcessBuilder(command).redirectError(log).start();
  }

  private static int awaitPort(Process server) throws Exception {
    BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
    CompletableFuture<Integer> port = CompletableFuture.supplyAsync(() -> {
      try {
        String line;
        while ((line = out.readLine()) != null) {
          if (line.startsWith("listening on ")) {
            return Integer.parseInt(line.substring("listening on ".length()).trim());
          }
        }
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      throw new IllegalStateException("the server exited before listening (see its log)");
    });
    return port.get(120, TimeUnit.SECONDS);
  }

  /** The server's base URI and an HTTP client for REST and /stats. */
  record Target(URI http) {
    URI ws() {
      return URI.create("ws://" + http.getHost() + ":" + http.getPort() + "/collab/ws");
    }

    Map<String, Long> stats(boolean gc) throws Exception {
      HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(http.resolve(gc ? "stats?gc=1" : "stats"))
          .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
      Map<String, Long> values = new LinkedHashMap<>();
      for (String pair : response.body().trim().split(" ")) {
        int eq = pair.indexOf('=');
        values.put(pair.substring(0, eq), Long.parseLong(pair.substring(eq + 1)));
      }
      return values;
    }

    void create(String id) throws Exception {
      HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(http.resolve("collab/api/documents"))
          .POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"" + id + "\"}"))
          .header("Content-Type", "application/json").header("X-Collab-Request", "1")
          .header("Authorization", basic("u0")).build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 201) {
        throw new IllegalStateException("create " + id + ": " + response.statusCode() + " " + response.body());
      }
    }
  }

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  static String basic(String user) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
  }

  // ------------------------------------------------------------------ load

  private static String load(Target target, int docs, int perDoc, int warmup, int seconds, int run) throws Exception {
    for (int d = 0; d < docs; d++) {
      target.create("r" + run + "-d" + d);
    }
    int n = docs * perDoc;
    Client[] clients = new Client[n];
    ExecutorService executor = Executors.newFixedThreadPool(2);
    List<HttpClient> https = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      https.add(HttpClient.newBuilder().executor(executor).build());
    }
    CountDownLatch joined = new CountDownLatch(n);
    Latencies latencies = new Latencies();
    for (int i = 0; i < n; i++) {
      clients[i] = new Client(i, "r" + run + "-d" + (i / perDoc), clients, joined, latencies);
    }
    open(target, clients, https);
    for (Client c : clients) {
      c.send(ProtocolCodec.encode(new ClientMessage.Join(c.document, null)));
    }
    if (!joined.await(120, TimeUnit.SECONDS)) {
      throw new IllegalStateException("clients did not join within 120 s: " + joined.getCount() + " left");
    }
    for (Client c : clients) {
      c.submitNext(System.nanoTime());
    }
    Thread.sleep(TimeUnit.SECONDS.toMillis(warmup));
    latencies.reset();
    long errorsBefore = errors(clients);
    Map<String, Long> before = target.stats(false);
    long clientCpuBefore = processCpuNanos();
    long start = System.nanoTime();
    Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
    double elapsed = (System.nanoTime() - start) / 1e9;
    Histogram ack = latencies.ack.getIntervalHistogram();
    Histogram fanout = latencies.fanout.getIntervalHistogram();
    Histogram delivery = latencies.delivery.getIntervalHistogram();
    long early = latencies.early.get();
    long clientCpu = processCpuNanos() - clientCpuBefore;
    Map<String, Long> after = target.stats(false);
    long errors = errors(clients) - errorsBefore;

    // Stop: every client finishes its op in flight and submits no more; then close.
    CountDownLatch stopped = new CountDownLatch(n);
    for (Client c : clients) {
      c.stop(stopped);
    }
    boolean allStopped = stopped.await(60, TimeUnit.SECONDS);
    for (Client c : clients) {
      c.close();
    }
    executor.shutdown();
    executor.awaitTermination(10, TimeUnit.SECONDS);

    long committed = after.get("committed") - before.get("committed");
    double serverCpu = (after.get("cpuNanos") - before.get("cpuNanos")) / 1e9;
    long acks = ack.getTotalCount();
    return String.format(Locale.ROOT,
        "%,.0f ops/s committed (%,d acks in %.1f s; server counted %,d), ack ms p50 %.2f p99 %.2f max %.1f;"
            + " fan-out ms p50 %.2f p99 %.2f max %.1f (%,d samples, %,d before the sender's ack);"
            + " delivery ms p50 %.2f p99 %.2f; server CPU %.1f s = %.0f us/op; client CPU %.0f us/op; errors %d%s",
        acks / elapsed, acks, elapsed, committed, ms(ack, 50), ms(ack, 99), ack.getMaxValue() / 1e6,
        ms(fanout, 50), ms(fanout, 99), fanout.getMaxValue() / 1e6, fanout.getTotalCount(), early,
        ms(delivery, 50), ms(delivery, 99), serverCpu, committed == 0 ? 0 : serverCpu * 1e6 / committed,
        acks == 0 ? 0 : clientCpu / 1e3 / acks, errors, allStopped ? "" : " (not all clients stopped in 60 s)");
  }

  private static double ms(Histogram h, double percentile) {
    return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(percentile) / 1e6;
  }

  private static long errors(Client[] clients) {
    long sum = 0;
    for (Client c : clients) {
      sum += c.errors.get();
    }
    return sum;
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** Opens every client's WebSocket (at most 64 handshakes at a time) and says hello. */
  private static void open(Target target, Client[] clients, List<HttpClient> https) throws Exception {
    for (int from = 0; from < clients.length; from += 64) {
      List<CompletableFuture<?>> batch = new ArrayList<>();
      for (int i = from; i < Math.min(clients.length, from + 64); i++) {
        Client c = clients[i];
        batch.add(https.get(i % https.size()).newWebSocketBuilder()
            .header("Authorization", basic("u" + i)).subprotocols("collab.v1").connectTimeout(Duration.ofSeconds(30))
            .buildAsync(target.ws(), c).thenAccept(ws -> {
              c.socket = ws;
              c.send(ProtocolCodec.encode(new ClientMessage.Hello(ProtocolCodec.PROTOCOL, c.id)));
            }));
      }
      CompletableFuture.allOf(batch.toArray(new CompletableFuture<?>[0])).get(120, TimeUnit.SECONDS);
    }
  }

  // ------------------------------------------------------------------ idle

  private static void idle(Target target, int count, int run) throws Exception {
    int docs = 50;
    for (int d = 0; d < docs; d++) {
      target.create("i" + run + "-d" + d);
    }
    ExecutorService executor = Executors.newFixedThreadPool(2);
    List<HttpClient> https = List.of(HttpClient.newBuilder().executor(executor).build(),
        HttpClient.newBuilder().executor(executor).build());
    // Warm the server's code paths and pools with 100 connections, closed again before the baseline.
    Client[] warm = connectIdle(target, 100, docs, run, https, 0);
    for (Client c : warm) {
      c.close();
    }
    Thread.sleep(3_000);
    Map<String, Long> before = target.stats(true);
    Client[] clients = connectIdle(target, count, docs, run, https, 100);
    Thread.sleep(1_000);
    Map<String, Long> after = target.stats(true);
    long perConnection = (after.get("heapUsed") - before.get("heapUsed")) / count;
    System.out.printf(Locale.ROOT,
        "idle: %,d connections open (server counts %,d, %,d before); heap after GC %,d -> %,d bytes: %,d bytes"
            + " (%.1f KB) per idle connection%n",
        count, after.get("connections"), before.get("connections"), before.get("heapUsed"), after.get("heapUsed"),
        perConnection, perConnection / 1024.0);
    for (Client c : clients) {
      c.close();
    }
    executor.shutdown();
  }

  private static Client[] connectIdle(Target target, int count, int docs, int run, List<HttpClient> https, int userOffset)
      throws Exception {
    Client[] clients = new Client[count];
    CountDownLatch joined = new CountDownLatch(count);
    for (int i = 0; i < count; i++) {
      clients[i] = new Client(userOffset + i, "i" + run + "-d" + (i % docs), clients, joined, new Latencies());
    }
    for (int from = 0; from < count; from += 64) {
      List<CompletableFuture<?>> batch = new ArrayList<>();
      for (int i = from; i < Math.min(count, from + 64); i++) {
        Client c = clients[i];
        batch.add(https.get(i % https.size()).newWebSocketBuilder()
            .header("Authorization", basic("u" + (userOffset + i))).subprotocols("collab.v1")
            .connectTimeout(Duration.ofSeconds(30)).buildAsync(target.ws(), c).thenAccept(ws -> {
              c.socket = ws;
              c.send(ProtocolCodec.encode(new ClientMessage.Hello(ProtocolCodec.PROTOCOL, c.id)));
              c.send(ProtocolCodec.encode(new ClientMessage.Join(c.document, null)));
            }));
      }
      CompletableFuture.allOf(batch.toArray(new CompletableFuture<?>[0])).get(120, TimeUnit.SECONDS);
    }
    if (!joined.await(120, TimeUnit.SECONDS)) {
      throw new IllegalStateException("idle clients did not join within 120 s: " + joined.getCount() + " left");
    }
    return clients;
  }

  // ------------------------------------------------------------------ one client

  /**
   * The latencies of one run, shared by all its clients: HdrHistogram's {@link Recorder} takes
   * concurrent writers. (A recorder per client made thousands of histograms, hundreds of MB that the
   * tool allocated at the window's ends, and its own GC pauses showed up in the latencies.)
   */
  static final class Latencies {
    final Recorder ack = new Recorder(1, MAX_NANOS, 3);
    final Recorder fanout = new Recorder(1, MAX_NANOS, 3);
    final Recorder delivery = new Recorder(1, MAX_NANOS, 3);
    final AtomicLong early = new AtomicLong();

    void reset() {
      ack.reset();
      fanout.reset();
      delivery.reset();
      early.set(0);
    }
  }

  /**
   * One protocol client. Its listener methods run one at a time (the JDK WebSocket delivers a
   * socket's messages in order, each after the previous {@code request(1)}), so the plain fields
   * are written by one thread at a time; what other clients read (the ring of sent and ack times)
   * is in atomic arrays.
   */
  static final class Client implements WebSocket.Listener, ThinkTime.Looping {
    final int index;
    final String id;
    final String document;
    final Client[] all;
    final CountDownLatch joined;
    final Latencies latencies;
    final AtomicLong errors = new AtomicLong();
    /** Per seq (mod RING): the seq, when it was sent, when its ack arrived (0: not yet). */
    final AtomicLongArray ringSeq = new AtomicLongArray(RING);
    final AtomicLongArray ringSent = new AtomicLongArray(RING);
    final AtomicLongArray ringAck = new AtomicLongArray(RING);
    volatile WebSocket socket;
    private final StringBuilder partial = new StringBuilder();
    private long base;
    private long seq;
    private volatile CountDownLatch stop;
    private boolean joinedOnce;

    Client(int index, String document, Client[] all, CountDownLatch joined, Latencies latencies) {
      this.latencies = latencies;
      this.index = index;
      this.id = "c" + index;
      this.document = document;
      this.all = all;
      this.joined = joined;
    }

    /** The JDK WebSocket takes one send at a time: each frame goes after the previous one. */
    private CompletableFuture<?> sent = CompletableFuture.completedFuture(null);

    synchronized void send(String frame) {
      WebSocket ws = socket;
      sent = sent.thenCompose(previous -> ws.sendText(frame, true)).exceptionally(failure -> {
        if (stop == null) {
          System.err.println(id + ": send failed: " + failure);
        }
        return null;
      });
    }

    void stop(CountDownLatch latch) {
      stop = latch;
    }

    void close() {
      WebSocket ws = socket;
      if (ws != null) {
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").orTimeout(5, TimeUnit.SECONDS)
            .whenComplete((r, e) -> ws.abort());
      }
    }

    @Override
    public void submitNext(long intendedNanos) {
      long position = base == 0 ? 0 : ThreadLocalRandom.current().nextLong(base + 1);
      String op = position == 0 ? "[{\"insert\":\"x\"}]" : "[{\"retain\":" + position + "},{\"insert\":\"x\"}]";
      seq++;
      int slot = (int) (seq % RING);
      ringAck.set(slot, 0);
      ringSent.set(slot, intendedNanos);
      ringSeq.set(slot, seq);
      send("{\"t\":\"submit\",\"doc\":\"" + document + "\",\"base\":" + base + ",\"seq\":" + seq + ",\"op\":" + op + "}");
    }

    private void answered() {
      think.answered(this);
    }

    @Override
    public @Nullable CountDownLatch stopLatch() {
      return stop;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        long now = System.nanoTime();
        String frame = partial.toString();
        partial.setLength(0);
        scan(frame, now);
      }
      webSocket.request(1);
      return null;
    }

    /** Reads the messages of a frame (one object or an array of them) without a JSON parser. */
    private void scan(String frame, long now) {
      int at = 0;
      while ((at = frame.indexOf("{\"t\":\"", at)) >= 0) {
        int type = at + 6;
        at = type;
        if (frame.startsWith("op\"", type)) {
          int client = frame.indexOf("\"client\":\"c", type) + 11;
          int sender = (int) number(frame, client);
          long opSeq = number(frame, frame.indexOf("\"seq\":", client) + 6);
          onOp(sender, opSeq, now);
        } else if (frame.startsWith("ack\"", type)) {
          onAck(number(frame, frame.indexOf("\"seq\":", type) + 6),
              number(frame, frame.indexOf("\"version\":", type) + 10), now);
        } else if (frame.startsWith("snapshot\"", type)) {
          base = number(frame, frame.indexOf("\"version\":", type) + 10);
          if (!joinedOnce) {
            joinedOnce = true;
            joined.countDown();
          }
        } else if (frame.startsWith("error\"", type)) {
          if (errors.incrementAndGet() <= 3) {
            System.err.println(id + ": " + frame.substring(at - 6, Math.min(frame.length(), at + 200)));
          }
          int seqAt = frame.indexOf("\"seq\":", type);
          if (seqAt >= 0 && joinedOnce) {
            answered();
          }
        }
      }
    }

    private void onAck(long ackSeq, long version, long now) {
      int slot = (int) (ackSeq % RING);
      if (ringSeq.get(slot) == ackSeq) {
        latencies.ack.recordValue(Math.min(now - ringSent.get(slot), MAX_NANOS));
        ringAck.set(slot, now);
      }
      base = version;
      answered();
    }

    private void onOp(int sender, long opSeq, long now) {
      if (sender < 0 || sender >= all.length || all[sender] == null) {
        return;
      }
      Client from = all[sender];
      int slot = (int) (opSeq % RING);
      if (from.ringSeq.get(slot) != opSeq) {
        return;
      }
      long sent = from.ringSent.get(slot);
      long acked = from.ringAck.get(slot);
      if (from.ringSeq.get(slot) != opSeq) {
        return;
      }
      latencies.delivery.recordValue(Math.max(1, Math.min(now - sent, MAX_NANOS)));
      if (acked == 0 || acked >= now) {
        latencies.early.incrementAndGet();
        latencies.fanout.recordValue(1);
      } else {
        latencies.fanout.recordValue(Math.min(now - acked, MAX_NANOS));
      }
    }

    private static long number(String s, int at) {
      long value = 0;
      boolean negative = at < s.length() && s.charAt(at) == '-';
      int i = negative ? at + 1 : at;
      for (; i < s.length(); i++) {
        char c = s.charAt(i);
        if (c < '0' || c > '9') {
          break;
        }
        value = value * 10 + (c - '0');
      }
      return negative ? -value : value;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      if (statusCode != WebSocket.NORMAL_CLOSURE && stop == null) {
        System.err.println(id + " closed by the server: " + statusCode + " " + reason);
      }
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      if (stop == null) {
        System.err.println(id + " failed: " + error);
      }
    }
  }
}
