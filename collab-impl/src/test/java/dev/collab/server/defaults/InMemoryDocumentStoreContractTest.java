package dev.collab.server.defaults;

import dev.collab.spi.DocumentStore;
import dev.collab.tck.DocumentStoreContractKit;

/** The in-memory store against the TCK's store contract. */
class InMemoryDocumentStoreContractTest extends DocumentStoreContractKit {

  @Override
  protected DocumentStore createStore() {
    return new InMemoryDocumentStore();
  }
}
