package com.example.notes;

import dev.collab.Collab;
import dev.collab.CommittedOp;
import dev.collab.User;
import dev.collab.ot.Delta;
import dev.collab.ot.DeltaJson;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/** An application bean that appends a line to a shared note, as a team using Collab would write it. */
@ApplicationScoped
public class Notes {
  private final Collab collab;

  @Inject
  public Notes(Collab collab) {
    this.collab = collab;
  }

  /** Inserts {@code line} at the start of the note {@code documentId} as {@code author}. */
  public CompletionStage<CommittedOp> prepend(String documentId, String author, String line) {
    return collab.edit(documentId, new User(author, author, Set.of()), DeltaJson.encode(insertion(line)));
  }

  static Delta insertion(String line) {
    return Delta.builder().insert(line + "\n").build();
  }
}
