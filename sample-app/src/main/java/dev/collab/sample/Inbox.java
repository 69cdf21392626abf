package dev.collab.sample;

import dev.collab.Access;
import dev.collab.AccessChange;
import dev.collab.User;
import dev.collab.comments.Mention;
import dev.collab.spi.AccessPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Observes two of Collab's CDI events as an application would to notify someone, and keeps what
 * they tell a user for the header's inbox ({@code GET app/inbox}): {@link Mention} (a comment says
 * {@code @bob}) and {@link AccessChange} (an owner or admin gave bob access to a document, or changed
 * it). Per user the latest {@value #KEPT} notices this node heard, in memory. Collab does not check
 * that a mentioned user exists or may read the document: a notice is kept only for a demo user
 * ({@link DemoUsers}) who may read the document under the {@link AccessPolicy}, so the inbox holds at
 * most {@value #KEPT} entries for each of a fixed set of users. A removed grant is not a notice (the
 * document is gone from the user's list). Lost on a restart; a real application would store or send
 * them.
 */
@ApplicationScoped
public class Inbox {
  private static final System.Logger LOG = System.getLogger(Inbox.class.getName());
  static final int KEPT = 50;

  /** One entry of a user's inbox. */
  sealed interface Notice {
    String documentId();

    String userId();
  }

  /** A comment mentioned the user. */
  record Mentioned(Mention mention) implements Notice {
    @Override
    public String documentId() {
      return mention.documentId();
    }

    @Override
    public String userId() {
      return mention.userId();
    }
  }

  /** The user was given access to a document, or their access changed; {@code time} is when this node heard it. */
  record Shared(AccessChange change, Instant time) implements Notice {
    @Override
    public String documentId() {
      return change.documentId();
    }

    @Override
    public String userId() {
      return change.userId();
    }
  }

  @Inject AccessPolicy policy;

  /** user id → that user's notices, newest first; each deque guarded by itself. */
  private final Map<String, Deque<Notice>> inboxes = new ConcurrentHashMap<>();

  void mentioned(@Observes Mention mention) {
    if (keep(new Mentioned(mention))) {
      LOG.log(System.Logger.Level.INFO, "sample: {0} mentioned {1} in a comment on document {2}",
          mention.by().id(), mention.userId(), mention.documentId());
    }
  }

  void shared(@Observes AccessChange change) {
    if (change.after() != Access.NONE && keep(new Shared(change, Instant.now()))) {
      LOG.log(System.Logger.Level.INFO, "sample: {0} gave {1} {2} access to document {3}",
          change.changedBy(), change.userId(), change.after(), change.documentId());
    }
  }

  /** Keeps {@code notice} first in its user's inbox when it is theirs to see; false when it is not. */
  private boolean keep(Notice notice) {
    Optional<DemoUsers.DemoUser> demo = DemoUsers.ALL.stream().filter(u -> u.name().equals(notice.userId())).findFirst();
    if (demo.isEmpty()) {
      return false; // not a user of this application
    }
    User user = new User(demo.get().name(), demo.get().name(), Set.of(demo.get().role()));
    if (!policy.access(user, notice.documentId()).allows(Access.READ)) {
      return false; // they may not read the document: the notice is not theirs to see
    }
    add(notice);
    return true;
  }

  /** Keeps {@code notice} first in its user's inbox, dropping the oldest past {@value #KEPT}. */
  void add(Notice notice) {
    Deque<Notice> inbox = inboxes.computeIfAbsent(notice.userId(), k -> new ArrayDeque<>());
    synchronized (inbox) {
      inbox.addFirst(notice);
      while (inbox.size() > KEPT) {
        inbox.removeLast();
      }
    }
  }

  /** The notices of {@code userId}, newest first. */
  List<Notice> of(String userId) {
    Deque<Notice> inbox = inboxes.get(userId);
    if (inbox == null) {
      return List.of();
    }
    synchronized (inbox) {
      return List.copyOf(inbox);
    }
  }
}
