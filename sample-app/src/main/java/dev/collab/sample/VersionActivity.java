package dev.collab.sample;

import dev.collab.VersionNameChange;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Observes Collab's CDI event {@link VersionNameChange}, as an application would (for an audit log,
 * a notification): logs each change and keeps the last {@value #KEPT} of this node in memory, which
 * the editor's history panel shows ({@code GET app/documents/{id}/version-activity}).
 */
@ApplicationScoped
public class VersionActivity {
  private static final System.Logger LOG = System.getLogger(VersionActivity.class.getName());
  static final int KEPT = 200;

  private final Deque<VersionNameChange> recent = new ArrayDeque<>();

  void changed(@Observes VersionNameChange change) {
    LOG.log(System.Logger.Level.INFO, "sample: user {0} {1} version {2} of document {3}", change.userId(),
        change.newName() == null ? "removed the name \"" + change.oldName() + "\" of"
            : change.oldName() == null ? "named \"" + change.newName() + "\"" : "renamed to \"" + change.newName() + "\"",
        change.version(), change.documentId());
    synchronized (recent) {
      recent.addFirst(change);
      while (recent.size() > KEPT) {
        recent.removeLast();
      }
    }
  }

  /** The changes of {@code documentId} this node heard, newest first, at most {@code limit}. */
  List<VersionNameChange> of(String documentId, int limit) {
    synchronized (recent) {
      return recent.stream().filter(c -> c.documentId().equals(documentId)).limit(limit).toList();
    }
  }
}
