package dev.collab.jpa;

import static dev.collab.jpa.KeyViolations.isKeyViolation;

import dev.collab.CommittedOp;
import dev.collab.jpa.internal.OpEntity;
import dev.collab.spi.AppendRequest;
import dev.collab.spi.AppendResult;
import dev.collab.spi.DocumentStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The op log's conditional appends, of one document ({@link #append}) and of many in one
 * transaction ({@link #appendAll}): see {@link JpaDocumentStore}'s class comment for why the
 * primary key makes them a compare-and-set. Thread-safe.
 */
final class OpLogAppends {

  /** Named as the store, so that one logger level covers all of it. */
  private static final System.Logger LOG = System.getLogger(JpaDocumentStore.class.getName());

  private final JpaTransactions transactions;
  private final OpLogReads reads;

  OpLogAppends(JpaTransactions transactions, OpLogReads reads) {
    this.transactions = transactions;
    this.reads = reads;
  }

  AppendResult append(String documentId, long expectedHead, List<CommittedOp> ops) {
    StorableText.requireConsecutive(documentId, expectedHead, ops);
    StorableText.requireStorableOps(ops);
    try {
      return transactions.inTransaction(em -> {
        // Existence and head in one round trip.
        Long head = OpLogReads.heads(em, List.of(documentId)).get(documentId);
        if (head == null) {
          return new AppendResult.NoSuchDocument();
        }
        if (head != expectedHead) {
          // Also guards against a gap: an expected head beyond the log never inserts.
          return new AppendResult.Conflict(head);
        }
        for (CommittedOp op : ops) {
          em.persist(OpEntity.of(op));
        }
        em.flush();
        return new AppendResult.Appended(expectedHead + 1, expectedHead + ops.size());
      });
    } catch (RuntimeException e) {
      if (!isKeyViolation(e)) {
        throw e; // database down, or unknown outcome of the commit: the engine's findOp sorts it out
      }
      // Someone else committed this version (or this (client, seq)), or deleted the document
      // (foreign key). Nothing of ours was written; report what is there now.
      long head = reads.head(documentId);
      LOG.log(System.Logger.Level.DEBUG, "collab: JPA store: append to document " + documentId + " at head "
          + expectedHead + " conflicted (head now " + head + ")", e);
      return head < 0 ? new AppendResult.NoSuchDocument() : new AppendResult.Conflict(head);
    }
  }

  /** See {@link JpaDocumentStore#appendAll}. */
  List<AppendResult> appendAll(List<AppendRequest> requests) {
    DocumentStore.requireDistinct(requests);
    for (int i = 0; i < requests.size(); i++) {
      AppendRequest request = requests.get(i);
      try {
        StorableText.requireConsecutive(request.documentId(), request.expectedHead(), request.ops());
        StorableText.requireStorableOps(request.ops());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("request " + i + " (document " + request.documentId() + "): " + e.getMessage(), e);
      }
    }
    if (requests.size() == 1) {
      AppendRequest only = requests.get(0);
      return List.of(append(only.documentId(), only.expectedHead(), only.ops()));
    }
    try {
      return transactions.inTransaction(em -> {
        Map<String, Long> heads = OpLogReads.heads(em, requests.stream().map(AppendRequest::documentId).toList());
        AppendResult[] results = new AppendResult[requests.size()];
        // Inserts in document id order: two batches racing for the same documents then take the
        // rows' locks in the same order and cannot deadlock (one waits, then gets a key violation).
        Integer[] order = new Integer[requests.size()];
        for (int i = 0; i < order.length; i++) {
          order[i] = i;
        }
        Arrays.sort(order, Comparator.comparing(i -> requests.get(i).documentId()));
        for (int i : order) {
          AppendRequest request = requests.get(i);
          Long head = heads.get(request.documentId());
          if (head == null) {
            results[i] = new AppendResult.NoSuchDocument();
          } else if (head != request.expectedHead()) {
            results[i] = new AppendResult.Conflict(head);
          } else {
            for (CommittedOp op : request.ops()) {
              em.persist(OpEntity.of(op));
            }
            results[i] = new AppendResult.Appended(request.expectedHead() + 1, request.expectedHead() + request.ops().size());
          }
        }
        em.flush();
        return List.of(results);
      });
    } catch (RuntimeException e) {
      if (!isKeyViolation(e)) {
        throw e; // database down, or unknown outcome of the commit: the engine's findOp sorts it out
      }
      // One of the documents conflicted; nothing of the batch was written. One transaction each
      // finds out which (rare: it takes a race with another node or a resubmission).
      LOG.log(System.Logger.Level.DEBUG, "collab: JPA store: a group commit of " + requests.size()
          + " documents conflicted; appending them one by one", e);
      List<AppendResult> results = new ArrayList<>(requests.size());
      for (AppendRequest request : requests) {
        results.add(append(request.documentId(), request.expectedHead(), request.ops()));
      }
      return results;
    }
  }
}
