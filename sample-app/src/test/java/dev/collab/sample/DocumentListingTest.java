package dev.collab.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.collab.Access;
import dev.collab.DocumentInfo;
import dev.collab.User;
import dev.collab.server.defaults.InMemoryDocumentStore;
import dev.collab.server.defaults.RoleAccessPolicy;
import dev.collab.server.internal.engine.CollabEngine;
import dev.collab.spi.AccessPolicy;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@link DocumentListing} on a real engine with the in-memory store. */
class DocumentListingTest {
  private static final User ANN = new User("ann", "Ann", Set.of(RoleAccessPolicy.WRITER));
  private static final User BOB = new User("bob", "Bob", Set.of(RoleAccessPolicy.WRITER));

  private final InMemoryDocumentStore store = new InMemoryDocumentStore();
  private final CollabEngine engine = CollabEngine.builder().store(store).build();
  private final AccessPolicy roles = new RoleAccessPolicy(false);

  @AfterEach
  void close() {
    engine.close();
  }

  private void edit(String id, User user, String op) throws Exception {
    engine.edit(id, user, op).toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private DocumentListing listing(AccessPolicy policy) {
    return new DocumentListing(engine, store, policy);
  }

  private static List<String> ids(DocumentListing.Page page) {
    return page.entries().stream().map(e -> e.info().id()).toList();
  }

  @Test
  @DisplayName("each entry has its version, who edited it last and when, its characters and its bytes")
  void lastEditAndSize() throws Exception {
    engine.create("doc", "rich-text", "Plans", Map.of(), ANN);
    edit("doc", ANN, "[{\"insert\":\"Hello wörld\\n\"}]");
    edit("doc", BOB, "[{\"retain\":11},{\"insert\":\" 😀\\nTwo\"},{\"insert\":{\"divider\":true}}]");
    engine.create("empty", "rich-text", "Nothing yet", Map.of(), ANN);

    DocumentListing.Page page = listing(roles).page(ANN, "", 0, 50);
    assertThat(ids(page)).containsExactly("doc", "empty");
    DocumentListing.Entry doc = page.entries().get(0);
    assertThat(doc.version()).isEqualTo(2);
    assertThat(doc.lastEdit()).isNotNull();
    assertThat(doc.lastEdit().userName()).isEqualTo("Bob");
    assertThat(doc.lastEdit().version()).isEqualTo(2);
    // "Hello wörld 😀" and "Two": the emoji is one character (two UTF-16 units), line breaks and the divider none
    assertThat(doc.characters()).isEqualTo(13 + 3);
    String data = engine.read("doc").toCompletableFuture().get(10, TimeUnit.SECONDS).data();
    assertThat(doc.bytes()).isEqualTo(data.getBytes(StandardCharsets.UTF_8).length).isGreaterThan(data.length());
    DocumentListing.Entry empty = page.entries().get(1);
    assertThat(empty.version()).isZero();
    assertThat(empty.lastEdit()).isNull();
    assertThat(empty.characters()).isZero();
  }

  @Test
  @DisplayName("the search matches part of the title ignoring case and the spaces around it; an empty search lists all")
  void searchByTitle() {
    engine.create("a", "rich-text", "Budget 2027", Map.of(), ANN);
    engine.create("b", "rich-text", "Minutes", Map.of(), ANN);
    engine.create("c", "rich-text", "Draft BUDGET notes", Map.of(), ANN);
    engine.create("d", "rich-text", "", Map.of(), ANN);
    DocumentListing listing = listing(roles);
    assertThat(ids(listing.page(ANN, "budget", 0, 50))).containsExactly("a", "c");
    assertThat(ids(listing.page(ANN, "  Budget ", 0, 50))).containsExactly("a", "c");
    assertThat(listing.page(ANN, "  Budget ", 0, 50).query()).isEqualTo("Budget");
    assertThat(ids(listing.page(ANN, "nothing like it", 0, 50))).isEmpty();
    assertThat(ids(listing.page(ANN, "", 0, 50))).containsExactly("a", "b", "c", "d");
  }

  @Test
  @DisplayName("pages count matches, past the store's own pages of 100, and skip documents the user may not read")
  void pagesOfMatches() {
    for (int i = 0; i < 250; i++) {
      engine.create(String.format("d%03d", i), "rich-text", (i % 2 == 0 ? "even " : "odd ") + i, Map.of(), ANN);
    }
    // Bob may not read the documents whose number ends in 4.
    AccessPolicy policy = (user, id) -> user.id().equals("bob") && id.endsWith("4") ? Access.NONE : Access.WRITE;
    DocumentListing listing = listing(policy);
    DocumentListing.Page second = listing.page(BOB, "even", 50, 50);
    // The even numbers not ending in 4 are 4 of every 10: d000, d002, d006, d008, d010, ...
    assertThat(second.entries()).hasSize(50);
    assertThat(ids(second).get(0)).isEqualTo("d126");
    assertThat(ids(second)).allMatch(id -> !id.endsWith("4") && (id.charAt(3) - '0') % 2 == 0);
    DocumentListing.Page last = listing.page(BOB, "even", 50 + 50, 50);
    assertThat(ids(last)).hasSize(0);
    assertThat(ids(listing.page(ANN, "even", 100, 100))).hasSize(25).startsWith("d200");
  }

  @Test
  @DisplayName("a search text over 256 characters, a negative offset and a limit outside 1..100 are refused")
  void limits() {
    DocumentListing listing = listing(roles);
    assertThat(listing.page(ANN, "x".repeat(DocumentInfo.MAX_TITLE_LENGTH), 0, 100).entries()).isEmpty();
    assertThatThrownBy(() -> listing.page(ANN, "x".repeat(DocumentInfo.MAX_TITLE_LENGTH + 1), 0, 50))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("256");
    assertThatThrownBy(() -> listing.page(ANN, "", -1, 50)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> listing.page(ANN, "", 0, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> listing.page(ANN, "", 0, 101)).isInstanceOf(IllegalArgumentException.class);
  }
}
