package dev.collab.server.defaults;

import dev.collab.DocumentInfo;
import dev.collab.Grant;
import dev.collab.spi.GrantStore;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The {@link GrantStore} of the {@link InMemoryDocumentStore}: each document's grants live with the
 * document ({@link DocumentGrantTable}) and go with it. Thread-safe.
 */
final class InMemoryGrantStore implements GrantStore {

  /** A document the store holds: its metadata and its grants. */
  record Held(DocumentInfo info, DocumentGrantTable grants) {}

  /** The held document of an id, or null. */
  private final Function<String, @Nullable Held> documents;

  InMemoryGrantStore(Function<String, @Nullable Held> documents) {
    this.documents = documents;
  }

  @Override
  public Optional<String> owner(String documentId) {
    Held held = documents.apply(documentId);
    return held == null ? Optional.empty() : Optional.of(held.info().creator());
  }

  @Override
  public boolean saveGrant(Grant grant) {
    Held held = documents.apply(grant.documentId());
    return held != null && held.grants().save(grant);
  }

  @Override
  public boolean removeGrant(String documentId, String userId) {
    Held held = documents.apply(documentId);
    return held != null && held.grants().remove(userId);
  }

  @Override
  public Optional<Grant> findGrant(String documentId, String userId) {
    Held held = documents.apply(documentId);
    return held == null ? Optional.empty() : held.grants().find(userId);
  }

  @Override
  public List<Grant> grants(String documentId) {
    Held held = documents.apply(documentId);
    return held == null ? List.of() : held.grants().all();
  }
}
