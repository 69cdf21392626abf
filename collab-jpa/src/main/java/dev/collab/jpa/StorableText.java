package dev.collab.jpa;

import dev.collab.CommittedOp;
import dev.collab.spi.DocumentStore;
import java.util.List;

/**
 * The store's argument checks beyond the SPI's: the column limits and the text a UTF-8 database
 * cannot keep exactly. Run before anything is written. Pure, no state.
 */
final class StorableText {

  /** The width of {@code collab_op.user_name} in the shipped migrations. */
  private static final int MAX_USER_NAME = 256;

  private StorableText() {}

  /** The shared argument checks of {@link DocumentStore#append}, plus this store's column limits. */
  static void requireConsecutive(String documentId, long expectedHead, List<CommittedOp> ops) {
    DocumentStore.requireConsecutive(documentId, expectedHead, ops);
    for (int i = 0; i < ops.size(); i++) {
      if (ops.get(i).userName().length() > MAX_USER_NAME) {
        throw new IllegalArgumentException("user name of op " + i + " longer than 256 characters");
      }
    }
  }

  /** {@link #requireStorable} on the op text and the user name of each of {@code ops}. */
  static void requireStorableOps(List<CommittedOp> ops) {
    for (CommittedOp op : ops) {
      requireStorable("op of version " + op.version(), op.op());
      requireStorable("user name of version " + op.version(), op.userName());
    }
  }

  /**
   * Refuses text a UTF-8 database cannot keep exactly: a lone surrogate (the JDBC driver would
   * write '?') or U+0000 (PostgreSQL rejects it). JSON text escapes both, so a well-formed op never
   * has one raw; Java strings may.
   */
  static void requireStorable(String what, String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == 0) {
        throw new IllegalArgumentException(what + " contains U+0000 at index " + i + "; the store keeps text exactly and cannot keep it");
      }
      if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
          i++;
        } else {
          throw new IllegalArgumentException(
              what + " contains a lone surrogate at index " + i + "; the store keeps text exactly and cannot keep it in UTF-8");
        }
      }
    }
  }
}
