package dev.collab.server.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.collab.CollabException;
import dev.collab.ErrorCode;
import dev.collab.NamedVersion;
import dev.collab.User;
import dev.collab.VersionComparison;
import dev.collab.VersionComparison.Kind;
import dev.collab.VersionComparison.Part;
import dev.collab.VersionNameChange;
import dev.collab.ot.Delta;
import dev.collab.ot.DeltaJson;
import dev.collab.ot.RichText;
import dev.collab.server.defaults.InMemoryDocumentStore;
import dev.collab.server.defaults.RoleAccessPolicy;
import dev.collab.spi.Snapshot;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Named versions and comparisons through {@link dev.collab.Collab#versions()}, on an engine with the in-memory store. */
class VersionsTest {
  private final InMemoryDocumentStore store = new InMemoryDocumentStore();
  private final User alice = User.of("alice");
  private final User bob = User.of("bob");
  private final User carol = User.of("carol");
  private CollabEngine engine = engine();

  private CollabEngine engine() {
    return CollabEngine.builder().store(store).policy(new RoleAccessPolicy(true))
        .config(EngineConfig.DEFAULTS.withSnapshotEvery(5)).build();
  }

  @AfterEach
  void close() {
    engine.close();
  }

  private static <T> T get(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static ErrorCode failure(CompletionStage<?> stage) {
    ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, () -> get(stage));
    assertThat(e.getCause()).isInstanceOf(CollabException.class);
    return ((CollabException) e.getCause()).code();
  }

  private void edit(User user, Delta op) throws Exception {
    get(engine.edit("doc", user, RichText.INSTANCE, op));
  }

  private String textAt(long version) throws Exception {
    return DeltaJson.decode(get(engine.readAt("doc", version)).data()).text();
  }

  @Test
  @DisplayName("a named version is listed, renamed, unnamed, and every change reaches the listeners")
  void nameRenameUnname() throws Exception {
    engine.create("doc", RichText.NAME, "Doc", Map.of(), alice);
    edit(alice, Delta.ofText("draft\n"));
    List<VersionNameChange> heard = new CopyOnWriteArrayList<>();
    engine.versions().onChange(c -> {
      throw new IllegalStateException("a broken listener does not stop the others");
    });
    engine.versions().onChange(heard::add);

    NamedVersion named = get(engine.versions().name("doc", 1, "sent to legal", alice));
    assertThat(named).extracting(NamedVersion::version, NamedVersion::name, NamedVersion::userId)
        .containsExactly(1L, "sent to legal", "alice");
    get(engine.versions().name("doc", 0, "empty", bob));
    get(engine.versions().name("doc", 1, "approved", bob));
    assertThat(get(engine.versions().list("doc"))).extracting(NamedVersion::version, NamedVersion::name, NamedVersion::userId)
        .containsExactly(tuple(1L, "approved", "bob"), tuple(0L, "empty", "bob"));

    assertThat(get(engine.versions().unname("doc", 1, carol))).isTrue();
    assertThat(get(engine.versions().unname("doc", 1, carol))).isFalse();
    assertThat(get(engine.versions().list("doc"))).extracting(NamedVersion::name).containsExactly("empty");
    assertThat(heard).containsExactly(
        new VersionNameChange("doc", 1, null, "sent to legal", "alice"),
        new VersionNameChange("doc", 0, null, "empty", "bob"),
        new VersionNameChange("doc", 1, "sent to legal", "approved", "bob"),
        new VersionNameChange("doc", 1, "approved", null, "carol"));
  }

  @Test
  @DisplayName("a named version is read after retention dropped the ops around it; an unnamed neighbour is history-gone")
  void namedVersionSurvivesRetention() throws Exception {
    engine.create("doc", RichText.NAME, "Doc", Map.of(), alice);
    for (int i = 0; i < 3; i++) {
      edit(alice, Delta.ofText(Integer.toString(i)));
    }
    get(engine.versions().name("doc", 3, "three", alice));
    for (int i = 3; i < 40; i++) {
      edit(bob, Delta.ofText(Integer.toString(i % 10)));
    }
    EngineBehaviourTest.waitUntil(() -> store.loadSnapshot("doc", 100).map(Snapshot::version).orElse(0L) == 40, "snapshot at 40");
    assertThat(store.pruneHistory("doc", Instant.now().plusSeconds(3_600))).isEqualTo(39);

    engine.close();
    engine = engine(); // a node that never had the ops in memory
    assertThat(textAt(3)).isEqualTo("210");
    assertThat(failure(engine.readAt("doc", 4))).isEqualTo(ErrorCode.HISTORY_GONE);
    assertThat(failure(engine.versions().name("doc", 4, "too late", alice))).isEqualTo(ErrorCode.HISTORY_GONE);
    // Compared across pruned history: still correct, without authors.
    VersionComparison comparison = get(engine.versions().compare("doc", 3, 40));
    assertThat(comparison.authorsKnown()).isFalse();
    assertThat(text(comparison, Kind.INSERTED)).isEqualTo(textAt(40).substring(0, 37));
    assertThat(text(comparison, Kind.UNCHANGED)).isEqualTo("210");
    assertThat(comparison.parts()).allSatisfy(p -> assertThat(p.author()).isNull());
  }

  @Test
  @DisplayName("names are checked: empty, blank, control characters and past 100 characters are bad-message; 100 is fine")
  void badNames() throws Exception {
    engine.create("doc", RichText.NAME, "Doc", Map.of(), alice);
    for (String bad : List.of("", "   ", "a\nb", "tab\there", "nul\0", "x".repeat(NamedVersion.MAX_NAME_LENGTH + 1), "lone \ud800")) {
      assertThat(failure(engine.versions().name("doc", 0, bad, alice))).as("name %s", bad).isEqualTo(ErrorCode.BAD_MESSAGE);
    }
    assertThat(get(engine.versions().name("doc", 0, "x".repeat(NamedVersion.MAX_NAME_LENGTH), alice)).name())
        .hasSize(NamedVersion.MAX_NAME_LENGTH);
  }

  @Test
  @DisplayName("a document has at most 500 named versions: the 501st is too-large, a rename still works, and a removal makes room")
  void mostNamedVersions() throws Exception {
    engine.create("doc", RichText.NAME, "Doc", Map.of(), alice);
    for (int v = 1; v <= NamedVersion.MAX_PER_DOCUMENT; v++) {
      edit(alice, Delta.ofText("x"));
    }
    for (long v = 0; v < NamedVersion.MAX_PER_DOCUMENT; v++) {
      get(engine.versions().name("doc", v, "v" + v, alice));
    }
    assertThat(get(engine.versions().list("doc"))).hasSize(NamedVersion.MAX_PER_DOCUMENT);
    assertThat(failure(engine.versions().name("doc", NamedVersion.MAX_PER_DOCUMENT, "one too many", alice)))
        .isEqualTo(ErrorCode.TOO_LARGE);
    assertThat(get(engine.versions().name("doc", 7, "renamed", bob)).name()).isEqualTo("renamed");
    assertThat(get(engine.versions().unname("doc", 7, bob))).isTrue();
    assertThat(get(engine.versions().name("doc", NamedVersion.MAX_PER_DOCUMENT, "now it fits", alice)).version())
        .isEqualTo(NamedVersion.MAX_PER_DOCUMENT);
  }

  @Test
  @DisplayName("versions outside 0..head, from after to, unknown documents and non-rich-text documents are refused")
  void badVersions() throws Exception {
    engine.create("doc", RichText.NAME, "Doc", Map.of(), alice);
    edit(alice, Delta.ofText("a"));
    assertThat(failure(engine.versions().name("doc", 2, "ahead", alice))).isEqualTo(ErrorCode.VERSION_AHEAD);
    assertThat(failure(engine.versions().name("doc", -1, "negative", alice))).isEqualTo(ErrorCode.VERSION_AHEAD);
    assertThat(failure(engine.versions().compare("doc", 0, 2))).isEqualTo(ErrorCode.VERSION_AHEAD);
    assertThat(failure(engine.versions().compare("doc", -1, 1))).isEqualTo(ErrorCode.VERSION_AHEAD);
    assertThat(failure(engine.versions().compare("doc", 1, 0))).isEqualTo(ErrorCode.BAD_MESSAGE);
    assertThat(failure(engine.versions().name("nothing", 0, "x", alice))).isEqualTo(ErrorCode.UNKNOWN_DOCUMENT);
    assertThat(failure(engine.versions().list("nothing"))).isEqualTo(ErrorCode.UNKNOWN_DOCUMENT);
    assertThat(failure(engine.versions().unname("nothing", 0, alice))).isEqualTo(ErrorCode.UNKNOWN_DOCUMENT);
    assertThat(failure(engine.versions().compare("nothing", 0, 0))).isEqualTo(ErrorCode.UNKNOWN_DOCUMENT);
    assertThat(failure(engine.versions().list("bad id!"))).isEqualTo(ErrorCode.BAD_MESSAGE);
  }

  @Test
  @DisplayName("a comparison marks deleted, inserted and re-formatted text with the author of each change")
  void compareWithAuthors() throws Exception {
    engine.create("doc", RichText.NAME, "Doc", Map.of(), alice);
    edit(alice, Delta.ofText("Hello world\n"));                                              // v1
    edit(bob, Delta.builder().retain(5).insert(" big").build());                             // v2: Hello big world
    edit(carol, Delta.builder().retain(10).retain(5, Map.of("bold", JsonValue.TRUE)).build()); // v3: world bold
    edit(alice, Delta.builder().delete(5).build());                                          // v4: " big world"

    VersionComparison comparison = get(engine.versions().compare("doc", 1, 4));
    assertThat(comparison.authorsKnown()).isTrue();
    assertThat(comparison.parts()).extracting(Part::kind, Part::text, p -> p.author() == null ? null : p.author().id())
        .containsExactly(
            tuple(Kind.INSERTED, " big", "bob"), // a Delta puts an insert before a delete at one place
            tuple(Kind.DELETED, "Hello", "alice"),
            tuple(Kind.UNCHANGED, " ", null),
            tuple(Kind.FORMATTED, "world", "carol"),
            tuple(Kind.UNCHANGED, "\n", null));
    Part formatted = comparison.parts().get(3);
    assertThat(formatted.attributes()).isEqualTo("{\"bold\":true}");
    assertThat(formatted.changedFormats()).isEqualTo("{\"bold\":true}");
    assertThat(comparison.authors().keySet()).containsExactly("bob", "alice", "carol");
    assertThat(DeltaJson.decode(textAt(1).isEmpty() ? "[]" : get(engine.readAt("doc", 1)).data())
        .compose(DeltaJson.decode(comparison.diff()))).isEqualTo(DeltaJson.decode(get(engine.readAt("doc", 4)).data()));
    assertThat(get(engine.versions().compare("doc", 2, 2)).parts()).extracting(Part::kind).containsOnly(Kind.UNCHANGED);
  }

  @Test
  @DisplayName("random edits by three users: the parts rebuild both versions, and every attributed insertion is its author's")
  void randomEdits() throws Exception {
    long seed = Long.getLong("collab.seed", new Random().nextLong());
    System.out.println("VersionsTest.randomEdits seed " + seed + " (rerun with -Dcollab.seed=" + seed + ")");
    Random random = new Random(seed);
    List<User> users = List.of(alice, bob, carol);
    engine.create("doc", RichText.NAME, "Doc", Map.of(), alice);
    edit(alice, Delta.ofText("start\n"));
    for (int i = 0; i < 60; i++) {
      int length = textAt(i + 1).length();
      User user = users.get(random.nextInt(3));
      int at = random.nextInt(length);
      Delta.Builder op = Delta.builder().retain(at);
      switch (random.nextInt(3)) {
        case 0 -> op.insert(user.id().substring(0, 1).repeat(1 + random.nextInt(3)));
        case 1 -> op.delete(Math.max(1, Math.min(length - 1 - at, random.nextInt(4))));
        default -> op.retain(Math.max(1, Math.min(length - at, 1 + random.nextInt(5))), Map.of("italic", JsonValue.TRUE));
      }
      if (at == length - 1 && op.build().ops().stream().anyMatch(o -> o.isDelete())) {
        op = Delta.builder().retain(at).insert(user.id().substring(0, 1));
      }
      edit(user, op.build());
    }
    long from = 1 + random.nextInt(30);
    VersionComparison comparison = get(engine.versions().compare("doc", from, 61));
    assertThat(text(comparison, Kind.INSERTED, Kind.UNCHANGED, Kind.FORMATTED)).isEqualTo(textAt(61));
    assertThat(text(comparison, Kind.DELETED, Kind.UNCHANGED, Kind.FORMATTED)).isEqualTo(textAt(from));
    for (Part part : comparison.parts()) {
      if (part.kind() == Kind.INSERTED && part.author() != null) {
        assertThat(part.text()).as("seed %d", seed).matches("[" + part.author().id().charAt(0) + "]+");
      }
    }
  }

  private static String text(VersionComparison comparison, Kind... kinds) {
    List<Kind> wanted = List.of(kinds);
    return comparison.parts().stream().filter(p -> wanted.contains(p.kind())).map(Part::text).collect(Collectors.joining());
  }
}
