package dev.collab.jpa;

import static dev.collab.jpa.KeyViolations.isKeyViolation;

import dev.collab.comments.Anchor;
import dev.collab.comments.CommentThread;
import dev.collab.internal.json.BoundedJson;
import dev.collab.jpa.internal.DocumentEntity;
import dev.collab.ot.JsonLimits;
import dev.collab.protocol.CommentJson;
import dev.collab.spi.CommentStore;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Query;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.sql.Clob;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import org.jspecify.annotations.Nullable;

/**
 * Comment threads: one row of {@code collab_comment_thread} per thread (schema version 5), written
 * by native statements, no entity, so persistence units need not list a new class. The comments
 * are one JSON text ({@link CommentJson#comments}, lone surrogates escaped so that a UTF-8 database
 * keeps them exactly); the anchor and the state are columns.
 *
 * <p><b>Compare-and-set.</b> Revision 1 is an {@code INSERT}: the primary key (document, thread)
 * refuses a second one, which is a {@link SaveResult#CONFLICT}. A later revision is one {@code
 * UPDATE ... WHERE revision = r - 1}: the database locks the row, so of two writers of one revision
 * only one updates a row; no row updated is a conflict, or {@link SaveResult#NO_DOCUMENT} when the
 * document is gone.
 *
 * <p><b>The document.</b> The insert holds a share lock on the document's row ({@link
 * LockModeType#PESSIMISTIC_READ}), which the document's deletion takes exclusively before it
 * deletes the threads: so a thread is never written for a document that does not exist, also when
 * it races the deletion (the foreign key to {@code collab_document} is the backstop; H2 checks it
 * without a lock). Threads of one document being opened at once do not wait for each other on
 * PostgreSQL ({@code FOR SHARE}); on H2 they take turns. Thread-safe.
 */
final class CommentThreads implements CommentStore {

  /** Named as the store, so that one logger level covers all of it. */
  private static final System.Logger LOG = System.getLogger(JpaDocumentStore.class.getName());

  private static final String COLUMNS = "document_id, thread_id, revision, anchor_index, anchor_length, anchor_version,"
      + " detached, resolved, resolved_by, resolved_at, comments";

  private final JpaTransactions transactions;

  CommentThreads(JpaTransactions transactions) {
    this.transactions = transactions;
  }

  @Override
  public List<CommentThread> threads(String documentId) {
    return select(documentId, " order by opened_seq", null);
  }

  @Override
  public Optional<CommentThread> thread(String documentId, String threadId) {
    return select(documentId, " and thread_id = ?2", threadId).stream().findFirst();
  }

  @Override
  public SaveResult save(CommentThread thread) {
    Map<String, @Nullable Object> values = values(thread);
    if (thread.revision() > 1) {
      return transactions.inTransaction(em -> {
        List<Object> parameters = new ArrayList<>();
        StringJoiner set = new StringJoiner(", ");
        values.forEach((column, value) -> set.add(column + " = " + placeholder(parameters, value)));
        String sql = "update collab_comment_thread set " + set
            + " where document_id = " + placeholder(parameters, thread.documentId())
            + " and thread_id = " + placeholder(parameters, thread.id())
            + " and revision = " + placeholder(parameters, thread.revision() - 1);
        if (bind(em.createNativeQuery(sql), parameters).executeUpdate() == 1) {
          return SaveResult.SAVED;
        }
        return documentExists(em, thread.documentId()) ? SaveResult.CONFLICT : SaveResult.NO_DOCUMENT;
      });
    }
    try {
      return transactions.inTransaction(em -> {
        // A share lock on the document's row until the commit: a concurrent deletion of the
        // document (which locks the row first, Documents.delete) either waits for this insert and
        // then deletes the thread, or has deleted the row and this finds none. The foreign key
        // alone does not suffice on every database (H2 checks it without a lock).
        if (em.find(DocumentEntity.class, thread.documentId(), LockModeType.PESSIMISTIC_READ) == null) {
          return SaveResult.NO_DOCUMENT;
        }
        List<Object> parameters = new ArrayList<>();
        StringJoiner placeholders = new StringJoiner(", ");
        placeholders.add(placeholder(parameters, thread.documentId())).add(placeholder(parameters, thread.id()));
        values.values().forEach(value -> placeholders.add(placeholder(parameters, value)));
        bind(em.createNativeQuery("insert into collab_comment_thread (document_id, thread_id, "
            + String.join(", ", values.keySet()) + ") values (" + placeholders + ")"), parameters).executeUpdate();
        return SaveResult.SAVED;
      });
    } catch (RuntimeException e) {
      if (!isKeyViolation(e)) {
        throw e;
      }
      // The primary key: the thread was opened already (by a concurrent writer, or a retry); or the
      // foreign key: the document was deleted after the check. A fresh read tells which.
      SaveResult result = transactions.inTransaction(em -> documentExists(em, thread.documentId()))
          ? SaveResult.CONFLICT : SaveResult.NO_DOCUMENT;
      LOG.log(System.Logger.Level.DEBUG, "collab: JPA store: revision 1 of thread " + thread.id() + " of document "
          + thread.documentId() + " was refused by a key; this save reports " + result, e);
      return result;
    }
  }

  /**
   * The columns a save writes besides the key, with their values; null for a column to set to
   * SQL {@code null} (written as the literal: an untyped null parameter is bound as a type some
   * drivers refuse for the column).
   */
  private static Map<String, @Nullable Object> values(CommentThread thread) {
    Anchor anchor = thread.anchor();
    Map<String, @Nullable Object> values = new LinkedHashMap<>();
    values.put("revision", thread.revision());
    values.put("anchor_index", anchor.index());
    values.put("anchor_length", anchor.length());
    values.put("anchor_version", anchor.version());
    values.put("detached", anchor.detached());
    values.put("resolved", thread.resolved());
    values.put("resolved_by", thread.resolvedBy());
    values.put("resolved_at", thread.resolvedAt() == null ? null : Timestamp.from(thread.resolvedAt()));
    values.put("comments", BoundedJson.escapeLoneSurrogates(CommentJson.comments(thread.comments()).toString()));
    return values;
  }

  /** {@code null} for a null value; else the next ordinal parameter, whose value is added to {@code parameters}. */
  private static String placeholder(List<Object> parameters, @Nullable Object value) {
    if (value == null) {
      return "null";
    }
    parameters.add(value);
    return "?" + parameters.size();
  }

  private static Query bind(Query query, List<Object> parameters) {
    for (int i = 0; i < parameters.size(); i++) {
      query.setParameter(i + 1, parameters.get(i));
    }
    return query;
  }

  @Override
  public boolean delete(String documentId, String threadId, long revision) {
    return transactions.inTransaction(em -> em.createNativeQuery(
            "delete from collab_comment_thread where document_id = ?1 and thread_id = ?2 and revision = ?3")
        .setParameter(1, documentId).setParameter(2, threadId).setParameter(3, revision).executeUpdate() > 0);
  }

  /** One {@code COUNT} on the primary key's leading column. */
  @Override
  public int count(String documentId) {
    return transactions.inTransaction(em -> ((Number) em.createNativeQuery(
            "select count(*) from collab_comment_thread where document_id = ?1")
        .setParameter(1, documentId).getSingleResult()).intValue());
  }

  private static boolean documentExists(EntityManager em, String documentId) {
    return !em.createNativeQuery("select 1 from collab_document where id = ?1")
        .setParameter(1, documentId).getResultList().isEmpty();
  }

  private List<CommentThread> select(String documentId, String rest, @Nullable String threadId) {
    return transactions.inTransaction(em -> {
      Query query = em.createNativeQuery("select " + COLUMNS + " from collab_comment_thread where document_id = ?1" + rest)
          .setParameter(1, documentId);
      if (threadId != null) {
        query.setParameter(2, threadId);
      }
      @SuppressWarnings("unchecked")
      List<Object[]> rows = query.getResultList();
      // Decoded inside the transaction: a CLOB can be read only while its connection is open.
      return rows.stream().map(CommentThreads::thread).toList();
    });
  }

  private static CommentThread thread(Object[] row) {
    boolean resolved = bool(row[7]);
    return new CommentThread((String) row[0], (String) row[1],
        new Anchor(((Number) row[3]).intValue(), ((Number) row[4]).intValue(), ((Number) row[5]).longValue(), bool(row[6])),
        CommentJson.decodeComments(BoundedJson.read(text(row[10]), JsonLimits.STORAGE).asJsonArray()),
        resolved, resolved ? (String) row[8] : null, resolved ? NamedVersions.instant(row[9]) : null,
        ((Number) row[2]).longValue());
  }

  private static boolean bool(Object value) {
    return value instanceof Boolean b ? b : ((Number) value).intValue() != 0;
  }

  /** A {@code CHARACTER LARGE OBJECT} or {@code TEXT} column as the driver returns it (a String or a Clob). */
  private static String text(Object value) {
    if (value instanceof String s) {
      return s;
    }
    if (value instanceof Clob clob) {
      try (Reader reader = clob.getCharacterStream()) {
        StringBuilder out = new StringBuilder();
        char[] buffer = new char[8192];
        for (int n; (n = reader.read(buffer)) > 0; ) {
          out.append(buffer, 0, n);
        }
        return out.toString();
      } catch (SQLException e) {
        throw new IllegalStateException("collab_comment_thread.comments could not be read", e);
      } catch (IOException e) {
        throw new UncheckedIOException("collab_comment_thread.comments could not be read", e);
      }
    }
    throw new IllegalStateException("collab_comment_thread.comments read as " + value.getClass().getName());
  }
}
