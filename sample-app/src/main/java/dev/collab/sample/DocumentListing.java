package dev.collab.sample;

import dev.collab.Access;
import dev.collab.Collab;
import dev.collab.CollabException;
import dev.collab.CommittedOp;
import dev.collab.DocumentInfo;
import dev.collab.ErrorCode;
import dev.collab.User;
import dev.collab.ot.DeltaJson;
import dev.collab.ot.JsonLimits;
import dev.collab.spi.AccessPolicy;
import dev.collab.spi.DocumentStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The document list of the sample's start page: the documents a user may read whose title contains
 * a search text (ignoring case), a page at a time, each with the user's access level, its version,
 * when it was last edited and by whom, and its size.
 *
 * <p>The search runs here, on the server, since the list is paged: it walks the store's documents
 * in id order ({@link DocumentStore#list}, {@value #STORE_PAGE} at a time), skips those the user may
 * not read or whose title does not match, and stops once the page is full. The version, the last
 * edit and the size of each listed document come from Collab ({@link Collab#read} and
 * {@link Collab#history}), so listing loads those documents into the engine (it unloads idle ones).
 */
final class DocumentListing {
  /** The longest search text: a title's own bound. */
  static final int MAX_QUERY_LENGTH = DocumentInfo.MAX_TITLE_LENGTH;
  /** The most documents on one page. */
  static final int MAX_PAGE = 100;
  private static final int STORE_PAGE = 100;

  /**
   * One listed document.
   *
   * @param version its head version
   * @param characters the characters of its text (Unicode code points, line breaks and embeds not
   *     counted, as a word processor counts "characters with spaces")
   * @param bytes the UTF-8 bytes of its content's JSON: what Collab bounds a document's size by
   * @param lastEdit the op that made {@code version}; null at version 0, or when the history no
   *     longer holds it
   * @param access the listing user's access to it (read or more)
   */
  record Entry(DocumentInfo info, long version, long characters, long bytes, @Nullable CommittedOp lastEdit,
      Access access) {}

  /** A page of the list: the matching documents from the {@code offset}-th match on, at most {@code limit}. */
  record Page(String query, int offset, int limit, List<Entry> entries) {}

  private final Collab collab;
  private final DocumentStore store;
  private final AccessPolicy policy;

  DocumentListing(Collab collab, DocumentStore store, AccessPolicy policy) {
    this.collab = collab;
    this.store = store;
    this.policy = policy;
  }

  /**
   * The page of the documents {@code user} may read whose title contains {@code query}.
   *
   * @param query the search text, matched ignoring case and the spaces around it; empty matches all
   * @param offset how many matches to skip
   * @param limit how many to return, 1 to {@value #MAX_PAGE}
   * @throws IllegalArgumentException when {@code query} is longer than {@value #MAX_QUERY_LENGTH}
   *     characters, {@code offset} is negative or {@code limit} out of its range
   */
  Page page(User user, String query, int offset, int limit) {
    if (query.length() > MAX_QUERY_LENGTH) {
      throw new IllegalArgumentException("the search text is longer than " + MAX_QUERY_LENGTH + " characters");
    }
    if (offset < 0) {
      throw new IllegalArgumentException("'offset' must not be negative");
    }
    if (limit < 1 || limit > MAX_PAGE) {
      throw new IllegalArgumentException("'limit' must be 1 to " + MAX_PAGE);
    }
    String wanted = fold(query.strip());
    List<DocumentInfo> matches = new ArrayList<>();
    List<Access> levels = new ArrayList<>();
    int skipped = 0;
    for (int from = 0; matches.size() < limit; from += STORE_PAGE) {
      List<DocumentInfo> batch = store.list(from, STORE_PAGE);
      for (DocumentInfo info : batch) {
        if (matches.size() < limit && fold(info.title()).contains(wanted)) {
          Access access = policy.access(user, info.id());
          if (!access.allows(Access.READ)) {
            continue;
          }
          if (skipped < offset) {
            skipped++;
          } else {
            matches.add(info);
            levels.add(access);
          }
        }
      }
      if (batch.size() < STORE_PAGE) {
        break;
      }
    }
    List<Entry> entries = new ArrayList<>(matches.size());
    for (int i = 0; i < matches.size(); i++) {
      DocumentInfo info = matches.get(i);
      try {
        entries.add(describe(info, levels.get(i)));
      } catch (CollabException e) {
        if (e.code() != ErrorCode.UNKNOWN_DOCUMENT) {
          throw e;
        }
        // deleted since the store listed it: it is not in the list any more
      }
    }
    return new Page(query.strip(), offset, limit, entries);
  }

  private Entry describe(DocumentInfo info, Access access) {
    Collab.DocumentContent content = Awaits.await(collab.read(info.id()), "listing documents");
    CommittedOp lastEdit = null;
    if (content.version() > 0) {
      List<CommittedOp> last = Awaits.await(collab.history(info.id(), content.version() - 1, 1), "listing documents");
      lastEdit = last.isEmpty() ? null : last.get(0);
    }
    long characters = DeltaJson.decodeDocument(content.data(), JsonLimits.STORAGE).text().codePoints()
        .filter(c -> c != '\n').count();
    return new Entry(info, content.version(), characters, content.data().getBytes(StandardCharsets.UTF_8).length, lastEdit,
        access);
  }

  private static String fold(String text) {
    return text.toLowerCase(Locale.ROOT);
  }
}
