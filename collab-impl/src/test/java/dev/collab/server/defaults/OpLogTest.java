package dev.collab.server.defaults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.collab.CommittedOp;
import dev.collab.spi.Snapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class OpLogTest {
  /** Texts of every kind the log stores differently: Latin-1, wider, and lone surrogates. */
  static String randomText(Random random) {
    String[] pieces = {"[{\"insert\":\"x\"}]", "é", "ÿ", "Ā", "中文", "😀", "\uD800", "\uDFFF", "\\\"", "{\"retain\":7}"};
    StringBuilder text = new StringBuilder();
    int n = random.nextInt(6);
    for (int i = 0; i < n; i++) {
      text.append(pieces[random.nextInt(pieces.length)]);
    }
    return text.toString();
  }

  static List<CommittedOp> randomOps(long seed, int count) {
    System.out.println("OpLogTest seed " + seed);
    Random random = new Random(seed);
    List<CommittedOp> ops = new ArrayList<>();
    long[] seqs = new long[5];
    for (int v = 1; v <= count; v++) {
      int client = random.nextInt(seqs.length);
      seqs[client] += 1 + random.nextInt(3);
      Instant time = Instant.ofEpochSecond(1_700_000_000L + random.nextInt(1_000_000), random.nextInt(1_000_000_000));
      ops.add(new CommittedOp("doc", v, randomText(random), "c" + client, seqs[client], "u" + client % 3,
          "User " + client % 3 + (client == 4 ? " renamed" : ""), time));
    }
    return ops;
  }

  @Test
  @DisplayName("ops across several chunks come back exactly: text (lone surrogates too), author, seq and time")
  void roundTrip() {
    List<CommittedOp> ops = randomOps(20261129L, 3_000);
    OpLog log = new OpLog("doc");
    ops.forEach(log::add);

    assertThat(log.head()).isEqualTo(3_000);
    assertThat(log.range(0, 3_000)).isEqualTo(ops);
    assertThat(log.range(1_020, 1_030)).isEqualTo(ops.subList(1_020, 1_030));
    assertThat(log.range(2_990, 5_000)).isEqualTo(ops.subList(2_990, 3_000));
    assertThat(log.range(10, 10)).isEmpty();
    for (CommittedOp op : ops) {
      assertThat(log.find(op.client(), op.seq())).isEqualTo(op.version());
    }
    assertThat(log.find("c0", 1_000_000)).isEqualTo(-1);
    assertThat(log.find("nobody", ops.get(0).seq())).isEqualTo(-1);
  }

  @Test
  @DisplayName("a version that does not follow the head is refused, and nothing is added")
  void onlyTheNextVersion() {
    List<CommittedOp> ops = randomOps(7L, 3);
    OpLog log = new OpLog("doc");
    log.add(ops.get(0));
    assertThatThrownBy(() -> log.add(ops.get(2))).isInstanceOf(IllegalArgumentException.class);
    assertThat(log.head()).isEqualTo(1);
    assertThatThrownBy(() -> log.get(2)).isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  @DisplayName("dropping a prefix forgets those ops, keeps the rest findable, and appends go on")
  void dropBelow() {
    List<CommittedOp> ops = randomOps(42L, 2_500);
    OpLog log = new OpLog("doc");
    ops.subList(0, 2_400).forEach(log::add);

    assertThat(log.dropBelow(2_100)).isEqualTo(2_100);
    assertThat(log.dropBelow(2_000)).as("already dropped").isZero();
    ops.subList(2_400, 2_500).forEach(log::add);

    assertThat(log.pruned()).isEqualTo(2_100);
    assertThat(log.range(0, 2_500)).isEqualTo(ops.subList(2_100, 2_500));
    for (CommittedOp op : ops) {
      assertThat(log.find(op.client(), op.seq())).isEqualTo(op.version() > 2_100 ? op.version() : -1);
    }
    assertThatThrownBy(() -> log.get(2_100)).isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  @DisplayName("snapshots are thinned to a logarithmic number, and one is always near the version read")
  void snapshotThinning() {
    TreeMap<Long, Snapshot> snapshots = new TreeMap<>();
    int every = 500;
    long latest = 0;
    for (long v = every; v <= 1_000_000; v += every) {
      snapshots.put(v, new Snapshot(v, "[]"));
      InMemoryDocumentStore.thin(snapshots);
      latest = v;
      assertThat(snapshots.lastKey()).isEqualTo(v);
    }
    // 2,000 snapshots were saved: the 8 newest stay, and one per doubling of age beyond them.
    assertThat(snapshots.size()).isBetween(8 + 6, 8 + 12);
    assertThat(snapshots.headMap(latest - 8 * every, false)).as("thinned beyond the newest 8").hasSizeLessThan(12);
    for (long v = every; v <= latest; v += 997) {
      Long found = snapshots.floorKey(v);
      long below = v - (found == null ? 0 : found);
      assertThat(below).as("distance below %d", v).isLessThanOrEqualTo(8 * (latest - v) + every);
    }
  }
}
