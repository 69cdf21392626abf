package dev.collab.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.collab.Access;
import dev.collab.AccessChange;
import dev.collab.User;
import dev.collab.comments.Mention;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class InboxTest {
  private static Mention mention(String doc, String user, int n) {
    return new Mention(doc, "t" + n, "c" + n, user, User.of("alice"), "hi @" + user + " " + n, Instant.ofEpochSecond(n));
  }

  private static Inbox inbox(Access access) {
    Inbox inbox = new Inbox();
    inbox.policy = (user, doc) -> doc.startsWith("secret") ? Access.NONE : access;
    return inbox;
  }

  private static String commentOf(Inbox.Notice notice) {
    return ((Inbox.Mentioned) notice).mention().commentId();
  }

  @Test
  @DisplayName("keeps the latest 50 notices per user, newest first, also when many threads add at once")
  void bounded() throws Exception {
    Inbox inbox = inbox(Access.READ);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Runnable> tasks = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      int n = i;
      tasks.add(() -> inbox.mentioned(mention("d1", n % 2 == 0 ? "bob" : "carol", n)));
      tasks.add(() -> inbox.shared(new AccessChange("d" + n, "bob", Access.NONE, Access.WRITE, "alice")));
    }
    tasks.forEach(pool::execute);
    pool.shutdown();
    assertThat(pool.awaitTermination(20, TimeUnit.SECONDS)).isTrue();
    assertThat(inbox.of("bob")).hasSize(Inbox.KEPT).allMatch(m -> m.userId().equals("bob"));
    assertThat(inbox.of("carol")).hasSize(Inbox.KEPT).allMatch(m -> m instanceof Inbox.Mentioned);
    inbox.mentioned(mention("d1", "bob", 1000));
    assertThat(commentOf(inbox.of("bob").get(0))).isEqualTo("c1000");
    assertThat(inbox.of("alice")).isEmpty();
  }

  @Test
  @DisplayName("keeps no notice for an unknown user, nor of a document the user may not read")
  void onlyReaders() {
    Inbox inbox = inbox(Access.READ);
    inbox.mentioned(mention("d1", "mallory", 1));
    inbox.mentioned(mention("secret-1", "bob", 2));
    inbox.shared(new AccessChange("d1", "mallory", Access.NONE, Access.READ, "alice"));
    inbox.shared(new AccessChange("secret-2", "bob", Access.NONE, Access.READ, "alice"));
    inbox.mentioned(mention("d1", "bob", 3));
    assertThat(inbox.of("mallory")).isEmpty();
    assertThat(inbox.of("bob")).extracting(InboxTest::commentOf).containsExactly("c3");
  }

  @Test
  @DisplayName("a grant given or changed is a notice with its level; a grant removed is none")
  void shares() {
    Inbox inbox = inbox(Access.READ);
    inbox.shared(new AccessChange("d1", "carol", Access.NONE, Access.COMMENT, "alice"));
    inbox.shared(new AccessChange("d1", "carol", Access.COMMENT, Access.WRITE, "admin"));
    inbox.shared(new AccessChange("d1", "carol", Access.WRITE, Access.NONE, "alice"));
    assertThat(inbox.of("carol")).map(n -> ((Inbox.Shared) n).change())
        .extracting(AccessChange::after, AccessChange::changedBy)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(Access.WRITE, "admin"),
            org.assertj.core.groups.Tuple.tuple(Access.COMMENT, "alice"));
  }
}
