package dev.collab.jpa;

import dev.collab.spi.DocumentStore;
import dev.collab.tck.DocumentStoreContractKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The JPA store on an in-memory H2 database (schema from the H2 migrations) against the store contract. */
class JpaDocumentStoreH2ContractTest extends DocumentStoreContractKit {
  private static TestDatabase database;

  @BeforeAll
  static void createDatabase() throws Exception {
    database = TestDatabase.h2();
  }

  @AfterAll
  static void dropDatabase() throws Exception {
    database.close();
  }

  @Override
  protected DocumentStore createStore() {
    database.clear();
    return new JpaDocumentStore(database.factory());
  }

  @Override
  protected DocumentStore crashAndReopen(DocumentStore crashed) {
    return new JpaDocumentStore(database.crashAndReopen());
  }
}
