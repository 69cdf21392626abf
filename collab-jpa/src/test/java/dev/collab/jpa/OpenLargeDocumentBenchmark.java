package dev.collab.jpa;

import dev.collab.CommittedOp;
import dev.collab.DocumentInfo;
import dev.collab.ot.Delta;
import dev.collab.ot.DeltaJson;
import dev.collab.ot.JsonLimits;
import dev.collab.ot.OtDocument;
import dev.collab.ot.RichText;
import dev.collab.spi.Snapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * How long opening a large document takes on PostgreSQL: a document of 1 MB of text with 100,000 ops
 * of history, snapshots every 500 ops (the engine's default), opened the way the engine loads one:
 * the latest snapshot, the ops after it, decoded and applied to the rope, up to the first snapshot
 * of the document a joining client gets. Not a test (not run by the build): run its {@code main}
 * with the test class path (command in {@code docs/PERFORMANCE.md}).
 */
public final class OpenLargeDocumentBenchmark {
  private OpenLargeDocumentBenchmark() {}

  public static void main(String[] args) throws Exception {
    int ops = 100_000;
    int snapshotEvery = 500;
    int rounds = 7;
    try (TestDatabase db = TestDatabase.postgres()) {
      JpaDocumentStore store = new JpaDocumentStore(db.factory());
      store.create(new DocumentInfo("big", RichText.NAME, "Big", Map.of(), "bench", Instant.now()));
      // Build the history: 100,000 inserts of ~10 characters at random places, ~1 MB in the end.
      Random random = new Random(1);
      OtDocument<Delta> document = RichText.INSTANCE.newDocument(Delta.empty());
      List<CommittedOp> batch = new ArrayList<>();
      long started = System.nanoTime();
      for (int v = 1; v <= ops; v++) {
        int at = random.nextInt(document.length() + 1);
        Delta op = Delta.builder().retain(at).insert("abcdefghijk".substring(random.nextInt(2))).build();
        document.apply(op);
        batch.add(new CommittedOp("big", v, DeltaJson.encode(op), "writer", v, "bench", "Bench", Instant.now()));
        if (batch.size() == 1_000) {
          store.append("big", v - batch.size(), batch);
          batch = new ArrayList<>();
        }
        if (v % snapshotEvery == 0) {
          if (!batch.isEmpty()) {
            store.append("big", v - batch.size(), batch);
            batch = new ArrayList<>();
          }
          store.saveSnapshot("big", new Snapshot(v, DeltaJson.encode(document.snapshot())));
        }
      }
      // A tail after the last snapshot, as a live document has: 499 more ops.
      for (int v = ops + 1; v < ops + snapshotEvery; v++) {
        int at = random.nextInt(document.length() + 1);
        Delta op = Delta.builder().retain(at).insert("x").build();
        document.apply(op);
        batch.add(new CommittedOp("big", v, DeltaJson.encode(op), "writer", v, "bench", "Bench", Instant.now()));
      }
      store.append("big", ops, batch);
      System.out.printf(Locale.ROOT, "built %d ops, document %d characters, in %.1f s%n",
          store.head("big"), document.length(), (System.nanoTime() - started) / 1e9);

      double[] millis = new double[rounds];
      for (int r = 0; r < rounds; r++) {
        long t0 = System.nanoTime();
        long head = store.head("big");
        Optional<Snapshot> snapshot = store.loadSnapshot("big", head);
        OtDocument<Delta> opened = RichText.INSTANCE.newDocument(
            DeltaJson.decodeDocument(snapshot.orElseThrow().data(), JsonLimits.STORAGE));
        for (CommittedOp op : store.readOpsAfter("big", snapshot.get().version())) {
          opened.apply(DeltaJson.decode(op.op(), JsonLimits.STORAGE));
        }
        String firstSnapshot = DeltaJson.encode(opened.snapshot());
        millis[r] = (System.nanoTime() - t0) / 1e6;
        if (opened.length() < 1_000_000 || opened.length() != document.length() || firstSnapshot.length() < opened.length()) {
          throw new IllegalStateException("opened the wrong document");
        }
      }
      double[] sorted = millis.clone();
      Arrays.sort(sorted);
      System.out.printf(Locale.ROOT, "open (head, latest snapshot, tail of %d ops, rope, first snapshot JSON): rounds %s ms, median %.1f ms%n",
          snapshotEvery - 1, Arrays.toString(Arrays.stream(millis).map(m -> Math.round(m * 10) / 10.0).toArray()), sorted[rounds / 2]);
    }
  }
}
