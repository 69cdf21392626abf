package dev.collab.tck;

import static dev.collab.tck.StoreFixtures.assertSameOps;
import static dev.collab.tck.StoreFixtures.document;
import static dev.collab.tck.StoreFixtures.op;
import static dev.collab.tck.StoreFixtures.ops;
import static org.assertj.core.api.Assertions.assertThat;

import dev.collab.CommittedOp;
import dev.collab.DocumentInfo;
import dev.collab.spi.AppendResult.Appended;
import dev.collab.spi.DocumentStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;

/**
 * The fixtures of {@link DocumentStoreContractKit}: the store under test, the hooks an implementer
 * overrides, and the helpers its tests share. The kit's {@code @Nested} capabilities are spread over
 * this class's subclasses, one file per group ({@link StoreKitDocuments}, {@link StoreKitConcurrency},
 * {@link StoreKitReads}, {@link StoreKitNamedVersions}, {@link StoreKitGrants}, {@link StoreKitComments},
 * {@link DocumentStoreContractKit}); JUnit finds nested classes in superclasses,
 * so an implementer still extends {@link DocumentStoreContractKit} alone. Package-private: its
 * protected members are documented as the kit's.
 */
@org.junit.jupiter.api.DisplayNameGeneration(KitDisplayNames.class)
abstract class StoreKitFixtures {

  /** Threads racing in the concurrency tests. */
  protected static final int THREADS = 8;

  /** The store under test; fresh for every test. */
  protected DocumentStore store;

  /**
   * A new, empty store. Called before every test.
   *
   * @return a store holding no documents (and no client bindings), ready for calls from several
   *     threads at once
   */
  protected abstract DocumentStore createStore();

  /**
   * Releases what {@link #createStore()} made. Called after every test; the default does nothing.
   *
   * @param store the test's store: the one {@link #createStore()} made, or the last one {@link
   *     #crashAndReopen} returned
   */
  protected void destroyStore(DocumentStore store) {}

  /**
   * Simulates a crash of the application that uses {@code crashed}, then opens the store again on
   * the same data, as the restarted application would. Called by the {@code Faults} tests while
   * other threads may still be appending to {@code crashed}: those calls may fail from then on (or,
   * for a store that outlives its callers, go on), and their acknowledgements are taken as lost.
   * A durable store closes its connections abruptly here (no clean shutdown) and returns a new
   * instance on the same database or files. The default returns {@code crashed} itself: the
   * callers crash, the store does not (an in-memory store, or one of a separate server).
   *
   * @param crashed the store to crash
   * @return a store on the same data, holding every append {@code crashed} acknowledged
   */
  protected DocumentStore crashAndReopen(DocumentStore crashed) {
    return crashed;
  }

  @BeforeEach
  void createStoreForTest() {
    store = createStore();
  }

  @AfterEach
  void destroyStoreAfterTest() {
    destroyStore(store);
  }

  /**
   * Creates {@code id} and asserts that it was new.
   *
   * @param id a document id not yet used in the test
   * @return the metadata created, as {@link StoreFixtures#document} makes it
   */
  protected DocumentInfo created(String id) {
    DocumentInfo info = document(id);
    assertThat(store.create(info)).as("create %s", id).isTrue();
    return info;
  }

  /**
   * Appends and asserts that it was appended.
   *
   * @param id the document's id
   * @param expectedHead the document's head
   * @param ops the ops to append, versions {@code expectedHead + 1, ...}
   */
  protected void appended(String id, long expectedHead, List<CommittedOp> ops) {
    assertThat(store.append(id, expectedHead, ops))
        .isEqualTo(new Appended(expectedHead + 1, expectedHead + ops.size()));
  }

  /**
   * Asserts that the document's log is exactly {@code expected}: its head and every op.
   *
   * @param id the document's id
   * @param expected the whole log, from version 1, in order
   */
  protected void assertLog(String id, List<CommittedOp> expected) {
    assertThat(store.head(id)).as("head of %s", id).isEqualTo(expected.size());
    assertSameOps(store.readOps(id, 0, Long.MAX_VALUE), expected);
  }

  /**
   * Whether {@code store} leaves an optional {@link DocumentStore} method at the SPI's default
   * (no class between the store's own and the interface declares it).
   */
  static boolean leavesDefault(DocumentStore store, String method, Class<?>... parameters) {
    try {
      return store.getClass().getMethod(method, parameters).getDeclaringClass() == DocumentStore.class;
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException("DocumentStore has no method " + method, e);
    }
  }

  /** Runs {@code task(t)} for each t in 0..THREADS-1 on a thread of its own; waits (120 s at most). */
  static void onThreads(java.util.function.IntFunction<java.util.concurrent.Callable<?>> task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        futures.add(pool.submit(task.apply(t)));
      }
      for (Future<?> future : futures) {
        future.get(120, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
