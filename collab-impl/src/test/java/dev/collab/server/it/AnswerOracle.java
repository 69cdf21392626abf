package dev.collab.server.it;

import dev.collab.ot.JsonLimits;
import dev.collab.protocol.ClientMessage;
import dev.collab.protocol.ProtocolCodec;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What {@link ProtocolFuzzIT} expects in answer to a frame, by {@code docs/PROTOCOL.md}: a
 * {@code pong} for a {@code ping}, a {@code welcome} or an error for a {@code hello}, a join reply
 * or an error with {@code doc} for a {@code join}, an {@code ack} or an error with {@code doc} and
 * {@code seq} for a {@code submit}, {@code left} or an error for a {@code leave}, at most an error
 * for a {@code presence}, and for a malformed message an error ({@code bad-message} or
 * {@code too-large}) echoing what the protocol says it echoes. Which elements of a frame are
 * malformed is decided with the protocol's own codec ({@link ProtocolCodec}) under the server's
 * limits: the oracle checks that each is answered, not how the codec classifies it.
 *
 * <p>Answers are matched to requests as a bipartite matching (answers of different documents
 * arrive in any order, and some answers fit several requests): an answer that no assignment has
 * room for is unsolicited; a case is complete when every mandatory request has an answer.
 */
final class AnswerOracle {
  enum Kind { PING, HELLO, JOIN, SUBMIT, LEAVE, PRESENCE, BAD }

  /** One request awaiting its answer; {@code doc} and {@code seq} as the answer must echo them. */
  record Expected(Kind kind, @Nullable String doc, @Nullable Long seq, @Nullable String client, int caseNo) {
    boolean optional() {
      return kind == Kind.PRESENCE;
    }
  }

  private static final Set<String> ANSWERS = Set.of("welcome", "snapshot", "ops", "ack", "left", "error", "pong");

  private final JsonLimits limits;
  /** Numbers the cases, so that the requests and answers of the last few stay open to rematching. */
  private int caseNo;
  /** Requests of the last few cases. */
  private final List<Expected> requests = new ArrayList<>();
  /** The answers to them; {@code owner.get(i)}: the request answer i is matched to. */
  private final List<JsonObject> answers = new ArrayList<>();
  private final List<@Nullable Expected> owner = new ArrayList<>();
  /** The case during which each answer arrived: it can answer only requests sent before. */
  private final List<Integer> arrivedIn = new ArrayList<>();

  AnswerOracle(JsonLimits limits) {
    this.limits = limits;
  }

  /** Adds what {@code frame} asks for. */
  void expect(String frame) {
    for (ProtocolCodec.Decoded<ClientMessage> d : ProtocolCodec.decodeClientFrame(frame, limits)) {
      if (d.error() != null) {
        requests.add(new Expected(Kind.BAD, d.error().doc(), d.error().seq(), null, caseNo));
        continue;
      }
      ClientMessage m = d.message();
      if (m instanceof ClientMessage.Ping) {
        requests.add(new Expected(Kind.PING, null, null, null, caseNo));
      } else if (m instanceof ClientMessage.Hello h) {
        requests.add(new Expected(Kind.HELLO, null, null, h.protocol() == 1 ? h.client() : null, caseNo));
      } else if (m instanceof ClientMessage.Join j) {
        requests.add(new Expected(Kind.JOIN, j.doc(), null, null, caseNo));
      } else if (m instanceof ClientMessage.Submit s) {
        requests.add(new Expected(Kind.SUBMIT, s.doc(), s.seq(), null, caseNo));
      } else if (m instanceof ClientMessage.Leave l) {
        requests.add(new Expected(Kind.LEAVE, l.doc(), null, null, caseNo));
      } else if (m instanceof ClientMessage.Presence p) {
        requests.add(new Expected(Kind.PRESENCE, p.doc(), null, null, caseNo));
      }
    }
  }

  /** Whether {@code message} is an answer to some request (not another client's op or presence). */
  static boolean isAnswer(JsonObject message) {
    return ANSWERS.contains(message.getString("t", ""));
  }

  /**
   * Adds an answer, matching it to a request it fits; earlier matches are moved where that makes
   * room (an error echoing only {@code doc} fits a join, a leave and a presence alike, and answers
   * of different documents arrive in any order). False when no assignment of the answers so far to
   * the requests has room for it: an unsolicited answer, which is then forgotten.
   */
  boolean answer(JsonObject answer) {
    answers.add(answer);
    owner.add(null);
    arrivedIn.add(caseNo);
    int index = answers.size() - 1;
    if (!place(index, new ArrayList<>())) {
      answers.remove(index);
      owner.remove(index);
      arrivedIn.remove(index);
      return false;
    }
    return true;
  }

  /** Finds answer {@code i} a request, moving others along an augmenting path. */
  private boolean place(int i, List<Expected> visited) {
    for (Expected e : requests) {
      if (visited.stream().noneMatch(v -> v == e) && answers(i, e)) {
        visited.add(e);
        int holder = holderOf(e);
        if (holder < 0 || place(holder, visited)) {
          owner.set(i, e);
          return true;
        }
      }
    }
    return false;
  }

  /** Whether answer {@code i} can be the answer to {@code e}: it fits, and came after e was sent. */
  private boolean answers(int i, Expected e) {
    return arrivedIn.get(i) >= e.caseNo() && fits(e, answers.get(i));
  }

  private int holderOf(Expected e) {
    for (int i = 0; i < owner.size(); i++) {
      if (owner.get(i) == e) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Whether every request that must be answered has an answer, in some assignment (an answer
   * matched to an optional request is moved to a mandatory one it fits when that helps).
   */
  boolean satisfied() {
    for (Expected e : requests) {
      if (!e.optional() && holderOf(e) < 0 && !claim(e, new ArrayList<>())) {
        return false;
      }
    }
    return true;
  }

  /** Gives mandatory request {@code e} an answer: a free one, one of an optional request, or one whose request finds another. */
  private boolean claim(Expected e, List<Integer> visited) {
    for (int i = 0; i < answers.size(); i++) {
      if (!visited.contains(i) && answers(i, e)) {
        visited.add(i);
        Expected current = owner.get(i);
        if (current == null || current.optional() || claim(current, visited)) {
          owner.set(i, e);
          return true;
        }
      }
    }
    return false;
  }

  /** The client id of the first {@code hello} of protocol 1 of this case: the one welcomed. */
  @Nullable String welcomedClient() {
    return requests.stream().filter(e -> e.caseNo() == caseNo && e.kind() == Kind.HELLO && e.client() != null)
        .map(Expected::client)
        .findFirst().orElse(null);
  }

  /** The requests without an answer (optional ones included). */
  List<Expected> outstanding() {
    return requests.stream().filter(e -> holderOf(e) < 0 && (e.caseNo() == caseNo || !e.optional())).toList();
  }

  /**
   * Ends the case. The requests and answers of the last {@code window} cases stay matched but open
   * to rematching: a late answer (a {@code left} after the pong, where an error of a presence had
   * been taken for the leave's answer) moves the earlier match instead of counting as unsolicited.
   */
  void endCase(int window) {
    caseNo++;
    for (int i = answers.size() - 1; i >= 0; i--) {
      Expected e = owner.get(i);
      if (e != null && e.caseNo() <= caseNo - window) {
        answers.remove(i);
        owner.remove(i);
        arrivedIn.remove(i);
      }
    }
    requests.removeIf(e -> e.caseNo() <= caseNo - window);
  }

  /** Forgets everything; returns the mandatory requests that had no answer (after a close). */
  List<Expected> clear() {
    List<Expected> left = outstanding().stream().filter(e -> !e.optional()).toList();
    requests.clear();
    answers.clear();
    owner.clear();
    arrivedIn.clear();
    return left;
  }

  private static boolean fits(Expected e, JsonObject a) {
    String t = a.getString("t", "");
    String doc = string(a.get("doc"));
    Long seq = number(a.get("seq"));
    if (t.equals("error")) {
      String code = a.getString("code", "");
      if (e.kind() == Kind.BAD) {
        boolean malformed = code.equals("bad-message") || code.equals("too-large");
        return malformed && Objects.equals(doc, e.doc()) && Objects.equals(seq, e.seq())
            || code.equals("rate-limited") && doc == null && seq == null;
      }

      if (e.kind() == Kind.PING || e.kind() == Kind.HELLO) {
        return doc == null && seq == null && (e.kind() == Kind.HELLO || code.equals("rate-limited"));
      }
      return Objects.equals(doc, e.doc()) && Objects.equals(seq, e.seq());
    }
    return switch (e.kind()) {
      case PING -> t.equals("pong");
      case HELLO -> t.equals("welcome");
      case JOIN -> (t.equals("snapshot") || t.equals("ops")) && Objects.equals(doc, e.doc());
      case SUBMIT -> t.equals("ack") && Objects.equals(doc, e.doc()) && Objects.equals(seq, e.seq());
      case LEAVE -> t.equals("left") && Objects.equals(doc, e.doc());
      default -> false;
    };
  }

  static @Nullable String string(@Nullable JsonValue value) {
    return value instanceof JsonString ? ((JsonString) value).getString() : null;
  }

  static @Nullable Long number(@Nullable JsonValue value) {
    return value instanceof JsonNumber ? ((JsonNumber) value).longValue() : null;
  }
}
