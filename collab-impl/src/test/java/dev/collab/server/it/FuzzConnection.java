package dev.collab.server.it;

import dev.collab.ot.Delta;
import dev.collab.ot.DeltaJson;
import dev.collab.ot.JsonLimits;
import dev.collab.ot.RichText;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

/** One fuzzing connection: its user, client id, socket, outstanding requests and view of the victim. */
final class FuzzConnection implements FrameFuzzer.Context {
  private final String user;
  private final String prefix;
  private final Random random;
  private final AnswerOracle oracle;
  private final FuzzRecord record;
  private final Config config;
  private final List<Long> seqs = new ArrayList<>();
  FuzzSocket socket;
  private String clientId;
  private boolean welcomed;
  boolean stale;
  private long seq;
  private long base;
  private Delta content = Delta.empty();

  FuzzConnection(String user, String prefix, Random random, long seed, FuzzRecord record, Config config) {
    this.user = user;
    this.prefix = prefix;
    this.random = random;
    this.record = record;
    this.config = config;
    this.oracle = new AnswerOracle(config.limits());
    this.clientId = prefix + "-" + Long.toString(seed & Long.MAX_VALUE, 36);
  }

  /** Where and how to connect, and the documents the connection joins. */
  record Config(HttpClient http, URI ws, String victim, String other, JsonLimits limits, boolean trace) {}

  /** Opens a socket; sometimes fuzzes before its hello; then says hello (unless a fuzzed one did) and joins. */
  void connect(FrameFuzzer generator) throws Exception {
    socket = FuzzSocket.open(config.http(), config.ws(), TestSecurity.basic(user));
    welcomed = false;
    if (random.nextInt(4) == 0) {
      for (int i = random.nextInt(3); i >= 0 && socket != null; i--) {
        run(generator.next(this), -1);
      }
    }
    if (socket == null) {
      connect(generator);
      return;
    }
    String hello = welcomed ? "" : "{\"t\":\"hello\",\"protocol\":1,\"client\":\"" + clientId + "\"},";
    run(new FrameFuzzer.Case("[" + hello + "{\"t\":\"join\",\"doc\":\"" + config.victim() + "\"},{\"t\":\"join\",\"doc\":\""
        + config.other() + "\"}]", "hello and join"), -1);
  }

  /** Sends one case and a ping, and waits until everything is answered or the socket is closed. */
  void run(FrameFuzzer.Case c, int index) throws InterruptedException {
    String frame = sendable(c.frame());
    boolean oversized = frame.getBytes(StandardCharsets.UTF_8).length > config.limits().maxChars();
    if (!oversized) {
      oracle.expect(frame);
      oracle.expect("{\"t\":\"ping\"}");
    }
    socket.send(frame);
    if (!oversized) {
      socket.send("{\"t\":\"ping\"}");
    }
    record.kinds.merge(c.label().startsWith("array") ? "array" : c.label(), 1, Integer::sum);
    if (config.trace()) {
      System.out.println("ProtocolFuzzIT " + user + " > " + index + " " + frame.substring(0, Math.min(300, frame.length())));
    }
    String what = "case " + index + " (" + c.label() + ", " + user + ") " + shorten(frame);
    long until = System.currentTimeMillis() + 20_000;
    while (oversized || !oracle.satisfied()) {
      FuzzSocket.Event event = socket.poll(Math.max(1, until - System.currentTimeMillis()));
      if (event == null) {
        System.out.println("ProtocolFuzzIT: unanswered " + oracle.outstanding() + " after " + c.label() + " "
            + (frame.length() > 20_000 ? frame.substring(0, 20_000) : frame));
        record.failures.add((oversized ? "no close 1009 after " : "unanswered " + oracle.outstanding() + " after ") + what);
        lost();
        return;
      }
      if (event.isClose()) {
        if (event.closeCode() == 1013) {
          record.closes1013.incrementAndGet();
        } else if (oversized && event.closeCode() == 1009) {
          record.closes1009.incrementAndGet();
        } else if (oversized && event.closeCode() == 1006 && event.reason().contains("IOException")) {
          // The server closed (1009) and dropped the connection while the rest of the frame was
          // still being written: TCP reset it, and the close frame was lost with it.
          record.resets.incrementAndGet();
        } else {
          record.failures.add("closed " + event.closeCode() + " " + event.reason() + " after " + what);
        }
        lost();
        return;
      }
      heard(event.message(), what, frame);
    }
    oracle.endCase(8);
  }

  private void heard(JsonObject m, String what, String frame) {
    if (config.trace()) {
      String text = m.toString();
      System.out.println("ProtocolFuzzIT " + user + " < " + text.substring(0, Math.min(300, text.length())));
    }
    String t = m.getString("t", "");
    if (t.equals("snapshot") && config.victim().equals(m.getString("doc", null))) {
      base = m.getJsonNumber("version").longValue();
      content = DeltaJson.fromJson(m.get("data"), JsonLimits.STORAGE);
      stale = false;
    } else if (t.equals("op") && config.victim().equals(m.getString("doc", null))
        && m.getJsonNumber("version").longValue() == base + 1) {
      content = RichText.INSTANCE.apply(content, DeltaJson.fromJson(m.get("op"), JsonLimits.STORAGE));
      base++;
    }
    if (!AnswerOracle.isAnswer(m)) {
      return;
    }
    if (!oracle.answer(m)) {
      record.failures.add("unsolicited " + m + " after " + what);
      System.out.println("ProtocolFuzzIT: unsolicited " + m + " after " + what.substring(0, what.indexOf(')') + 1) + " "
          + frame.substring(0, Math.min(frame.length(), 20_000)));
      return;
    }
    record.answered.incrementAndGet();
    record.kinds.merge(t.equals("error") ? "answer error " + m.getString("code", "?") : "answer " + t, 1, Integer::sum);
    if (t.equals("welcome")) {
      String welcomedAs = oracle.welcomedClient();
      if (welcomedAs == null) {
        record.failures.add("welcome to a hello of another protocol after " + what);
      } else {
        clientId = welcomedAs;
        welcomed = true;
      }
    } else if (t.equals("ack")) {
      String doc = m.getString("doc");
      String key = clientId + "/" + m.getJsonNumber("seq").longValue();
      long version = m.getJsonNumber("version").longValue();
      Long before = record.acked.computeIfAbsent(doc, d -> new ConcurrentHashMap<>()).putIfAbsent(key, version);
      if (before != null && before != version) {
        record.failures.add(doc + ": " + key + " acknowledged as " + before + " and as " + version + " after " + what);
      }
      stale = true;
    }
  }

  /** The socket is gone: submits it had in flight may or may not have been committed. */
  private void lost() {
    for (AnswerOracle.Expected e : oracle.clear()) {
      if (e.kind() == AnswerOracle.Kind.SUBMIT) {
        record.unknown.add(e.doc() + "|" + clientId + "/" + e.seq());
      }
    }
    socket.abort();
    socket = null;
  }

  void close() {
    if (socket != null) {
      socket.abort();
    }
  }

  @Override
  public int length() {
    return content.length();
  }

  @Override
  public long base() {
    return base;
  }

  @Override
  public long nextSeq() {
    seqs.add(++seq);
    return seq;
  }

  @Override
  public long oldSeq() {
    return seqs.isEmpty() ? nextSeq() : seqs.get(random.nextInt(seqs.size()));
  }

  @Override
  public String clientPrefix() {
    return prefix;
  }

  /** A frame the JDK can send: a lone surrogate outside a JSON string (random text) becomes '?'. */
  private static String sendable(String frame) {
    StringBuilder s = new StringBuilder(frame.length());
    for (int i = 0; i < frame.length(); i++) {
      char c = frame.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < frame.length() && Character.isLowSurrogate(frame.charAt(i + 1))) {
        s.append(c).append(frame.charAt(++i));
      } else {
        s.append(Character.isSurrogate(c) ? '?' : c);
      }
    }
    return s.toString();
  }

  private static String shorten(String frame) {
    return frame.length() > 400 ? frame.substring(0, 400) + "... (" + frame.length() + " chars)" : frame;
  }
}
