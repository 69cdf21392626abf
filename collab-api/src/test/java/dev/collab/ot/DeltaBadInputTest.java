package dev.collab.ot;

import static dev.collab.testing.RandomDeltas.normalise;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.collab.ot.InvalidOpException.Problem;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input to the decoder and to {@code apply}, one row per way of being wrong. Every row must
 * fail with {@link InvalidOpException} (nothing else: no other exception, no stack overflow, no
 * hang), with the expected {@link Problem}, and with a message naming what is wrong. The valid
 * neighbours of some rows must decode, so the table cannot pass by rejecting everything.
 */
class DeltaBadInputTest {
  /** Only a hang guard: every row takes milliseconds except the million-op ones (about a second). */
  private static final Duration HANG_GUARD = Duration.ofSeconds(10);

  /** Big enough in characters for a million ops, default otherwise (so maxOps is 10,000). */
  private static final JsonLimits BIG_INPUT =
      new JsonLimits(1 << 26, JsonLimits.DEFAULT.maxDepth(), JsonLimits.DEFAULT.maxStringLength(), JsonLimits.DEFAULT.maxOps());

  /** A JSON text to decode, the limits to decode it with, and what the failure must say. */
  record DecodeRow(Supplier<String> json, JsonLimits limits, Problem problem, List<String> words) {}

  static Arguments decode(String name, String json, Problem problem, String... words) {
    return decode(name, () -> json, JsonLimits.DEFAULT, problem, words);
  }

  static Arguments decode(
      String name, Supplier<String> json, JsonLimits limits, Problem problem, String... words) {
    return arguments(Named.of(name, new DecodeRow(json, limits, problem, List.of(words))));
  }

  static Stream<Arguments> badJson() {
    return Stream.of(
        // lengths
        decode("retain of zero", "[{\"retain\":0}]", Problem.MALFORMED_OP, "op 0", "retain", "positive integer"),
        decode("negative retain", "[{\"retain\":-3}]", Problem.MALFORMED_OP, "op 0", "retain", "positive integer"),
        decode("delete of zero", "[{\"delete\":0}]", Problem.MALFORMED_OP, "op 0", "delete", "positive integer"),
        decode("negative delete", "[{\"delete\":-1}]", Problem.MALFORMED_OP, "op 0", "delete", "positive integer"),
        decode("negative zero retain", "[{\"retain\":-0.0}]", Problem.MALFORMED_OP, "op 0", "retain"),
        decode("the index of the bad op is named", "[{\"insert\":\"a\"},{\"retain\":2},{\"delete\":0}]", Problem.MALFORMED_OP, "op 2", "delete"),
        decode("fractional retain", "[{\"retain\":1.5}]", Problem.MALFORMED_OP, "op 0", "retain", "integer"),
        decode("fractional delete", "[{\"delete\":0.5}]", Problem.MALFORMED_OP, "op 0", "delete", "integer"),
        decode("retain as a string", "[{\"retain\":\"3\"}]", Problem.MALFORMED_OP, "op 0", "retain", "integer"),
        decode("delete as a string", "[{\"delete\":\"3\"}]", Problem.MALFORMED_OP, "op 0", "delete", "integer"),
        decode("retain as null", "[{\"retain\":null}]", Problem.MALFORMED_OP, "op 0", "retain"),
        decode("retain as true", "[{\"retain\":true}]", Problem.MALFORMED_OP, "op 0", "retain"),
        decode("retain over Integer.MAX_VALUE", "[{\"retain\":2147483648}]", Problem.TOO_LARGE, "op 0", "retain", "limit", "2147483647"),
        decode("delete of 20 digits", "[{\"delete\":99999999999999999999}]", Problem.TOO_LARGE, "op 0", "delete", "limit"),
        decode("retain of 1e10", "[{\"retain\":1e10}]", Problem.TOO_LARGE, "op 0", "retain", "limit"),
        decode("retain of 1e20", "[{\"retain\":1e20}]", Problem.TOO_LARGE, "op 0", "retain", "limit"),
        decode("retain of 1e400", "[{\"retain\":1e400}]", Problem.TOO_LARGE, "op 0", "retain", "limit"),
        decode("retain of 1e2147483647 (the largest exponent)", "[{\"retain\":1e2147483647}]", Problem.TOO_LARGE, "op 0", "retain", "limit"),
        decode("retain of 1e-2147483647", "[{\"retain\":1e-2147483647}]", Problem.MALFORMED_OP, "op 0", "retain", "positive integer"),
        decode("delete of 1e-400", "[{\"delete\":1e-400}]", Problem.MALFORMED_OP, "op 0", "delete", "positive integer"),
        decode("delete of -1e400", "[{\"delete\":-1e400}]", Problem.MALFORMED_OP, "op 0", "delete", "positive integer"),
        decode("retain with an exponent past int", "[{\"retain\":1e99999999999}]", Problem.INVALID_JSON, "number"),
        decode("retain of 2,000 digits", () -> "[{\"retain\":1" + "0".repeat(2_000) + "}]", JsonLimits.DEFAULT, Problem.INVALID_JSON, "number"),
        decode("attribute number of 2,000 digits", () -> "[{\"insert\":\"a\",\"attributes\":{\"size\":1" + "0".repeat(2_000) + "}}]", JsonLimits.DEFAULT, Problem.INVALID_JSON, "number"),
        decode("lengths adding up past an int", "[{\"retain\":2147483647},{\"delete\":1}]", Problem.TOO_LARGE, "op 1", "2147483647"),
        // keys and actions
        decode("unknown key", "[{\"insert\":\"a\",\"bold\":true}]", Problem.MALFORMED_OP, "op 0", "unknown key", "bold"),
        decode("two actions", "[{\"insert\":\"a\",\"retain\":1}]", Problem.MALFORMED_OP, "op 0", "exactly one", "has 2"),
        decode("three actions", "[{\"insert\":\"a\",\"retain\":1,\"delete\":1}]", Problem.MALFORMED_OP, "op 0", "exactly one", "has 3"),
        decode("no action", "[{}]", Problem.MALFORMED_OP, "op 0", "exactly one", "has 0"),
        decode("attributes only", "[{\"attributes\":{\"bold\":true}}]", Problem.MALFORMED_OP, "op 0", "exactly one", "has 0"),
        decode("duplicate key in an op", "[{\"insert\":\"a\",\"insert\":\"b\"}]", Problem.INVALID_JSON, "duplicate key", "insert"),
        decode("duplicate attribute", "[{\"insert\":\"a\",\"attributes\":{\"bold\":true,\"bold\":false}}]", Problem.INVALID_JSON, "duplicate key", "bold"),
        decode("duplicate ops key", "{\"ops\":[],\"ops\":[]}", Problem.INVALID_JSON, "duplicate key", "ops"),
        // inserts
        decode("insert of a number", "[{\"insert\":3}]", Problem.MALFORMED_OP, "op 0", "insert", "NUMBER"),
        decode("insert of a boolean", "[{\"insert\":true}]", Problem.MALFORMED_OP, "op 0", "insert", "TRUE"),
        decode("insert of an array", "[{\"insert\":[\"a\"]}]", Problem.MALFORMED_OP, "op 0", "insert", "ARRAY"),
        decode("insert of an empty string", "[{\"insert\":\"\"}]", Problem.MALFORMED_OP, "op 0", "insert", "empty"),
        decode("insert of null", "[{\"insert\":null}]", Problem.MALFORMED_OP, "op 0", "insert", "NULL"),
        decode("insert of an empty embed", "[{\"insert\":{}}]", Problem.MALFORMED_OP, "op 0", "insert", "empty embed"),
        decode("retain of an embed object", "[{\"retain\":{\"image\":\"x.png\"}}]", Problem.MALFORMED_OP, "op 0", "retain", "embed"),
        // attributes
        decode("attributes as a string", "[{\"insert\":\"a\",\"attributes\":\"bold\"}]", Problem.MALFORMED_OP, "op 0", "attributes", "object"),
        decode("attributes as an array", "[{\"retain\":1,\"attributes\":[\"bold\"]}]", Problem.MALFORMED_OP, "op 0", "attributes", "object"),
        decode("attributes as a number", "[{\"insert\":\"a\",\"attributes\":1}]", Problem.MALFORMED_OP, "op 0", "attributes", "object"),
        decode("attributes as null", "[{\"insert\":\"a\",\"attributes\":null}]", Problem.MALFORMED_OP, "op 0", "attributes", "object"),
        decode("attributes on a delete", "[{\"delete\":1,\"attributes\":{\"bold\":true}}]", Problem.MALFORMED_OP, "op 0", "delete", "attributes"),
        decode("empty attributes on a delete", "[{\"delete\":1,\"attributes\":{}}]", Problem.MALFORMED_OP, "op 0", "delete", "attributes"),
        // the top level
        decode("top-level string", "\"hello\"", Problem.MALFORMED_OP, "delta", "STRING"),
        decode("top-level number", "42", Problem.MALFORMED_OP, "delta", "NUMBER"),
        decode("top-level null", "null", Problem.MALFORMED_OP, "delta", "NULL"),
        decode("top-level object without ops", "{\"insert\":\"a\"}", Problem.MALFORMED_OP, "'ops'"),
        decode("ops that is not an array", "{\"ops\":{\"insert\":\"a\"}}", Problem.MALFORMED_OP, "'ops'", "array"),
        decode("ops with an extra key", "{\"ops\":[],\"version\":3}", Problem.MALFORMED_OP, "'ops'", "exactly one key"),
        decode("op that is a number", "[1]", Problem.MALFORMED_OP, "op 0", "object", "NUMBER"),
        decode("op that is a string", "[{\"insert\":\"a\"},\"b\"]", Problem.MALFORMED_OP, "op 1", "object", "STRING"),
        decode("op that is an array", "[[{\"insert\":\"a\"}]]", Problem.MALFORMED_OP, "op 0", "object", "ARRAY"),
        decode("op that is null", "[null]", Problem.MALFORMED_OP, "op 0", "object", "NULL"),
        // not JSON
        decode("empty input", "", Problem.INVALID_JSON, "invalid JSON"),
        decode("blank input", "  \n ", Problem.INVALID_JSON, "invalid JSON"),
        decode("truncated array", "[{\"insert\":\"a\"}", Problem.INVALID_JSON, "invalid JSON"),
        decode("truncated string", "[{\"insert\":\"ab", Problem.INVALID_JSON, "invalid JSON"),
        decode("truncated after a key", "[{\"insert\"", Problem.INVALID_JSON, "invalid JSON"),
        decode("trailing garbage", "[{\"insert\":\"a\"}] x", Problem.INVALID_JSON, "invalid JSON"),
        decode("trailing bracket", "[]]", Problem.INVALID_JSON, "invalid JSON"),
        decode("two values", "[] []", Problem.INVALID_JSON, "invalid JSON"),
        decode("single quotes", "[{'insert':'a'}]", Problem.INVALID_JSON, "invalid JSON"),
        decode("trailing comma", "[{\"insert\":\"a\"},]", Problem.INVALID_JSON, "invalid JSON"),
        decode("bad escape", "[{\"insert\":\"\\x41\"}]", Problem.INVALID_JSON, "invalid JSON"),
        decode("raw control character", "[{\"insert\":\"a\u0001\"}]", Problem.INVALID_JSON, "invalid JSON"),
        decode("NaN", "[{\"retain\":NaN}]", Problem.INVALID_JSON, "invalid JSON"),
        decode("a comment", "[/* ops */]", Problem.INVALID_JSON, "invalid JSON"),
        // limits
        decode("embed nested 1,000 deep", () -> nestedEmbed(1_000), JsonLimits.DEFAULT, Problem.TOO_DEEP, "nested", "limit", "16"),
        decode("arrays nested 100,000 deep", () -> "[".repeat(100_000) + "]".repeat(100_000), JsonLimits.DEFAULT, Problem.TOO_DEEP, "nested", "limit"),
        decode("embed nested 1,000 deep, storage limits", () -> nestedEmbed(1_000), JsonLimits.STORAGE, Problem.TOO_DEEP, "nested", "limit", "64"),
        decode("10 MB string", () -> "[{\"insert\":\"" + "x".repeat(10_000_000) + "\"}]", JsonLimits.DEFAULT, Problem.TOO_LARGE, "characters", "limit", "1048576"),
        decode("10 MB string, input limit large enough", () -> "[{\"insert\":\"" + "x".repeat(10_000_000) + "\"}]", BIG_INPUT, Problem.STRING_TOO_LONG, "string", "10000000", "limit", "262144"),
        decode("10 MB key", () -> "[{\"insert\":\"a\",\"attributes\":{\"" + "k".repeat(10_000_000) + "\":true}}]", BIG_INPUT, Problem.STRING_TOO_LONG, "key", "limit"),
        decode("a million ops", () -> ops(1_000_000), JsonLimits.DEFAULT, Problem.TOO_LARGE, "characters", "limit"),
        decode("a million ops, input limit large enough", () -> ops(1_000_000), BIG_INPUT, Problem.TOO_MANY_OPS, "ops", "limit", "10000"),
        decode("one op over the limit", () -> ops(10_001), JsonLimits.DEFAULT, Problem.TOO_MANY_OPS, "10001", "limit", "10000"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badJson")
  @DisplayName("decoding bad JSON fails with InvalidOpException naming the problem")
  void decodeRejects(DecodeRow row) {
    String json = row.json().get();
    Throwable thrown =
        assertTimeoutPreemptively(HANG_GUARD, () -> catchThrowable(() -> DeltaJson.decode(json, row.limits())));
    assertRejected(thrown, row.problem(), row.words());
  }

  /** A document, an op that is well-formed JSON but does not apply to it, and what the failure must say. */
  record ApplyRow(Delta document, String op, Problem problem, List<String> words) {}

  static Arguments apply(String name, Delta document, String op, Problem problem, String... words) {
    return arguments(Named.of(name, new ApplyRow(document, op, problem, List.of(words))));
  }

  static final Delta HELLO =
      DeltaJson.decode("[{\"insert\":\"hel\"},{\"insert\":\"lo\",\"attributes\":{\"bold\":true}},{\"insert\":{\"image\":\"a.png\"}},{\"insert\":\"\\n\"}]");

  static Stream<Arguments> badApply() {
    return Stream.of(
        apply("retain past the end", HELLO, "[{\"retain\":8}]", Problem.DOES_NOT_APPLY, "op 0", "retain", "past the end", "7"),
        apply("delete past the end", HELLO, "[{\"delete\":8}]", Problem.DOES_NOT_APPLY, "op 0", "delete", "past the end", "7"),
        apply("retain then delete past the end", HELLO, "[{\"retain\":3},{\"delete\":5}]", Problem.DOES_NOT_APPLY, "op 1", "delete", "8"),
        apply("formatting retain past the end", HELLO, "[{\"insert\":\"x\"},{\"retain\":8,\"attributes\":{\"bold\":null}}]", Problem.DOES_NOT_APPLY, "op 1", "retain"),
        apply("split deletes past the end", HELLO, "[{\"delete\":4},{\"delete\":4}]", Problem.DOES_NOT_APPLY, "op 1", "delete"),
        apply("retain on the empty document", Delta.empty(), "[{\"retain\":1}]", Problem.DOES_NOT_APPLY, "op 0", "retain", "0"),
        apply("delete on the empty document", Delta.empty(), "[{\"delete\":1}]", Problem.DOES_NOT_APPLY, "op 0", "delete"),
        apply("retain of Integer.MAX_VALUE", HELLO, "[{\"retain\":2147483647}]", Problem.DOES_NOT_APPLY, "op 0", "retain"),
        apply("insert with a null attribute", HELLO, "[{\"insert\":\"x\",\"attributes\":{\"bold\":null}}]", Problem.DOES_NOT_APPLY, "op 0", "null"),
        apply("embed with a null attribute", HELLO, "[{\"retain\":2},{\"insert\":{\"image\":\"b.png\"},\"attributes\":{\"width\":null}}]", Problem.DOES_NOT_APPLY, "op 1", "null"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badApply")
  @DisplayName("applying an op that does not apply fails and leaves the document as it was")
  void applyRejects(ApplyRow row) {
    Delta op = DeltaJson.decode(row.op()); // well-formed: only applying it is wrong
    String before = DeltaJson.encode(row.document());

    Throwable thrown = catchThrowable(() -> RichText.INSTANCE.apply(row.document(), op));
    assertRejected(thrown, row.problem(), row.words());
    assertThat(catchThrowable(() -> RichText.INSTANCE.check(row.document(), op)))
        .as("check agrees with apply")
        .isInstanceOf(InvalidOpException.class);
    assertThat(DeltaJson.encode(row.document())).isEqualTo(before);

    OtDocument<Delta> document = RichText.INSTANCE.newDocument(row.document());
    assertRejected(catchThrowable(() -> document.apply(op)), row.problem(), row.words());
    assertThat(normalise(document.snapshot())).isEqualTo(normalise(row.document()));
    assertThat(document.length()).isEqualTo(row.document().length());
    // Still usable afterwards, and nothing of the refused op shows up later.
    Delta append = row.document().length() == 0 ? Delta.ofText("!") : Delta.of(Op.retain(row.document().length()), Op.insert("!"));
    document.apply(append);
    assertThat(normalise(document.snapshot())).isEqualTo(normalise(row.document().compose(append)));
  }

  @Test
  @DisplayName("apply and newDocument refuse a document that is not a document")
  void applyToNonDocument() {
    Delta notADocument = Delta.of(Op.retain(3));
    assertRejected(
        catchThrowable(() -> RichText.INSTANCE.apply(notADocument, Delta.empty())), Problem.NOT_A_DOCUMENT, List.of("non-document"));
    assertRejected(
        catchThrowable(() -> RichText.INSTANCE.newDocument(notADocument)), Problem.NOT_A_DOCUMENT, List.of("non-document"));
    assertRejected(
        catchThrowable(() -> DeltaJson.decodeDocument("[{\"insert\":\"a\"},{\"delete\":1}]", JsonLimits.DEFAULT)),
        Problem.NOT_A_DOCUMENT,
        List.of("delete at op 1"));
  }

  static Stream<Arguments> validNeighbours() {
    return Stream.of(
        arguments(Named.of("positive retain", "[{\"retain\":1}]"), 1),
        arguments(Named.of("positive delete", "[{\"delete\":3}]"), 1),
        arguments(Named.of("retain of Integer.MAX_VALUE", "[{\"retain\":2147483647}]"), 1),
        arguments(Named.of("retain of 1.0 (the integer 1, as in JavaScript)", "[{\"retain\":1.0}]"), 1),
        arguments(Named.of("retain of 1e1", "[{\"retain\":1e1}]"), 1),
        arguments(Named.of("retain of 2.0e2", "[{\"retain\":2.0e2}]"), 1),
        arguments(Named.of("attribute of 1e2147483647, kept as a number", "[{\"insert\":\"a\",\"attributes\":{\"size\":1e2147483647}}]"), 1),
        arguments(Named.of("a number of 1,000 digits in an attribute", "[{\"insert\":\"a\",\"attributes\":{\"size\":1" + "0".repeat(1_000) + "}}]"), 1),
        arguments(Named.of("object attributes", "[{\"insert\":\"a\",\"attributes\":{\"bold\":true,\"size\":1.5,\"link\":{\"href\":\"x\"}}}]"), 1),
        arguments(Named.of("empty attributes", "[{\"insert\":\"a\",\"attributes\":{}}]"), 1),
        arguments(Named.of("null attribute on a retain", "[{\"retain\":2,\"attributes\":{\"bold\":null}}]"), 1),
        arguments(Named.of("null attribute on an insert (well-formed; apply refuses it)", "[{\"insert\":\"a\",\"attributes\":{\"bold\":null}}]"), 1),
        arguments(Named.of("embed", "[{\"insert\":{\"mention\":{\"id\":\"u1\"}}}]"), 1),
        arguments(Named.of("embed nested to the depth limit", nestedEmbed(13)), 1),
        arguments(Named.of("lone surrogate", "[{\"insert\":\"\\ud834\"}]"), 1),
        arguments(Named.of("empty array", "[]"), 0),
        arguments(Named.of("ops object", "{\"ops\":[{\"insert\":\"a\"}]}"), 1),
        arguments(Named.of("delete before insert, kept as given", "[{\"delete\":1},{\"insert\":\"a\"}]"), 2),
        arguments(Named.of("10,000 ops (the limit)", ops(10_000)), 10_000),
        arguments(Named.of("a 200,000-character string", "[{\"insert\":\"" + "x".repeat(200_000) + "\"}]"), 1));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validNeighbours")
  @DisplayName("the valid neighbours of the bad rows decode")
  void validNeighboursDecode(String json, int opCount) {
    assertThat(DeltaJson.decode(json).ops()).hasSize(opCount);
  }

  @Test
  @DisplayName("an op that reaches exactly the end of the document applies")
  void applyUpToTheEnd() {
    Delta op = DeltaJson.decode("[{\"retain\":3},{\"delete\":3},{\"retain\":1,\"attributes\":{\"header\":1}}]");
    Delta result = RichText.INSTANCE.apply(HELLO, op);
    assertThat(result.length()).isEqualTo(4);
    OtDocument<Delta> document = RichText.INSTANCE.newDocument(HELLO);
    document.apply(op);
    assertThat(normalise(document.snapshot())).isEqualTo(normalise(result));
  }

  private static void assertRejected(Throwable thrown, Problem problem, List<String> words) {
    assertThat(thrown).as("must throw InvalidOpException").isInstanceOf(InvalidOpException.class);
    assertThat(((InvalidOpException) thrown).problem()).as("problem of: %s", thrown.getMessage()).isEqualTo(problem);
    assertThat(thrown.getMessage()).contains(words);
  }

  /** An op inserting an embed that nests {@code depth} objects inside the embed. */
  private static String nestedEmbed(int depth) {
    return "[{\"insert\":" + "{\"a\":".repeat(depth) + "1" + "}".repeat(depth) + "}]";
  }

  /** An ops array of {@code count} retains, built without a JSON library. */
  private static String ops(int count) {
    StringBuilder json = new StringBuilder(count * 13 + 2).append('[');
    for (int i = 0; i < count; i++) {
      json.append(i == 0 ? "" : ",").append("{\"retain\":1}");
    }
    return json.append(']').toString();
  }
}
