package dev.collab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
