package dev.collab;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What changed between two versions of a rich-text document: the text of version {@code to} with
 * the text of version {@code from} that it no longer has, cut into parts that are unchanged,
 * inserted, deleted or re-formatted, each changed part with its author where the history knows it.
 * Reading the parts in order, skipping {@link Kind#DELETED} ones, gives version {@code to}; skipping
 * {@link Kind#INSERTED} ones gives version {@code from}.
 *
 * @param documentId the document's id
 * @param from the older version compared
 * @param to the newer version compared
 * @param diff the rich-text Delta that turns version {@code from} into version {@code to}, as JSON
 *     text (a Delta's {@code ops} array)
 * @param parts the parts in document order
 * @param authorsKnown false when ops between the versions are no longer kept (pruned), so that
 *     changes carry no author
 */
public record VersionComparison(
    String documentId, long from, long to, String diff, List<Part> parts, boolean authorsKnown) {

  /**
   * Checks and copies the components.
   *
   * @param documentId the document's id
   * @param from the older version compared
   * @param to the newer version compared
   * @param diff the Delta from {@code from} to {@code to}, as JSON text
   * @param parts the parts in document order
   * @param authorsKnown whether the ops between the versions were all kept
   */
  public VersionComparison {
    Objects.requireNonNull(documentId, "documentId");
    Objects.requireNonNull(diff, "diff");
    parts = List.copyOf(parts);
  }

  /** What happened to a part between the two versions. */
  public enum Kind {
    /** In both versions, with the same formats. */
    UNCHANGED,
    /** Only in the newer version. */
    INSERTED,
    /** Only in the older version. */
    DELETED,
    /** In both versions, with other formats in the newer one. */
    FORMATTED
  }

  /**
   * One part of the comparison.
   *
   * @param kind what happened to it
   * @param text its text; an embed (an image, a formula) stands as U+FFFC
   * @param attributes its formats as JSON text (an object; {@code {}} for none): in the newer
   *     version, except for a deleted part (in the older one)
   * @param changedFormats for a re-formatted part, the format changes as JSON text (a removed format
   *     is {@code null}); else {@code {}}
   * @param author who made the change, or null for an unchanged part or when the history does not
   *     tell
   */
  public record Part(Kind kind, String text, String attributes, String changedFormats, @Nullable Author author) {
    /**
     * Checks the components.
     *
     * @param kind what happened to it
     * @param text its text
     * @param attributes its formats as JSON text
     * @param changedFormats the format changes as JSON text
     * @param author who made the change, or null
     */
    public Part {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(text, "text");
      Objects.requireNonNull(attributes, "attributes");
      Objects.requireNonNull(changedFormats, "changedFormats");
    }
  }

  /**
   * The user who made a change, as the op log recorded them.
   *
   * @param id the user's id
   * @param name the user's display name when they made the change
   */
  public record Author(String id, String name) {
    /**
     * Checks the components.
     *
     * @param id the user's id
     * @param name the display name
     */
    public Author {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(name, "name");
    }
  }

  /**
   * The authors of the changes, each once, in the order they first appear.
   *
   * @return the authors, by id
   */
  public Map<String, Author> authors() {
    Map<String, Author> authors = new java.util.LinkedHashMap<>();
    for (Part part : parts) {
      if (part.author() != null) {
        authors.putIfAbsent(part.author().id(), part.author());
      }
    }
    return java.util.Collections.unmodifiableMap(authors);
  }
}
