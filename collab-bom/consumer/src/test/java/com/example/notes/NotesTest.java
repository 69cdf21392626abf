package com.example.notes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.collab.ot.Delta;
import dev.collab.ot.DeltaJson;
import org.junit.jupiter.api.Test;

/**
 * The consumer sees Collab's API at compile time and its implementation at run time, every
 * artifact at the BOM's version, with no Collab version written in its POM.
 */
class NotesTest {
  @Test
  void theApiComposesEdits() {
    Delta note = Delta.ofText("second\n").compose(Notes.insertion("first"));
    assertEquals("first\nsecond\n", note.text());
    assertEquals(note, DeltaJson.decode(DeltaJson.encode(note)));
  }

  @Test
  void theImplementationAndTheStoreAreOnTheRuntimeClassPath() throws Exception {
    assertNotNull(Class.forName("dev.collab.server.CollabOrigins"));
    assertNotNull(Class.forName("dev.collab.jpa.JpaDocumentStore"));
  }
}
