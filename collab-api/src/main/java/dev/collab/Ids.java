package dev.collab;

/**
 * The fixed alphabets of identifiers (protocol "Versions and identities"), so that ids are safe in
 * SQL, Redis channel names, JMS selectors, logs, HTML and URL paths. Each check throws
 * {@link IllegalArgumentException} naming the id and the rule.
 */
public final class Ids {

  private Ids() {}

  // Checked on every committed op, so by a loop rather than a regular expression. Principal names
  // come from the container (often e-mail addresses), so the user alphabet is wider, but still
  // free of quotes, spaces, angle brackets and control characters.
  /**
   * Whether a string is a document id as {@link #requireDocumentId} accepts it.
   *
   * @param id the string to test; may be null
   * @return true for letters, digits, {@code - _ .}, 1 to 128 characters, not only dots; false for
   *     anything else, null included
   */
  public static boolean isDocumentId(String id) {
    return hasDocumentIdAlphabet(id) && !onlyDots(id);
  }

  /**
   * The alphabet and length of a document id, without the rule on dots: for values read back from a
   * store ({@link DocumentInfo}, {@link CommittedOp}), where a document created before that rule
   * must still load (and list) rather than fail every listing it is on.
   */
  static boolean hasDocumentIdAlphabet(String id) {
    return matches(id, 128, "._-");
  }

  // A document id is a path segment of the REST URLs ({context}/collab/api/documents/{id}). Of the
  // segments the alphabet allows, only those made of dots are not safe: "." and ".." are removed by
  // URL normalisation (browsers never send them, a raw request reaches another resource or the
  // document, depending on the server), and servers refuse or rewrite others ("..." on Payara).
  // Every other character of the alphabet is unreserved in RFC 3986, so no id needs escaping.
  private static boolean onlyDots(String id) {
    for (int i = 0; i < id.length(); i++) {
      if (id.charAt(i) != '.') {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether a string is a client id as {@link #requireClientId} accepts it.
   *
   * @param id the string to test; may be null
   * @return true for letters, digits, {@code - _}, 1 to 64 characters; false otherwise, null included
   */
  public static boolean isClientId(String id) {
    return matches(id, 64, "_-");
  }

  /**
   * Whether a string is a user id as {@link #requireUserId} accepts it.
   *
   * @param id the string to test; may be null
   * @return true for letters, digits, {@code . _ @ + -}, 1 to 128 characters; false otherwise, null
   *     included
   */
  public static boolean isUserId(String id) {
    return matches(id, 128, "._@+-");
  }

  private static boolean matches(String id, int maxLength, String punctuation) {
    if (id == null || id.isEmpty() || id.length() > maxLength) {
      return false;
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      boolean alphanumeric = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
      if (!alphanumeric && punctuation.indexOf(c) < 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * Document ids: letters, digits, {@code - _ .}; 1 to 128 characters; not made only of dots (so
   * that an id is a path segment that URLs keep as it is).
   *
   * @param id the id to check
   * @return {@code id}, unchanged
   * @throws IllegalArgumentException naming the id and the rule it breaks, also for null
   */
  public static String requireDocumentId(String id) {
    requireDocumentIdAlphabet(id);
    if (onlyDots(id)) {
      throw new IllegalArgumentException(
          "document id " + quote(id) + " is made only of dots, which URLs remove or servers refuse");
    }
    return id;
  }

  /** {@link #requireDocumentId} without the rule on dots: see {@link #hasDocumentIdAlphabet}. */
  static String requireDocumentIdAlphabet(String id) {
    if (!hasDocumentIdAlphabet(id)) {
      throw new IllegalArgumentException(
          "document id " + quote(id) + " must be 1 to 128 of letters, digits, '-', '_', '.'");
    }
    return id;
  }

  /**
   * Client ids: letters, digits, {@code - _}; 1 to 64 characters.
   *
   * @param id the id to check
   * @return {@code id}, unchanged
   * @throws IllegalArgumentException naming the id and the rule, also for null
   */
  public static String requireClientId(String id) {
    if (!isClientId(id)) {
      throw new IllegalArgumentException(
          "client id " + quote(id) + " must be 1 to 64 of letters, digits, '-', '_'");
    }
    return id;
  }

  /**
   * User ids: letters, digits, {@code . _ @ + -}; 1 to 128 characters.
   *
   * @param id the id to check
   * @return {@code id}, unchanged
   * @throws IllegalArgumentException naming the id and the rule, also for null
   */
  public static String requireUserId(String id) {
    if (!isUserId(id)) {
      throw new IllegalArgumentException(
          "user id " + quote(id) + " must be 1 to 128 of letters, digits, '.', '_', '@', '+', '-'");
    }
    return id;
  }

  private static String quote(String id) {
    if (id == null) {
      return "null";
    }
    String shown = id.length() > 40 ? id.substring(0, 40) + "..." : id;
    return "'" + shown.replaceAll("[^\\x20-\\x7e]", "?") + "'";
  }
}
