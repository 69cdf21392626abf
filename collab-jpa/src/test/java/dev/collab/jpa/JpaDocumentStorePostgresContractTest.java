package dev.collab.jpa;

import dev.collab.spi.DocumentStore;
import dev.collab.tck.DocumentStoreContractKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The JPA store on a PostgreSQL database of its own (schema from the PostgreSQL migrations) against the store contract. */
class JpaDocumentStorePostgresContractTest extends DocumentStoreContractKit {
  private static TestDatabase database;

  @BeforeAll
  static void createDatabase() throws Exception {
    database = TestDatabase.postgres();
  }

  @AfterAll
  static void dropDatabase() throws Exception {
    if (database != null) {
      database.close();
    }
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
