package dev.collab;

/**
 * The fixed alphabets of identifiers (protocol "Versions and identities"), so that ids are safe in
 * SQL, Redis channel names, JMS selectors, logs and HTML. Each check throws
 * {@link IllegalArgumentException} naming the id and the rule.
 */
public final class Ids {

  private Ids() {}

  // Checked on every committed op, so by a loop rather than a regular expression. Principal names
  // come from the container (often e-mail addresses), so the user alphabet is wider, but still
  // free of quotes, spaces, angle brackets and control characters.
  public static boolean isDocumentId(String id) {
    return matches(id, 128, "._-");
  }

  public static boolean isClientId(String id) {
    return matches(id, 64, "_-");
  }

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

  /** Document ids: letters, digits, {@code - _ .}; 1 to 128 characters. */
  public static String requireDocumentId(String id) {
    if (!isDocumentId(id)) {
      throw new IllegalArgumentException(
          "document id " + quote(id) + " must be 1 to 128 of letters, digits, '-', '_', '.'");
    }
    return id;
  }

  /** Client ids: letters, digits, {@code - _}; 1 to 64 characters. */
  public static String requireClientId(String id) {
    if (!isClientId(id)) {
      throw new IllegalArgumentException(
          "client id " + quote(id) + " must be 1 to 64 of letters, digits, '-', '_'");
    }
    return id;
  }

  /** User ids: letters, digits, {@code . _ @ + -}; 1 to 128 characters. */
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
