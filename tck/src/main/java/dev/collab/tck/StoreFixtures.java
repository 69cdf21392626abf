package dev.collab.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.collab.CommittedOp;
import dev.collab.DocumentInfo;
import dev.collab.spi.Snapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Documents, ops and comparisons for the {@link DocumentStoreContractKit}. Public so that an
 * implementer's own extra tests can build the same values.
 *
 * <p>Times: a store may keep {@link CommittedOp#time()} and {@link DocumentInfo#created()} to the
 * microsecond (SQL {@code TIMESTAMP(6)}), so comparisons allow less than a millisecond of
 * difference; everything else must come back exactly.
 */
public final class StoreFixtures {

  /** A fixed time with sub-millisecond digits, to show that the store keeps at least milliseconds. */
  public static final Instant TIME = Instant.parse("2025-03-01T12:34:56.789123456Z");

  private StoreFixtures() {}

  /**
   * The metadata of a rich-text document created by {@code alice} at {@link #TIME}, with a title and
   * two metadata entries.
   *
   * @param id the document id
   * @return the metadata; equal for equal ids
   */
  public static DocumentInfo document(String id) {
    return new DocumentInfo(id, "rich-text", "Title of " + id, Map.of("team", "red", "k.2", "v 2"), "alice", TIME);
  }

  /**
   * A small op of {@code document} at {@code version}, submitted as {@code (client, seq)}: a retain
   * of {@code version} and an insert of the client id and seq, made by user {@code user-<client>}
   * at {@link #TIME} plus {@code version} seconds.
   *
   * @param document the document id
   * @param version the op's version, from 1
   * @param client the submitting client's id
   * @param seq the client's number for the submit, from 1
   * @return the op
   */
  public static CommittedOp op(String document, long version, String client, long seq) {
    return op(document, version, client, seq, "[{\"retain\":" + version + "},{\"insert\":\"" + client + seq + "\"}]");
  }

  /**
   * As {@link #op(String, long, String, long)}, with the op's JSON text given.
   *
   * @param document the document id
   * @param version the op's version, from 1
   * @param client the submitting client's id
   * @param seq the client's number for the submit, from 1
   * @param json the op's JSON text, stored as it is (e.g. to test Unicode or size)
   * @return the op
   */
  public static CommittedOp op(String document, long version, String client, long seq, String json) {
    return new CommittedOp(document, version, json, client, seq, "user-" + client, "User " + client, TIME.plusSeconds(version));
  }

  /**
   * {@code count} consecutive ops from {@code firstVersion}, all by {@code client} from {@code
   * firstSeq}, each as {@link #op(String, long, String, long)} makes it.
   *
   * @param document the document id
   * @param firstVersion the first op's version
   * @param count how many ops, 0 or more
   * @param client the submitting client's id
   * @param firstSeq the first op's seq; each next op's is one more
   * @return the ops, in version order
   */
  public static List<CommittedOp> ops(String document, long firstVersion, int count, String client, long firstSeq) {
    List<CommittedOp> ops = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ops.add(op(document, firstVersion + i, client, firstSeq + i));
    }
    return ops;
  }

  /**
   * Asserts that {@code actual} is {@code expected}, times within a millisecond.
   *
   * @param actual the op the store returned
   * @param expected the op as appended
   * @throws AssertionError naming the first difference
   */
  public static void assertSameOp(CommittedOp actual, CommittedOp expected) {
    assertThat(actual.withVersion(expected.version()))
        .usingRecursiveComparison()
        .ignoringFields("time")
        .isEqualTo(expected);
    assertThat(actual.version()).as("version").isEqualTo(expected.version());
    assertCloseTimes(actual.time(), expected.time());
  }

  /**
   * Asserts that {@code actual} holds exactly the ops of {@code expected}, in order, each as {@link
   * #assertSameOp} compares them.
   *
   * @param actual the ops the store returned
   * @param expected the ops as appended
   * @throws AssertionError naming the first difference (the versions first)
   */
  public static void assertSameOps(List<CommittedOp> actual, List<CommittedOp> expected) {
    assertThat(actual).extracting(CommittedOp::version)
        .as("versions")
        .containsExactlyElementsOf(expected.stream().map(CommittedOp::version).toList());
    for (int i = 0; i < actual.size(); i++) {
      assertSameOp(actual.get(i), expected.get(i));
    }
  }

  /**
   * Asserts that {@code actual} is {@code expected}, the creation time within a millisecond.
   *
   * @param actual the metadata the store returned
   * @param expected the metadata as created (or renamed)
   * @throws AssertionError naming the first difference
   */
  public static void assertSameInfo(DocumentInfo actual, DocumentInfo expected) {
    assertThat(actual).usingRecursiveComparison().ignoringFields("created").isEqualTo(expected);
    assertCloseTimes(actual.created(), expected.created());
  }

  /**
   * Asserts that {@code actual} is {@code expected} exactly, without printing large data on failure.
   *
   * @param actual the snapshot the store returned
   * @param expected the snapshot as saved
   * @throws AssertionError naming the version, the length or the data as the difference
   */
  public static void assertSameSnapshot(Snapshot actual, Snapshot expected) {
    assertThat(actual.version()).as("snapshot version").isEqualTo(expected.version());
    // not isEqualTo on the record: a failure would print megabytes
    assertThat(actual.data().length()).as("snapshot length").isEqualTo(expected.data().length());
    assertThat(actual.data().equals(expected.data())).as("snapshot data equal").isTrue();
  }

  private static void assertCloseTimes(Instant actual, Instant expected) {
    assertThat(Duration.between(actual, expected).abs())
        .as("time %s vs %s", actual, expected)
        .isLessThan(Duration.ofMillis(1));
  }
}
