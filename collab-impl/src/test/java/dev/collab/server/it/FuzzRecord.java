package dev.collab.server.it;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What {@link ProtocolFuzzIT} learns during a run, shared by its connections: the failures, the
 * acknowledged submits (the log is checked against them at the end), the submits whose answer was
 * lost with a connection, and counts for the summary.
 */
final class FuzzRecord {
  final List<String> failures = new CopyOnWriteArrayList<>();
  /** Acknowledged submits: doc -> "client/seq" -> version. */
  final Map<String, Map<String, Long>> acked = new ConcurrentHashMap<>();
  /** "doc|client/seq" of submits whose answer was lost with their connection: committed or not. */
  final Set<String> unknown = ConcurrentHashMap.newKeySet();
  final AtomicInteger answered = new AtomicInteger();
  final AtomicInteger closes1009 = new AtomicInteger();
  /** Oversized frames whose 1009 was lost: the connection was reset while the frame was still being sent. */
  final AtomicInteger resets = new AtomicInteger();
  final AtomicInteger closes1013 = new AtomicInteger();
  /** Cases sent by what they were meant to be, and answers by type and error code (one thread). */
  final Map<String, Integer> kinds = new TreeMap<>();

  String summary() {
    return answered.get() + " answers matched, " + acked.values().stream().mapToInt(Map::size).sum() + " acks, "
        + unknown.size() + " submits lost with their connection, " + closes1009.get() + " closes with 1009 ("
        + resets.get() + " more reset while sending), " + closes1013.get() + " with 1013; frames sent and answers "
        + kinds;
  }
}
