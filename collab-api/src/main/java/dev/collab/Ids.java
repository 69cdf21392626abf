package dev.collab;

import java.util.regex.Pattern;

/**
 * The fixed alphabets of identifiers (protocol "Versions and identities"), so that ids are safe in
 * SQL, Redis channel names, JMS selectors, logs and HTML. Each check throws
 * {@link IllegalArgumentException} naming the id and the rule.
 */
public final class Ids {
  private static final Pattern DOCUMENT = Pattern.compile("[A-Za-z0-9._-]{1,128}");
  private static final Pattern CLIENT = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  // Principal names come from the container (often e-mail addresses), so the alphabet is wider,
  // but still free of quotes, spaces, angle brackets and control characters.
  private static final Pattern USER = Pattern.compile("[A-Za-z0-9._@+-]{1,128}");

  private Ids() {}

  public static boolean isDocumentId(String id) {
    return id != null && DOCUMENT.matcher(id).matches();
  }

  public static boolean isClientId(String id) {
    return id != null && CLIENT.matcher(id).matches();
  }

  public static boolean isUserId(String id) {
    return id != null && USER.matcher(id).matches();
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
