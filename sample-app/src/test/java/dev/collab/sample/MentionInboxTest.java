package dev.collab.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.collab.Access;
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

class MentionInboxTest {
  private static Mention mention(String doc, String user, int n) {
    return new Mention(doc, "t" + n, "c" + n, user, User.of("alice"), "hi @" + user + " " + n, Instant.ofEpochSecond(n));
  }

  private static MentionInbox inbox(Access access) {
    MentionInbox inbox = new MentionInbox();
    inbox.policy = (user, doc) -> doc.startsWith("secret") ? Access.NONE : access;
    return inbox;
  }

  @Test
  @DisplayName("keeps the latest 50 mentions per user, newest first, also when many threads add at once")
  void bounded() throws Exception {
    MentionInbox inbox = inbox(Access.READ);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Runnable> tasks = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      int n = i;
      tasks.add(() -> inbox.mentioned(mention("d1", n % 2 == 0 ? "bob" : "carol", n)));
    }
    tasks.forEach(pool::execute);
    pool.shutdown();
    assertThat(pool.awaitTermination(20, TimeUnit.SECONDS)).isTrue();
    assertThat(inbox.of("bob")).hasSize(MentionInbox.KEPT).allMatch(m -> m.userId().equals("bob"));
    assertThat(inbox.of("carol")).hasSize(MentionInbox.KEPT);
    inbox.mentioned(mention("d1", "bob", 1000));
    assertThat(inbox.of("bob").get(0).commentId()).isEqualTo("c1000");
    assertThat(inbox.of("alice")).isEmpty();
  }

  @Test
  @DisplayName("keeps no mention of an unknown user, nor of a document the user may not read")
  void onlyReaders() {
    MentionInbox inbox = inbox(Access.READ);
    inbox.mentioned(mention("d1", "mallory", 1));
    inbox.mentioned(mention("secret-1", "bob", 2));
    inbox.mentioned(mention("d1", "bob", 3));
    assertThat(inbox.of("mallory")).isEmpty();
    assertThat(inbox.of("bob")).extracting(Mention::commentId).containsExactly("c3");
  }
}
