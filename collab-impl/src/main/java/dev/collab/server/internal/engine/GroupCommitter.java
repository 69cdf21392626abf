package dev.collab.server.internal.engine;

import dev.collab.CollabException;
import dev.collab.ErrorCode;
import dev.collab.spi.AppendRequest;
import dev.collab.spi.AppendResult;
import dev.collab.spi.DocumentStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Group commit across documents: the sequencers hand their appends here, and the committer
 * thread(s) write whatever has queued in one {@link DocumentStore#appendAll} call (one transaction
 * of a batching store), so that durable throughput is not one database round trip per document.
 *
 * <p><b>No idle wait.</b> A committer that is free takes the first append at once, plus whatever
 * else is queued at that moment, up to {@link EngineConfig#maxCommitBatch()} ops; appends that
 * arrive while a call runs go together into the next one. Under light load every append is its own
 * call; the batches grow with the load.
 *
 * <p><b>Bounds.</b> The queue holds at most {@link EngineConfig#maxCommitQueue()} appends; one more
 * fails at once with {@code rate-limited}. Each document has at most one append queued or in a call
 * (its sequencer waits for the result), so a call never names a document twice.
 *
 * <p>A result completes the append's future only after {@code appendAll} returned, that is after
 * the commit: the sequencer acknowledges nothing before. Thread-safe; {@link #close} is idempotent.
 *
 * <p>Only for a store that writes a batch itself ({@link #pays}): with the SPI's default
 * {@code appendAll}, one {@code append} after another, the hand-over to a committer thread costs
 * more than it saves (the in-memory store ran a third slower through it), so each sequencer then
 * appends on its own turn.
 */
final class GroupCommitter implements AutoCloseable {
  private final DocumentStore store;
  private final int maxBatchOps;
  private final EngineMetrics metrics;
  /** Appends waiting for a committer; bounded. */
  private final BlockingQueue<Pending> queue;
  private final List<Thread> threads = new ArrayList<>();
  private final AtomicBoolean closed = new AtomicBoolean();

  private record Pending(AppendRequest request, CompletableFuture<AppendResult> result) {}

  GroupCommitter(DocumentStore store, EngineConfig config, EngineMetrics metrics, ThreadFactory threadFactory) {
    this.store = store;
    this.maxBatchOps = config.maxCommitBatch();
    this.metrics = metrics;
    this.queue = new ArrayBlockingQueue<>(config.maxCommitQueue());
    for (int i = 0; i < config.committerThreads(); i++) {
      Thread thread = threadFactory.newThread(this::run);
      threads.add(thread);
      thread.start();
    }
  }

  /** True when {@code store} implements {@code appendAll} itself, so batching across documents pays. */
  static boolean pays(DocumentStore store) {
    try {
      return store.getClass().getMethod("appendAll", List.class).getDeclaringClass() != DocumentStore.class;
    } catch (NoSuchMethodException e) {
      return false;
    }
  }

  /**
   * Queues an append. The future completes with the store's result once it is durable, or
   * exceptionally: with the store's exception (outcome unknown), or with a {@link CollabException}
   * ({@code rate-limited} when the queue is full, {@code draining} when the engine stopped) when
   * nothing was written.
   */
  CompletableFuture<AppendResult> append(AppendRequest request) {
    CompletableFuture<AppendResult> result = new CompletableFuture<>();
    if (closed.get()) {
      result.completeExceptionally(new CollabException(ErrorCode.DRAINING, "the engine is closed"));
    } else if (!queue.offer(new Pending(request, result))) {
      result.completeExceptionally(new CollabException(ErrorCode.RATE_LIMITED,
          "more than " + (queue.size() + queue.remainingCapacity()) + " appends wait for the store; try again"));
    } else if (closed.get()) {
      failQueued(); // close() may have drained the queue before this offer
    }
    return result;
  }

  /** Appends waiting for a committer now (for tests and monitoring). */
  int queued() {
    return queue.size();
  }

  private void run() {
    List<Pending> batch = new ArrayList<>();
    while (!closed.get()) {
      try {
        Pending first = queue.poll(1, TimeUnit.SECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        int ops = first.request().ops().size();
        while (ops < maxBatchOps) {
          Pending next = queue.poll();
          if (next == null) {
            break;
          }
          batch.add(next);
          ops += next.request().ops().size();
        }
        commit(batch);
      } catch (InterruptedException e) {
        break;
      } catch (RuntimeException | Error e) {
        // commit() answers every append; nothing may stop the committer.
        fail(batch, e);
      } finally {
        batch.clear();
      }
    }
    failQueued();
  }

  private void commit(List<Pending> batch) {
    List<AppendRequest> requests = new ArrayList<>(batch.size());
    for (Pending pending : batch) {
      requests.add(pending.request());
    }
    List<AppendResult> results;
    long started = System.nanoTime();
    try {
      results = store.appendAll(requests);
      metrics.observer.appended(batch.size(), System.nanoTime() - started);
    } catch (IllegalArgumentException refused) {
      // The store refused one request's arguments and wrote nothing: one append each finds which.
      for (Pending pending : batch) {
        AppendRequest request = pending.request();
        try {
          pending.result().complete(store.append(request.documentId(), request.expectedHead(), request.ops()));
        } catch (RuntimeException e) {
          pending.result().completeExceptionally(e);
        }
      }
      countBatch(batch.size());
      return;
    } catch (RuntimeException e) {
      metrics.observer.storeFailed("append");
      fail(batch, e);
      return;
    }
    if (results.size() != batch.size()) {
      fail(batch, new IllegalStateException("the store's appendAll answered " + results.size()
          + " results for " + batch.size() + " requests"));
      return;
    }
    countBatch(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      batch.get(i).result().complete(results.get(i));
    }
  }

  private void countBatch(int documents) {
    metrics.commitBatches.incrementAndGet();
    metrics.commitBatchDocuments.addAndGet(documents);
  }

  private static void fail(List<Pending> batch, Throwable failure) {
    for (Pending pending : batch) {
      pending.result().completeExceptionally(failure);
    }
  }

  private void failQueued() {
    List<Pending> left = new ArrayList<>();
    queue.drainTo(left);
    fail(left, new CollabException(ErrorCode.DRAINING, "the engine is closed"));
  }

  /**
   * Stops taking appends; the queued ones fail with {@code draining} (nothing of them was written),
   * a call in progress finishes (waited for up to {@code waitMillis}).
   */
  void close(long waitMillis) {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    failQueued();
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
    for (Thread thread : threads) {
      try {
        thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  @Override
  public void close() {
    close(10_000);
  }

  /** Stops at once (a simulated crash): the threads are interrupted, nothing is waited for. */
  void crash() {
    closed.set(true);
    threads.forEach(Thread::interrupt);
    failQueued();
  }
}
