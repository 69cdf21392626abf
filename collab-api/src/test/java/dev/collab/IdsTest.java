package dev.collab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class IdsTest {
  @Test
  void documentIds() {
    assertThat(Ids.isDocumentId("a")).isTrue();
    assertThat(Ids.isDocumentId("Doc-1_v2.draft")).isTrue();
    assertThat(Ids.isDocumentId("x".repeat(128))).isTrue();
    assertThat(Ids.isDocumentId("x".repeat(129))).isFalse();
    assertThat(Ids.isDocumentId("")).isFalse();
    assertThat(Ids.isDocumentId(null)).isFalse();
    for (String bad : new String[] {"a b", "a/b", "a'b", "<x>", "a\nb", "é", "a@b", "a;b"}) {
      assertThat(Ids.isDocumentId(bad)).as(bad).isFalse();
    }
    assertThatThrownBy(() -> Ids.requireDocumentId("a b")).hasMessageContaining("'a b'").hasMessageContaining("128");
  }

  @Test
  @DisplayName("a document id is a safe path segment: ids made only of dots are refused, dots among other characters are fine")
  void documentIdsMadeOnlyOfDots() {
    for (String dots : new String[] {".", "..", "...", ".".repeat(128)}) {
      assertThat(Ids.isDocumentId(dots)).as(dots).isFalse();
      assertThatThrownBy(() -> Ids.requireDocumentId(dots)).as(dots).hasMessageContaining("only of dots");
    }
    for (String fine : new String[] {".a", "a.", "a..b", "..a..", "-", "_", "v1.2"}) {
      assertThat(Ids.isDocumentId(fine)).as(fine).isTrue();
    }
  }

  @Test
  @DisplayName("a document made only of dots that a store kept from before the rule still loads as a value")
  void storedDocumentsMadeOnlyOfDotsStillLoad() {
    DocumentInfo info = new DocumentInfo("..", "rich-text", "", java.util.Map.of(), "ann", java.time.Instant.EPOCH);
    assertThat(info.id()).isEqualTo("..");
    CommittedOp op = new CommittedOp("...", 1, "[]", "c1", 1, "ann", "Ann", java.time.Instant.EPOCH);
    assertThat(op.document()).isEqualTo("...");
    assertThatThrownBy(() -> new DocumentInfo("a/b", "rich-text", "", java.util.Map.of(), "ann", java.time.Instant.EPOCH))
        .hasMessageContaining("'a/b'");
  }

  @Test
  void clientAndUserIds() {
    assertThat(Ids.isClientId("tab-1_X")).isTrue();
    assertThat(Ids.isClientId("tab.1")).isFalse();
    assertThat(Ids.isClientId("x".repeat(65))).isFalse();
    assertThat(Ids.isUserId("ann.lee+work@example.com")).isTrue();
    assertThat(Ids.isUserId("ann lee")).isFalse();
    assertThat(Ids.isUserId("\"ann\"")).isFalse();
    assertThatThrownBy(() -> Ids.requireUserId("a\u0000b")).hasMessageContaining("a?b");
  }
}
