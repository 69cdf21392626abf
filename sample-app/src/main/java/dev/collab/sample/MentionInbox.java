package dev.collab.sample;

import dev.collab.Access;
import dev.collab.User;
import dev.collab.comments.Mention;
import dev.collab.spi.AccessPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Observes Collab's CDI event {@link Mention} (a comment says {@code @bob}), as an application would
 * to notify someone: keeps, per user, the latest {@value #KEPT} mentions this node heard, in memory,
 * which the header's inbox shows ({@code GET app/mentions}). Collab does not check that a mentioned
 * user exists or may read the document: this keeps a mention only for a demo user ({@link
 * DemoUsers}) who may read it under the {@link AccessPolicy}, so the inbox holds at most {@value
 * #KEPT} entries for each of a fixed set of users. Lost on a restart; a real application would store
 * or send them.
 */
@ApplicationScoped
public class MentionInbox {
  private static final System.Logger LOG = System.getLogger(MentionInbox.class.getName());
  static final int KEPT = 50;

  @Inject AccessPolicy policy;

  /** user id → that user's mentions, newest first; each deque guarded by itself. */
  private final Map<String, Deque<Mention>> inboxes = new ConcurrentHashMap<>();

  void mentioned(@Observes Mention mention) {
    DemoUsers.DemoUser demo = DemoUsers.ALL.stream().filter(u -> u.name().equals(mention.userId())).findFirst().orElse(null);
    if (demo == null) {
      return; // not a user of this application
    }
    User user = new User(demo.name(), demo.name(), Set.of(demo.role()));
    if (!policy.access(user, mention.documentId()).allows(Access.READ)) {
      return; // they may not read the document: the comment is not theirs to see
    }
    LOG.log(System.Logger.Level.INFO, "sample: {0} mentioned {1} in a comment on document {2}",
        mention.by().id(), mention.userId(), mention.documentId());
    add(mention);
  }

  /** Keeps {@code mention} first in its user's inbox, dropping the oldest past {@value #KEPT}. */
  void add(Mention mention) {
    Deque<Mention> inbox = inboxes.computeIfAbsent(mention.userId(), k -> new ArrayDeque<>());
    synchronized (inbox) {
      inbox.addFirst(mention);
      while (inbox.size() > KEPT) {
        inbox.removeLast();
      }
    }
  }

  /** The mentions of {@code userId}, newest first. */
  List<Mention> of(String userId) {
    Deque<Mention> inbox = inboxes.get(userId);
    if (inbox == null) {
      return List.of();
    }
    synchronized (inbox) {
      return List.copyOf(inbox);
    }
  }
}
